package plots

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/ecgbench/ecgbench/results"
)

// workload identifies the records that a throughput comparison may put
// side by side: same size, same k, same number of throughput threads.
type workload struct{ n, k, threads int }

func workloadOf(r results.Record) workload { return workload{r.N, r.K, r.Threads} }

func sortWorkloads(ws []workload) {
	slices.SortFunc(ws, func(a, b workload) int {
		return cmp.Or(cmp.Compare(a.n, b.n), cmp.Compare(a.k, b.k), cmp.Compare(a.threads, b.threads))
	})
}

// FrontierFigures returns, for each (N, k, threads) of the finished
// records, one recall-vs-QPS figure per group set and one summary figure
// with a panel per group set. Each (index config × strategy) series shows
// its Pareto frontier (see Frontier) over its parameter sweep as a line;
// the per-group-set figures also show every measured setting as faded
// points. QPS is on a log axis.
func FrontierFigures(recs []results.Record) []Figure {
	var figs []Figure
	wls, byWL := groupBy(okRecords(recs), workloadOf)
	sortWorkloads(wls)
	for _, wl := range wls {
		gsLabels, byGS := groupBy(byWL[wl], GroupsLabel)
		summary := Figure{
			Name:  fmt.Sprintf("frontier-n%d-k%d-t%d", wl.n, wl.k, wl.threads),
			Kind:  KindFrontierSummary,
			Title: fmt.Sprintf("Recall@%d vs QPS by group set — N = %s, %s", wl.k, count(wl.n), threadsPhrase(wl.threads)),
			Caption: fmt.Sprintf("Pareto frontier of each index config × strategy over its parameter sweep (search parameters, margin), "+
				"one panel per group set. A setting stays on the frontier unless another setting of the same series is at least as fast "+
				"and as accurate. Up and to the right is better. Throughput is measured with %s over the query set.", threadsPhrase(wl.threads)),
			Cols: min(3, len(gsLabels)),
		}
		var details []Figure
		for _, gs := range gsLabels {
			panel := frontierPanel(wl.k, wl.threads, byGS[gs], false)
			panel.Title = gs
			summary.Panels = append(summary.Panels, panel)
			full := frontierPanel(wl.k, wl.threads, byGS[gs], true)
			details = append(details, Figure{
				Name:  fmt.Sprintf("frontier-n%d-k%d-t%d-%s", wl.n, wl.k, wl.threads, slug(gs)),
				Kind:  KindFrontier,
				Title: fmt.Sprintf("Recall@%d vs QPS — N = %s, groups %s, %s", wl.k, count(wl.n), gs, threadsPhrase(wl.threads)),
				Caption: "Lines: Pareto frontier of each index config × strategy over its parameter sweep; faded points: every measured setting. " +
					"Up and to the right is better.",
				Panels: []Panel{full},
				Cols:   1,
				Legend: legendOf([]Panel{full}),
			})
		}
		summary.Legend = legendOf(summary.Panels)
		figs = append(figs, summary)
		figs = append(figs, details...)
	}
	return figs
}

// frontierPanel returns the recall-vs-QPS panel of the records of one
// workload and group set.
func frontierPanel(k, threads int, recs []results.Record, withPoints bool) Panel {
	labels, bySeries := groupBy(recs, SeriesLabel)
	seriesOrder(labels)
	var recalls []float64
	var frontiers, points []Series
	for _, label := range labels {
		sweep := bySeries[label]
		r0 := sweep[0]
		pts := make([]Point, len(sweep))
		for i, r := range sweep {
			pts[i] = Point{Recall: r.RecallMean, QPS: r.QPS, Label: SettingsLabel(r)}
			recalls = append(recalls, r.RecallMean)
		}
		front := Series{Name: label, Color: strategyKey(r0), Shape: indexKey(r0), Mark: LinePoints}
		for _, p := range Frontier(pts) {
			front.X = append(front.X, p.Recall)
			front.Y = append(front.Y, p.QPS)
		}
		frontiers = append(frontiers, front)
		if withPoints {
			all := Series{Name: label + " (all settings)", Color: front.Color, Shape: front.Shape, Mark: Points}
			for _, p := range pts {
				all.X = append(all.X, p.Recall)
				all.Y = append(all.Y, p.QPS)
			}
			points = append(points, all)
		}
	}
	return Panel{
		X:      recallAxis(fmt.Sprintf("recall@%d (mean over queries)", k), recalls),
		Y:      Axis{Label: fmt.Sprintf("queries per second (%s)", threadsPhrase(threads)), Log: true},
		Series: append(points, frontiers...),
	}
}

// legendOf returns one entry per distinct series name of the panels, in
// series order (see seriesOrder), skipping faded background points.
func legendOf(panels []Panel) []Entry {
	var out []Entry
	seen := map[string]bool{}
	for _, p := range panels {
		for _, s := range p.Series {
			if s.Mark == Points || seen[s.Name] {
				continue
			}
			seen[s.Name] = true
			out = append(out, entryOf(s))
		}
	}
	slices.SortStableFunc(out, func(a, b Entry) int { return CompareSeries(a.Name, b.Name) })
	return out
}

func strategyKey(r results.Record) string { return "strategy:" + StrategyLabel(r) }
func indexKey(r results.Record) string    { return "index:" + IndexLabel(r) }

func threadsPhrase(t int) string {
	if t == 1 {
		return "1 thread"
	}
	return fmt.Sprintf("%d threads", t)
}

// count formats a non-negative integer with thousands separators:
// 1,000,000.
func count(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
