package runner

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ecgbench/ecgbench/engine/exact"
	"github.com/ecgbench/ecgbench/engine/search"
	"github.com/ecgbench/ecgbench/results"
)

// Workload is a query set with its exact answers, ready to measure
// strategies on.
type Workload struct {
	Data *search.Data
	// Clusters holds the cluster of each data row (nil: unknown).
	Clusters []uint8
	// Queries are the preprocessed query vectors, row-major.
	Queries []float32
	// QueryClusters holds each query's cluster (nil: unknown).
	QueryClusters []uint8
	// Exclude holds the row each query is taken from (sampled queries), or
	// nil for holdout queries.
	Exclude []int64
	// Truth is the exact top-k (k ≥ every k measured) of each query.
	Truth [][]exact.Neighbor
}

// NumQueries is the number of queries.
func (w *Workload) NumQueries() int { return len(w.Queries) / w.Data.Schema.Dim() }

// Query returns query i with the settings of t.
func (w *Workload) Query(i int, t search.Query) search.Query {
	dim := w.Data.Schema.Dim()
	t.Vector = w.Queries[i*dim : (i+1)*dim]
	t.Exclude = -1
	if w.Exclude != nil {
		t.Exclude = w.Exclude[i]
	}
	return t
}

// Timing says how to time a trial.
type Timing struct {
	Warmup  int // queries run before timing
	Repeats int // timed passes over the query set
	Threads int // goroutines of each throughput pass
}

// ErrTimeout marks a trial stopped by its deadline.
var ErrTimeout = errors.New("trial timed out")

// Measure runs q (its Vector and Exclude filled per query) over the
// workload with strategy st and fills the raw measures of rec: per-query
// latencies of every repeat (one goroutine, monotonic clock), per-repeat
// throughput with Threads goroutines (measured, not derived from latency),
// per-query recall against the truth (distances recomputed under the true d,
// never taken from the strategy), the same-cluster share per query, short answers and
// candidates. It stops between queries when ctx ends and returns ErrTimeout
// with what was measured so far.
func Measure(ctx context.Context, st search.Strategy, w *Workload, q search.Query, tm Timing, rec *results.Record) error {
	nq := w.NumQueries()
	if nq == 0 {
		return fmt.Errorf("runner: empty query set")
	}
	metric, err := w.Data.Metric(q.Sel)
	if err != nil {
		return err
	}
	// Warm-up.
	for i := 0; i < tm.Warmup; i++ {
		if ctx.Err() != nil {
			return ErrTimeout
		}
		if _, err := st.Search(w.Query(i%nq, q)); err != nil {
			return err
		}
	}
	repeats := max(tm.Repeats, 1)
	rec.Queries = nq
	rec.Recalls = make([]float64, 0, nq)
	rec.LatenciesNs = slices.Grow(rec.LatenciesNs, nq*repeats)
	// Scratch for scoring each answer, reused so the timed loop does not
	// allocate per query.
	var ids []int64
	var trueD []float32
	var cands float64
	for rep := 0; rep < repeats; rep++ {
		var total time.Duration
		for i := 0; i < nq; i++ {
			if ctx.Err() != nil {
				return ErrTimeout
			}
			qi := w.Query(i, q)
			start := time.Now()
			ans, err := st.Search(qi)
			took := time.Since(start)
			if err != nil {
				return fmt.Errorf("query %d: %w", i, err)
			}
			total += took
			rec.LatenciesNs = append(rec.LatenciesNs, float64(took.Nanoseconds()))
			if rep > 0 {
				continue
			}
			ids, trueD = ids[:0], trueD[:0]
			for _, nb := range ans.Neighbors {
				if nb.ID < 0 || nb.ID >= int64(w.Data.N()) {
					return fmt.Errorf("query %d: %s returned row %d outside [0,%d)", i, st.Name(), nb.ID, w.Data.N())
				}
				ids = append(ids, nb.ID)
				trueD = append(trueD, metric.Dist(w.Data.Row(nb.ID), qi.Vector))
			}
			rec.Recalls = append(rec.Recalls, Recall(ids, trueD, w.Truth[i], q.K))
			if len(ids) < min(q.K, len(w.Truth[i])) {
				rec.ShortAnswers++
			}
			if w.Clusters != nil && w.QueryClusters != nil {
				rec.SameClusterShares = append(rec.SameClusterShares, SameCluster(ids, w.Clusters, w.QueryClusters[i]))
			}
			cands += float64(ans.Candidates)
		}
		qps, err := throughput(ctx, st, w, q, tm.Threads)
		if err != nil {
			return err
		}
		rec.Repeats = append(rec.Repeats, results.Repeat{NsPerOp: float64(total.Nanoseconds()) / float64(nq), QPS: qps})
	}
	rec.Candidates = cands / float64(nq)
	return nil
}

// throughput runs the query set once with threads goroutines pulling
// queries from a shared counter and returns queries per second.
func throughput(ctx context.Context, st search.Strategy, w *Workload, q search.Query, threads int) (float64, error) {
	nq := w.NumQueries()
	threads = max(threads, 1)
	var next atomic.Int64
	var wg sync.WaitGroup
	var once sync.Once
	var firstErr error
	start := time.Now()
	for g := 0; g < threads; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= nq {
					return
				}
				if ctx.Err() != nil {
					once.Do(func() { firstErr = ErrTimeout })
					return
				}
				if _, err := st.Search(w.Query(i, q)); err != nil {
					once.Do(func() { firstErr = fmt.Errorf("throughput query %d: %w", i, err) })
					return
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return 0, firstErr
	}
	return float64(nq) / time.Since(start).Seconds(), nil
}
