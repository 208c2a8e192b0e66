package plots

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/ecgbench/ecgbench/results"
)

// LatencyFigures returns, per index config, the reference's three latency
// figures with recall beside each (a latency panel: p50 solid, p99 dashed,
// log scale; a recall panel), one series per strategy, exact search
// included for reference:
//   - latency vs N (log axis), one figure per k;
//   - latency vs the number of selected groups at the config's largest N,
//     one figure per k;
//   - latency vs k at the config's largest N.
//
// Each point pools the raw per-query latencies and recalls of every
// workload (group set, and for the last two figures size or k) at that x,
// each workload taken at its operating point (see OperatingPoint). A
// figure is made only when its x takes at least two values.
func LatencyFigures(recs []results.Record) []Figure {
	lat := latencyRecords(recs)
	var indexes []string
	maxN := map[string]int{}
	sizes := map[string]map[int]bool{}
	for _, r := range lat {
		if r.Index == "" {
			continue
		}
		if sizes[r.Index] == nil {
			indexes = append(indexes, r.Index)
			sizes[r.Index] = map[int]bool{}
		}
		sizes[r.Index][r.N] = true
		maxN[r.Index] = max(maxN[r.Index], r.N)
	}
	slices.Sort(indexes)
	ks := distinct(lat, func(r results.Record) float64 { return float64(r.K) })

	var figs []Figure
	for _, idx := range indexes {
		// The config's records and the exact ones at the sizes it ran.
		inScope := func(r results.Record) bool {
			return (r.Index == idx || r.Strategy == "exact") && sizes[idx][r.N]
		}
		for _, k := range ks {
			f := Figure{
				Name:  fmt.Sprintf("latency-n-%s-k%d", slug(idx), int(k)),
				Kind:  KindLatencyN,
				Title: fmt.Sprintf("Latency and recall vs N — %s, k = %d", idx, int(k)),
				Caption: fmt.Sprintf("Single-thread latency per query (p50 solid, p99 dashed) and mean recall@%d against the number of ECGs indexed, "+
					"per strategy with index config %s (exact search for reference). %s", int(k), idx, poolingNote("group set")),
			}
			scope := func(r results.Record) bool { return inScope(r) && r.K == int(k) }
			nx := func(r results.Record) float64 { return float64(r.N) }
			if f, ok := latencyFigure(f, filter(lat, scope), filter(recs, scope), nx,
				Axis{Label: "N (ECGs indexed)", Log: true}, func(x float64) string { return "N = " + count(int(x)) }, recallAt(int(k))); ok {
				figs = append(figs, f)
			}
		}
		for _, k := range ks {
			f := Figure{
				Name:  fmt.Sprintf("latency-groups-%s-n%d-k%d", slug(idx), maxN[idx], int(k)),
				Kind:  KindLatencyGroups,
				Title: fmt.Sprintf("Latency and recall vs selected groups — %s, N = %s, k = %d", idx, count(maxN[idx]), int(k)),
				Caption: fmt.Sprintf("Single-thread latency per query (p50 solid, p99 dashed) and mean recall@%d against the number of feature groups "+
					"a query selects, per strategy with index config %s (exact search for reference). %s", int(k), idx, poolingNote("group set with that many groups")),
			}
			scope := func(r results.Record) bool { return inScope(r) && r.K == int(k) && r.N == maxN[idx] }
			gx := func(r results.Record) float64 { return float64(len(r.Groups)) }
			if f, ok := latencyFigure(f, filter(lat, scope), filter(recs, scope), gx,
				Axis{Label: "groups selected"}, func(x float64) string { return fmt.Sprintf("%d groups", int(x)) }, recallAt(int(k))); ok {
				figs = append(figs, f)
			}
		}
		f := Figure{
			Name:  fmt.Sprintf("latency-k-%s-n%d", slug(idx), maxN[idx]),
			Kind:  KindLatencyK,
			Title: fmt.Sprintf("Latency and recall vs k — %s, N = %s", idx, count(maxN[idx])),
			Caption: fmt.Sprintf("Single-thread latency per query (p50 solid, p99 dashed) and mean recall@k against k, per strategy with index config %s "+
				"(exact search for reference). %s", idx, poolingNote("group set")),
		}
		scope := func(r results.Record) bool { return inScope(r) && r.N == maxN[idx] }
		kx := func(r results.Record) float64 { return float64(r.K) }
		if f, ok := latencyFigure(f, filter(lat, scope), filter(recs, scope), kx,
			Axis{Label: "k (answers per query)", Log: true}, func(x float64) string { return "k = " + strconv.Itoa(int(x)) }, "recall@k (mean over queries)"); ok {
			figs = append(figs, f)
		}
	}
	return figs
}

