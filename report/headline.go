package report

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/ecgbench/ecgbench/plots"
	"github.com/ecgbench/ecgbench/results"
)

// setting is one point of a series' sweep measured over a workload's
// group sets.
type setting struct {
	label  string
	sets   int     // group sets it finished on
	recall float64 // worst mean recall over them
	qps    float64 // harmonic mean of their QPS
}

// headlines returns one table per (N, k, threads): per index config ×
// strategy, the best QPS reached at each recall target and the setting
// reaching it, and the best worst-case recall of any complete setting.
func headlines(recs []results.Record, targets []float64) []table {
	type wl struct{ n, k, threads int }
	// The group sets of each (N, k), from every record, failed ones too:
	// a setting must have finished on all of them.
	groupSets := map[[2]int]map[string]bool{}
	for _, r := range recs {
		key := [2]int{r.N, r.K}
		if groupSets[key] == nil {
			groupSets[key] = map[string]bool{}
		}
		groupSets[key][plots.GroupsLabel(r)] = true
	}
	var wls []wl
	byWL := map[wl][]results.Record{}
	for _, r := range recs {
		if r.Status != results.StatusOK {
			continue
		}
		w := wl{r.N, r.K, r.Threads}
		if _, ok := byWL[w]; !ok {
			wls = append(wls, w)
		}
		byWL[w] = append(byWL[w], r)
	}
	slices.SortFunc(wls, func(a, b wl) int {
		return cmp.Or(cmp.Compare(a.n, b.n), cmp.Compare(a.k, b.k), cmp.Compare(a.threads, b.threads))
	})

	var out []table
	for _, w := range wls {
		want := len(groupSets[[2]int{w.n, w.k}])
		t := table{
			ID: fmt.Sprintf("headline-n%d-k%d-t%d", w.n, w.k, w.threads),
			Caption: fmt.Sprintf("N = %s, k = %d, QPS with %s, over %s. A setting counts when it finished on every group set: "+
				"its recall is its worst group set's mean recall@%d, its QPS the harmonic mean over the group sets.",
				count(w.n), w.k, plural(w.threads, "thread"), plural(want, "group set"), w.k),
			Header: []string{"index · strategy"},
		}
		t.Numeric = []bool{false}
		for _, target := range targets {
			t.Header = append(t.Header, fmt.Sprintf("QPS at recall ≥ %g", target), "setting")
			t.Numeric = append(t.Numeric, true, false)
		}
		t.Header = append(t.Header, "best worst-case recall", "setting")
		t.Numeric = append(t.Numeric, true, false)

		series := map[string][]results.Record{}
		var labels []string
		for _, r := range byWL[w] {
			l := plots.SeriesLabel(r)
			if _, ok := series[l]; !ok {
				labels = append(labels, l)
			}
			series[l] = append(series[l], r)
		}
		slices.SortFunc(labels, plots.CompareSeries)
		for _, l := range labels {
			settings := settingsOf(series[l])
			row := []string{l}
			complete := slices.DeleteFunc(slices.Clone(settings), func(s setting) bool { return s.sets < want })
			for _, target := range targets {
				best := -1
				for i, s := range complete {
					if s.recall >= target && (best < 0 || s.qps > complete[best].qps) {
						best = i
					}
				}
				if best < 0 {
					row = append(row, "—", "")
					continue
				}
				row = append(row, count(int(math.Round(complete[best].qps))), complete[best].label)
			}
			if len(complete) == 0 {
				most := slices.MaxFunc(settings, func(a, b setting) int { return cmp.Compare(a.sets, b.sets) })
				row = append(row, "—", fmt.Sprintf("no setting finished on every group set (at most %d of %d)", most.sets, want))
			} else {
				best := slices.MaxFunc(complete, func(a, b setting) int { return cmp.Or(cmp.Compare(a.recall, b.recall), cmp.Compare(a.qps, b.qps)) })
				row = append(row, recall3(best.recall), best.label)
			}
			t.Rows = append(t.Rows, row)
		}
		out = append(out, t)
	}
	return out
}

// settingsOf groups a series' records (one workload) by setting, in order
// of first appearance. A record without a margin, where the margin does
// not apply (the runner records none for single on an equal-weight query
// of every group, or hybrid on one group, whose answer does not depend on
// it), counts for every margin the series sweeps; likewise a record without
// search parameters (a hybrid group set whose every group is searched by
// an override config) counts for every search setting of the series.
func settingsOf(recs []results.Record) []setting {
	var margins []float64
	var searches []map[string]int
	for _, r := range recs {
		if r.Margin > 0 && !slices.Contains(margins, r.Margin) {
			margins = append(margins, r.Margin)
		}
		if len(r.Search) > 0 && !slices.ContainsFunc(searches, func(m map[string]int) bool { return maps.Equal(m, r.Search) }) {
			searches = append(searches, r.Search)
		}
	}
	var out []setting
	at := map[string]int{}
	invQPS := map[string]float64{}
	seen := map[[2]string]bool{}
	for _, r := range recs {
		expanded := []results.Record{r}
		if r.Margin == 0 && len(margins) > 0 {
			expanded = expanded[:0]
			for _, m := range margins {
				e := r
				e.Margin = m
				expanded = append(expanded, e)
			}
		}
		if len(r.Search) == 0 && len(searches) > 0 {
			var bySearch []results.Record
			for _, e := range expanded {
				for _, sp := range searches {
					e.Search = sp
					bySearch = append(bySearch, e)
				}
			}
			expanded = bySearch
		}
		for _, e := range expanded {
			l := plots.SettingsLabel(e)
			if key := [2]string{l, plots.GroupsLabel(e)}; seen[key] {
				continue // a second record of one group set (merged shards): the first counts
			} else {
				seen[key] = true
			}
			i, ok := at[l]
			if !ok {
				i = len(out)
				at[l] = i
				out = append(out, setting{label: l, recall: math.Inf(1)})
			}
			out[i].sets++
			out[i].recall = min(out[i].recall, e.RecallMean)
			if e.QPS > 0 {
				invQPS[l] += 1 / e.QPS
			} else {
				invQPS[l] = math.Inf(1)
			}
		}
	}
	for i := range out {
		out[i].qps = float64(out[i].sets) / invQPS[out[i].label]
	}
	return out
}

// recall3 writes a recall truncated (not rounded) to 3 decimals, so a
// value shown as 0.950 did reach 0.95.
func recall3(r float64) string {
	return fmt.Sprintf("%.3f", math.Floor(r*1000+1e-9)/1000)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// count formats a non-negative integer with thousands separators.
func count(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
