package exact

import (
	"fmt"
	"math"
	"runtime"
	"sync"
)

// BlockRows is the number of rows one goroutine scans at a time: 16 K rows of
// 16 float32 are 1 MiB, which stays in L2 while every query of a batch
// passes over it.
const BlockRows = 16 << 10

// Options tunes Search. The zero value is ready to use.
type Options struct {
	// Threads is the number of goroutines; 0 means GOMAXPROCS.
	Threads int
	// Exclude, when set, has one row id per query that is left out of that
	// query's answer (a query taken from the data itself); -1 excludes none.
	Exclude []int64
}

// Search returns, for each of the queries (row-major, m.Dim wide), the k rows
// of data nearest under m, sorted by distance then id. k larger than the
// number of rows returns every row. The answer is the same for every
// Options.Threads.
func Search(data []float32, m Metric, queries []float32, k int, opt Options) ([][]Neighbor, error) {
	dim := m.Dim
	if dim <= 0 {
		return nil, fmt.Errorf("exact: metric has dimension %d", dim)
	}
	if len(data)%dim != 0 || len(queries)%dim != 0 {
		return nil, fmt.Errorf("exact: data (%d floats) or queries (%d floats) not a multiple of dimension %d", len(data), len(queries), dim)
	}
	if k <= 0 {
		return nil, fmt.Errorf("exact: k = %d, want ≥ 1", k)
	}
	for i, v := range queries {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return nil, fmt.Errorf("exact: query %d column %d is %v", i/dim, i%dim, v)
		}
	}
	nq := len(queries) / dim
	if opt.Exclude != nil && len(opt.Exclude) != nq {
		return nil, fmt.Errorf("exact: %d exclusions for %d queries", len(opt.Exclude), nq)
	}
	n := len(data) / dim
	threads := opt.Threads
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	blocks := (n + BlockRows - 1) / BlockRows
	if threads > blocks {
		threads = max(blocks, 1)
	}

	// Each worker keeps one heap per query over the blocks it scanned.
	partial := make([][]*TopK, threads)
	next := make(chan int, blocks)
	for b := 0; b < blocks; b++ {
		next <- b
	}
	close(next)
	var wg sync.WaitGroup
	for w := 0; w < threads; w++ {
		heaps := make([]*TopK, nq)
		for i := range heaps {
			heaps[i] = NewTopK(k)
		}
		partial[w] = heaps
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range next {
				lo := b * BlockRows
				hi := min(lo+BlockRows, n)
				for qi := 0; qi < nq; qi++ {
					ex := int64(-1)
					if opt.Exclude != nil {
						ex = opt.Exclude[qi]
					}
					scan(data, m, queries[qi*dim:(qi+1)*dim], lo, hi, ex, heaps[qi])
				}
			}
		}()
	}
	wg.Wait()

	out := make([][]Neighbor, nq)
	for qi := range out {
		merged := partial[0][qi]
		for w := 1; w < threads; w++ {
			for _, nb := range partial[w][qi].heap {
				merged.Push(nb.ID, nb.Dist)
			}
		}
		out[qi] = merged.Results()
	}
	return out, nil
}

// scan pushes rows [lo, hi) into t. The single-span case (all groups with
// equal weights, or one group) gets a tighter loop.
func scan(data []float32, m Metric, q []float32, lo, hi int, exclude int64, t *TopK) {
	dim := m.Dim
	if len(m.Spans) == 1 {
		sp := m.Spans[0]
		qs := q[sp.Offset : sp.Offset+sp.Width]
		for r := lo; r < hi; r++ {
			base := r*dim + sp.Offset
			d := sp.Coef * sqdist(data[base:base+sp.Width], qs)
			if t.Full() && d > t.Worst() {
				continue
			}
			if int64(r) == exclude {
				continue
			}
			t.Push(int64(r), d)
		}
		return
	}
	for r := lo; r < hi; r++ {
		d := m.Dist(data[r*dim:(r+1)*dim], q)
		if t.Full() && d > t.Worst() {
			continue
		}
		if int64(r) == exclude {
			continue
		}
		t.Push(int64(r), d)
	}
}
