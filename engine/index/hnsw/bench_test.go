package hnsw

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	coder "github.com/coder/hnsw"

	"github.com/ecgbench/ecgbench/engine/exact"
	"github.com/ecgbench/ecgbench/engine/index/indextest"
)

// benchQueries is the size of the query set: recall is measured over all of
// it, and timed searches cycle through it one query at a time.
const benchQueries = 500

// A searchMode is one way of asking the library for k neighbours, so the
// benchmark measures what each workaround in Search buys.
type searchMode struct {
	name   string
	search func(x *Index, g *coder.Graph[int64], q []float32, k, ef int) []exact.Neighbor
}

var searchModes = []searchMode{
	// library: the library's own answer to Search(q, k), EfSearch = ef.
	{"library", func(x *Index, g *coder.Graph[int64], q []float32, k, ef int) []exact.Neighbor {
		return withDistances(x, g.Search(q, k), q, k)
	}},
	// widen: ask for max(k, ef) nodes, keep the first k the library returns.
	{"widen", func(x *Index, g *coder.Graph[int64], q []float32, k, ef int) []exact.Neighbor {
		return withDistances(x, g.Search(q, max(k, ef)), q, k)
	}},
	// widen+sort: what Index.Search does, max(k, ef) nodes, best k kept.
	{"widen+sort", func(x *Index, g *coder.Graph[int64], q []float32, k, ef int) []exact.Neighbor {
		res, err := x.searchOne(g, q, k, max(k, ef))
		if err != nil {
			panic(err)
		}
		return res
	}},
}

// withDistances turns the first k of nodes into neighbours, in the library's
// order.
func withDistances(x *Index, nodes []coder.Node[int64], q []float32, k int) []exact.Neighbor {
	nodes = nodes[:min(k, len(nodes))]
	out := make([]exact.Neighbor, len(nodes))
	for i, n := range nodes {
		out[i] = exact.Neighbor{ID: n.Key, Dist: x.metric.Dist(n.Value, q)}
	}
	return out
}

// BenchmarkSearch builds coder/hnsw graphs on indextest.BenchData (single
// goroutine, as the library adds) and times one query at a time per search
// mode; it reports build seconds, Bytes (an estimate), the heap growth the
// build caused, and recall@k over benchQueries queries. The graph differs
// from run to run (see Params.Seed), so recall moves by a few points.
func BenchmarkSearch(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			data, queries := indextest.BenchData(n, benchQueries)
			truth := map[int][][]exact.Neighbor{}
			for _, M := range []int{16, 32} {
				b.Run(fmt.Sprintf("M=%d", M), func(b *testing.B) {
					benchGraph(b, data, queries, truth, Params{M: M})
				})
			}
		})
	}
}

func benchGraph(b *testing.B, data, queries []float32, truth map[int][][]exact.Neighbor, p Params) {
	const d = indextest.BenchDim
	heap0 := heapAlloc()
	start := time.Now()
	x, err := New(d, p)
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	if err := x.Add(data); err != nil {
		b.Fatal(err)
	}
	build := time.Since(start).Seconds()
	heap := heapAlloc() - heap0
	b.Logf("n=%d %+v: built in %.1f s, %d bytes estimated, %d heap bytes", x.Len(), x.Params(), build, x.Bytes(), heap)
	for _, k := range []int{10, 100} {
		if truth[k] == nil {
			truth[k], err = exact.Search(data, exact.L2(d), queries, k, exact.Options{})
			if err != nil {
				b.Fatal(err)
			}
		}
		for _, ef := range []int{20, 50, 100, 200, 400} {
			for _, m := range searchModes {
				g := *x.g
				g.EfSearch = ef
				got := make([][]exact.Neighbor, benchQueries)
				for qi := range got {
					got[qi] = m.search(x, &g, queries[qi*d:(qi+1)*d], k, ef)
				}
				recall := indextest.Recall(got, truth[k], k)
				b.Run(fmt.Sprintf("k=%d/efSearch=%d/mode=%s", k, ef, m.name), func(b *testing.B) {
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						q := i % benchQueries
						m.search(x, &g, queries[q*d:(q+1)*d], k, ef)
					}
					b.StopTimer()
					b.ReportMetric(recall, "recall-at-k")
					b.ReportMetric(build, "build-s")
					b.ReportMetric(float64(x.Bytes()), "bytes")
					b.ReportMetric(float64(heap), "heap-bytes")
				})
			}
		}
	}
}

// heapAlloc is the live heap after a collection.
func heapAlloc() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}
