package flat

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/ecgbench/ecgbench/engine/exact"
	"github.com/ecgbench/ecgbench/engine/index"
	"github.com/ecgbench/ecgbench/engine/index/indextest"
)

// benchQueries is the size of the query set: recall is measured over all of
// it, and timed searches cycle through it one query at a time.
const benchQueries = 500

// BenchmarkSearch times one query at a time on one thread, after building
// the index on indextest.BenchData; it reports build seconds, the index's
// Bytes, the heap growth the build caused, and recall@k over benchQueries
// queries (1 by construction: it checks the harness, not the index).
func BenchmarkSearch(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			data, queries := indextest.BenchData(n, benchQueries)
			heap0 := heapAlloc()
			start := time.Now()
			x, err := New(indextest.BenchDim)
			if err != nil {
				b.Fatal(err)
			}
			if err := x.Add(data); err != nil {
				b.Fatal(err)
			}
			build := time.Since(start).Seconds()
			heap := heapAlloc() - heap0
			p := index.SearchParams{Threads: 1}
			for _, k := range []int{10, 100} {
				truth, err := exact.Search(data, exact.L2(indextest.BenchDim), queries, k, exact.Options{})
				if err != nil {
					b.Fatal(err)
				}
				got, err := x.Search(queries, k, p)
				if err != nil {
					b.Fatal(err)
				}
				recall := indextest.Recall(got, truth, k)
				b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) {
					d := indextest.BenchDim
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						q := i % benchQueries
						if _, err := x.Search(queries[q*d:(q+1)*d], k, p); err != nil {
							b.Fatal(err)
						}
					}
					b.StopTimer()
					b.ReportMetric(recall, "recall-at-k")
					b.ReportMetric(build, "build-s")
					b.ReportMetric(float64(x.Bytes()), "bytes")
					b.ReportMetric(float64(heap), "heap-bytes")
				})
			}
		})
	}
}

// heapAlloc is the live heap after a collection.
func heapAlloc() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}
