package plots

import (
	"fmt"
	"slices"

	"github.com/ecgbench/ecgbench/results"
)

// RecallBarFigures returns, per index config and k, a grouped bar chart of
// recall per group set at the config's largest N: one bar per strategy,
// the best mean recall@k its parameter sweep reached on that group set. A
// strategy that stays low whatever its search effort loses answers in its
// fusion rule (or, for single, in its candidate count), not in the index.
func RecallBarFigures(recs []results.Record) []Figure {
	ok := okRecords(recs)
	var figs []Figure
	var indexes []string
	maxN := map[string]int{}
	for _, r := range ok {
		if r.Index == "" {
			continue
		}
		if _, seen := maxN[r.Index]; !seen {
			indexes = append(indexes, r.Index)
		}
		maxN[r.Index] = max(maxN[r.Index], r.N)
	}
	slices.Sort(indexes)
	for _, idx := range indexes {
		scope := filter(recs, func(r results.Record) bool { return r.Index == idx && r.N == maxN[idx] })
		for _, k := range distinct(scope, func(r results.Record) float64 { return float64(r.K) }) {
			atK := filter(scope, func(r results.Record) bool { return r.K == int(k) })
			groupSets, _ := groupBy(atK, GroupsLabel)
			f := Figure{
				Name:  fmt.Sprintf("recall-groups-%s-n%d-k%d", slug(idx), maxN[idx], int(k)),
				Kind:  KindRecallBars,
				Title: fmt.Sprintf("Best recall@%d per group set — %s, N = %s", int(k), idx, count(maxN[idx])),
				Caption: fmt.Sprintf("Highest mean recall@%d each strategy reached over its parameter sweep (search parameters, margin) on each group set, "+
					"index config %s. A strategy that stays low whatever the search effort loses answers in its fusion rule "+
					"(or, for single, in its candidate count), not in the index.", int(k), idx),
				Cols: 1,
			}
			panel := Panel{
				X: Axis{Label: "group set", Nominal: groupSets},
				Y: Axis{Label: fmt.Sprintf("best recall@%d (mean over queries)", int(k)), Min: 0, Max: 1, Fixed: true},
			}
			labels, bySeries := groupBy(okRecords(atK), StrategyLabel)
			seriesOrder(labels)
			for _, label := range labels {
				s := Series{Name: label, Color: strategyKey(bySeries[label][0]), Mark: Bars}
				_, byGS := groupBy(bySeries[label], GroupsLabel)
				for i, gs := range groupSets {
					best := 0.0
					if len(byGS[gs]) == 0 {
						f.Notes = append(f.Notes, fmt.Sprintf("%s has no finished trial on %s: its bar is empty.", label, gs))
					}
					for _, r := range byGS[gs] {
						best = max(best, r.RecallMean)
					}
					s.X = append(s.X, float64(i))
					s.Y = append(s.Y, best)
				}
				panel.Series = append(panel.Series, s)
			}
			f.Panels = []Panel{panel}
			f.Legend = legendOf(f.Panels)
			figs = append(figs, f)
		}
	}
	return figs
}
