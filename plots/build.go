package plots

import (
	"slices"

	"github.com/ecgbench/ecgbench/results"
)

// BuildFigure returns the build-time and index-memory figure: build seconds
// (train + add) and index bytes against N, log-log, one series per index
// config × strategy kind (single builds one index over the full vector,
// hybrid one per group; exact builds nothing and appears in the memory
// panel only, with the vectors it scans). A trial re-measures the build
// of its index on every query setting, so each point is the median over
// the records of that series and size. It reports false when no finished
// record has a build or a size.
func BuildFigure(recs []results.Record) (Figure, bool) {
	ok := okRecords(recs)
	labelOf := func(r results.Record) string {
		if r.Index == "" {
			return r.Strategy
		}
		return r.Index + " · " + r.Strategy
	}
	labels, bySeries := groupBy(ok, labelOf)
	seriesOrder(labels)
	build := Panel{
		Title: "build time (train + add)",
		X:     Axis{Label: "N (ECGs indexed)", Log: true},
		Y:     Axis{Label: "build time (s)", Log: true},
	}
	mem := Panel{
		Title: "index memory",
		X:     Axis{Label: "N (ECGs indexed)", Log: true},
		Y:     Axis{Label: "index size (MiB)", Log: true},
	}
	var sizes []float64
	for _, label := range labels {
		r0 := bySeries[label][0]
		bs := Series{Name: label, Color: indexKey(r0), Shape: "kind:" + r0.Strategy, Mark: LinePoints}
		ms := bs
		ns, byN := groupBy(bySeries[label], func(r results.Record) int { return r.N })
		slices.Sort(ns)
		for _, n := range ns {
			var secs, bytes []float64
			for _, r := range byN[n] {
				secs = append(secs, r.BuildSeconds)
				bytes = append(bytes, float64(r.IndexBytes))
			}
			if r0.Strategy != "exact" {
				bs.X, bs.Y = append(bs.X, float64(n)), append(bs.Y, median(secs))
			}
			ms.X, ms.Y = append(ms.X, float64(n)), append(ms.Y, median(bytes)/(1<<20))
			if !slices.Contains(sizes, float64(n)) {
				sizes = append(sizes, float64(n))
			}
		}
		if len(bs.X) > 0 {
			build.Series = append(build.Series, bs)
		}
		mem.Series = append(mem.Series, ms)
	}
	if len(mem.Series) == 0 {
		return Figure{}, false
	}
	slices.Sort(sizes)
	build.X.Ticks, mem.X.Ticks = sizes, sizes
	f := Figure{
		Name:  "build",
		Kind:  KindBuild,
		Title: "Build time and index memory vs N",
		Caption: "Build time (train + add) and index size against the number of ECGs indexed, per index config × strategy kind: " +
			"single builds one index over the full 16-D vector, hybrid one index per feature group; exact search builds nothing " +
			"and scans the vectors themselves. Each point is the median over the trials of that index and size.",
		Panels: []Panel{build, mem},
		Cols:   2,
	}
	f.Legend = legendOf(f.Panels)
	return f, true
}

// median returns the median of xs (not sorted; xs is reordered).
func median(xs []float64) float64 {
	slices.Sort(xs)
	return results.Median(xs)
}