func recallAt(k int) string { return fmt.Sprintf("recall@%d (mean over queries)", k) }

func poolingNote(over string) string {
	return fmt.Sprintf("Each point pools the queries of every %s, each at its operating point: the fastest swept setting (by p50) "+
		"whose mean recall reaches %.2f, else the most accurate one.", over, OperatingRecall)
}

// latencyFigure fills f with the latency and recall panels of the records
// lat (finished, in scope) against x; all (every record in scope, failed
// ones included) tells which workloads each point should pool. It reports
// false when x takes fewer than two values.
func latencyFigure(f Figure, lat, all []results.Record, x func(results.Record) float64, xAxis Axis, xName func(float64) string, recallLabel string) (Figure, bool) {
	xs := distinct(lat, x)
	if len(xs) < 2 {
		return f, false
	}
	xAxis.Ticks = xs
	type wkey struct {
		n, k   int
		groups string
	}
	wkeyOf := func(r results.Record) wkey { return wkey{r.N, r.K, GroupsLabel(r)} }
	expected := map[float64]map[wkey]bool{}
	for _, r := range all {
		if expected[x(r)] == nil {
			expected[x(r)] = map[wkey]bool{}
		}
		expected[x(r)][wkeyOf(r)] = true
	}

	labels, bySeries := groupBy(lat, StrategyLabel)
	seriesOrder(labels)
	left := Panel{Title: "latency (p50 solid, p99 dashed)", X: xAxis, Y: Axis{Label: "latency per query (ms)", Log: true}}
	right := Panel{Title: "recall", X: xAxis}
	var recalls []float64
	for _, label := range labels {
		color := strategyKey(bySeries[label][0])
		p50 := Series{Name: label, Color: color, Mark: LinePoints}
		p99 := Series{Name: label + " p99", Color: color, Mark: Line, Dashed: true}
		rec := Series{Name: label, Color: color, Mark: LinePoints}
		xvals, byX := groupBy(bySeries[label], x)
		slices.Sort(xvals)
		for _, xv := range xvals {
			wks, sweeps := groupBy(byX[xv], wkeyOf)
			picked := make([]results.Record, len(wks))
			for i, w := range wks {
				picked[i] = OperatingPoint(sweeps[w])
			}
			if len(wks) < len(expected[xv]) {
				f.Notes = append(f.Notes, fmt.Sprintf("%s at %s pools %d of %d workloads (the others failed or were not run).",
					label, xName(xv), len(wks), len(expected[xv])))
			}
			p := pooled(picked)
			p50.X, p50.Y = append(p50.X, xv), append(p50.Y, p.p50Ms)
			p99.X, p99.Y = append(p99.X, xv), append(p99.Y, p.p99Ms)
			rec.X, rec.Y = append(rec.X, xv), append(rec.Y, p.recall)
			recalls = append(recalls, p.recall)
		}
		left.Series = append(left.Series, p50, p99)
		right.Series = append(right.Series, rec)
	}
	right.Y = recallAxis(recallLabel, recalls)
	f.Panels = []Panel{left, right}
	f.Cols = 2
	f.Legend = append(legendOf([]Panel{right}),
		Entry{Name: "p50 (solid)", Mark: Line},
		Entry{Name: "p99 (dashed)", Mark: Line, Dashed: true})
	return f, true
}

// distinct returns the distinct values of x over recs, ascending.
func distinct(recs []results.Record, x func(results.Record) float64) []float64 {
	var out []float64
	for _, r := range recs {
		if v := x(r); !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, cmp.Compare)
	return out
}

// filter returns the records for which keep is true.
func filter(recs []results.Record, keep func(results.Record) bool) []results.Record {
	var out []results.Record
	for _, r := range recs {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}
