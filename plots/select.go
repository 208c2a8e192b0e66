package plots

import (
	"cmp"
	"slices"

	"github.com/ecgbench/ecgbench/results"
)

// OperatingRecall is the recall target of an operating point: latency
// figures show each sweep at the fastest setting that reaches it.
const OperatingRecall = 0.95

// okRecords returns the records of trials that finished.
func okRecords(recs []results.Record) []results.Record {
	var out []results.Record
	for _, r := range recs {
		if r.Status == results.StatusOK {
			out = append(out, r)
		}
	}
	return out
}

// latencyRecords returns the finished records of the smallest throughput
// thread count: latency is measured single-threaded in every trial, so the
// trials that differ only in thread count measure it again, and pooling
// them all would count those queries twice.
func latencyRecords(recs []results.Record) []results.Record {
	ok := okRecords(recs)
	if len(ok) == 0 {
		return nil
	}
	t := slices.MinFunc(ok, func(a, b results.Record) int { return cmp.Compare(a.Threads, b.Threads) }).Threads
	var out []results.Record
	for _, r := range ok {
		if r.Threads == t {
			out = append(out, r)
		}
	}
	return out
}

// OperatingPoint returns the record of a parameter sweep (the records of one
// series on one workload) that latency figures show: the one with the
// lowest p50 latency among those whose mean recall reaches OperatingRecall,
// or, when none does, the most accurate one (the faster on ties). It panics
// on an empty sweep.
func OperatingPoint(sweep []results.Record) results.Record {
	var best *results.Record
	for i := range sweep {
		r := &sweep[i]
		if r.RecallMean >= OperatingRecall && (best == nil || r.LatencyP50Ns < best.LatencyP50Ns) {
			best = r
		}
	}
	if best != nil {
		return *best
	}
	return slices.MinFunc(sweep, func(a, b results.Record) int {
		return cmp.Or(cmp.Compare(b.RecallMean, a.RecallMean), cmp.Compare(a.LatencyP50Ns, b.LatencyP50Ns))
	})
}

// pool holds measures over the queries of several records together.
type pool struct {
	p50Ms, p99Ms, recall float64
}

// pooled returns the p50 and p99 latency (nearest rank, as
// results.Summarize) of all the raw latencies of recs together and the mean
// of all their per-query recalls, so a point of a latency figure describes a
// workload mixing the records' queries in equal measure.
func pooled(recs []results.Record) pool {
	var lat, rec []float64
	for _, r := range recs {
		lat = append(lat, r.LatenciesNs...)
		rec = append(rec, r.Recalls...)
	}
	var p pool
	if len(lat) > 0 {
		slices.Sort(lat)
		p.p50Ms = results.Percentile(lat, 50) / 1e6
		p.p99Ms = results.Percentile(lat, 99) / 1e6
	}
	if len(rec) > 0 {
		var sum float64
		for _, v := range rec {
			sum += v
		}
		p.recall = sum / float64(len(rec))
	}
	return p
}

// groupBy splits recs by key, keeping the order in which keys first appear
// and the order of records within a key.
func groupBy[K comparable](recs []results.Record, key func(results.Record) K) ([]K, map[K][]results.Record) {
	var keys []K
	m := map[K][]results.Record{}
	for _, r := range recs {
		k := key(r)
		if _, ok := m[k]; !ok {
			keys = append(keys, k)
		}
		m[k] = append(m[k], r)
	}
	return keys, m
}

// seriesOrder sorts series labels the way the palette orders names: the
// exact reference first, then alphabetically.
func seriesOrder(labels []string) { slices.SortFunc(labels, CompareSeries) }

// CompareSeries orders series labels as the figures' legends list them:
// exact search (and the "none" index) first, then alphabetically. Tables
// use it to list series in the same order.
func CompareSeries(a, b string) int {
	return cmp.Or(cmp.Compare(keyClass(":"+a), keyClass(":"+b)), cmp.Compare(a, b))
}

// recallAxis returns a recall axis fixed from just below the lowest value
// (rounded down to a multiple of 0.05) to 1.
func recallAxis(label string, values []float64) Axis {
	lo := 1.0
	for _, v := range values {
		lo = min(lo, v)
	}
	lo = max(0, float64(int((lo-0.01)*20))/20)
	if lo >= 1 {
		lo = 0.9
	}
	return Axis{Label: label, Min: lo, Max: 1, Fixed: true}
}
