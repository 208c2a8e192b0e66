package results

import (
	"fmt"
	"math"
	"slices"
)

// Summarize recomputes r's summary measures from its raw measures:
//
//   - Repeats[i].NsPerOp is the mean of repeat i's slice of LatenciesNs
//     (repeat-major, Queries latencies per repeat);
//   - LatencyMeanNs is the mean of LatenciesNs, and LatencyP50Ns,
//     LatencyP95Ns and LatencyP99Ns are its nearest-rank percentiles
//     (see Percentile);
//   - QPS is the median of Repeats[i].QPS (the mean of the two middle
//     values for an even count), so one disturbed throughput pass does not
//     move it;
//   - RecallMean, RecallP5 and RecallMin are the mean, the nearest-rank 5th
//     percentile and the minimum of Recalls;
//   - SameCluster is the mean of SameClusterShares.
//
// A summary whose raw field is empty is left as it is, so a record whose
// trial timed out keeps what was measured before. Summarize returns an
// error naming the record when the raw fields disagree with each other
// (a latency count that is not Queries per repeat, a recall count that is
// not Queries) or hold NaN, infinite or negative values.
func Summarize(r *Record) error {
	if err := checkRaw(r); err != nil {
		return fmt.Errorf("results: summarize %s: %w", r.Name, err)
	}
	if n := len(r.LatenciesNs); n > 0 {
		if len(r.Repeats) > 0 {
			per := n / len(r.Repeats)
			for i := range r.Repeats {
				r.Repeats[i].NsPerOp = mean(r.LatenciesNs[i*per : (i+1)*per])
			}
		}
		sorted := sortedCopy(r.LatenciesNs)
		r.LatencyMeanNs = mean(r.LatenciesNs)
		r.LatencyP50Ns = Percentile(sorted, 50)
		r.LatencyP95Ns = Percentile(sorted, 95)
		r.LatencyP99Ns = Percentile(sorted, 99)
	}
	if len(r.Repeats) > 0 {
		qps := make([]float64, len(r.Repeats))
		for i, rep := range r.Repeats {
			qps[i] = rep.QPS
		}
		r.QPS = Median(sortedCopy(qps))
	}
	if len(r.Recalls) > 0 {
		sorted := sortedCopy(r.Recalls)
		r.RecallMean = mean(r.Recalls)
		r.RecallP5 = Percentile(sorted, 5)
		r.RecallMin = sorted[0]
	}
	if len(r.SameClusterShares) > 0 {
		r.SameCluster = mean(r.SameClusterShares)
	}
	return nil
}

func checkRaw(r *Record) error {
	if n := len(r.LatenciesNs); n > 0 {
		if len(r.Repeats) == 0 {
			return fmt.Errorf("%d latencies but no repeats", n)
		}
		if r.Queries <= 0 || n != r.Queries*len(r.Repeats) {
			return fmt.Errorf("%d latencies, want queries (%d) × repeats (%d)", n, r.Queries, len(r.Repeats))
		}
	}
	for _, raw := range []struct {
		field string
		vals  []float64
	}{{"recalls", r.Recalls}, {"same_cluster_shares", r.SameClusterShares}} {
		if len(raw.vals) > 0 && len(raw.vals) != r.Queries {
			return fmt.Errorf("%d %s, want one per query (%d)", len(raw.vals), raw.field, r.Queries)
		}
	}
	for _, raw := range []struct {
		field string
		vals  []float64
	}{{"latencies_ns", r.LatenciesNs}, {"recalls", r.Recalls}, {"same_cluster_shares", r.SameClusterShares}} {
		for i, v := range raw.vals {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				return fmt.Errorf("%s[%d] = %v, want a finite value ≥ 0", raw.field, i, v)
			}
		}
	}
	for i, rep := range r.Repeats {
		if math.IsNaN(rep.QPS) || math.IsInf(rep.QPS, 0) || rep.QPS < 0 {
			return fmt.Errorf("repeats[%d].qps = %v, want a finite value ≥ 0", i, rep.QPS)
		}
	}
	return nil
}

// Percentile returns the nearest-rank p-th percentile of sorted, an
// ascending slice: the smallest value such that at least p percent of the
// values are less than or equal to it, that is sorted[⌈p/100·n⌉−1]
// (sorted[0] for p = 0). Nearest rank always returns a measured value, never
// an interpolation. It panics on an empty slice or p outside [0, 100].
func Percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 || p < 0 || p > 100 {
		panic(fmt.Sprintf("results: Percentile of %d values at p=%v", len(sorted), p))
	}
	rank := int(math.Ceil(p * float64(len(sorted)) / 100))
	return sorted[max(rank-1, 0)]
}

// Median returns the median of sorted, an ascending slice: the middle
// value, or the mean of the two middle values for an even count. It panics
// on an empty slice.
func Median(sorted []float64) float64 {
	n := len(sorted)
	if n == 0 {
		panic("results: Median of no values")
	}
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

func sortedCopy(xs []float64) []float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s
}

func mean(xs []float64) float64 {
	var sum float64
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}
