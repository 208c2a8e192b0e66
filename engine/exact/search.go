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

	// Each worker keeps one heap per query over the blocks it scanned. One
	// worker (a single query searched per call) runs on the calling
	// goroutine.
	partial := make([][]*TopK, threads)
	next := make(chan int, blocks)
	for b := 0; b < blocks; b++ {
		next <- b
	}
	close(next)
	work := func(heaps []*TopK) {
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
	}
	var wg sync.WaitGroup
	for w := 0; w < threads; w++ {
		heaps := make([]*TopK, nq)
		for i := range heaps {
			heaps[i] = NewTopK(k)
		}
		partial[w] = heaps
		if threads == 1 {
			work(heaps)
			break
		}
		wg.Go(func() { work(heaps) })
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

// tileRows is the number of rows whose distances scan computes span by span
// before offering them to the heap: 256 rows of 16 float32 are 16 KiB, which
// stay in L1 while each span passes over them.
const tileRows = 256

// identity lists every row of a tile.
var identity = func() (out [tileRows]uint16) {
	for i := range out {
		out[i] = uint16(i)
	}
	return out
}()

// scan pushes rows [lo, hi) into t. Distances are accumulated per tile of
// rows, one span at a time, in span order: the same additions, in the same
// order, as Metric.Dist, so results are bit-identical to it. Once the heap
// is full, a row whose partial sum already exceeds the worst kept distance
// is dropped before the next span: terms are ≥ 0 and rounding is monotone,
// so its full distance could only be larger.
func scan(data []float32, m Metric, q []float32, lo, hi int, exclude int64, t *TopK) {
	var acc [tileRows]float32
	var live [tileRows]uint16
	last := len(m.Spans) - 1
	for base := lo; base < hi; base += tileRows {
		n := min(tileRows, hi-base)
		a := acc[:n]
		clear(a)
		rows := append(live[:0], identity[:n]...)
		for si, sp := range m.Spans {
			if sp.Width == 16 && t.Full() {
				rows = addSpan16Pruned(a, rows, data, m.Dim, base, sp, q, t.Worst())
			} else {
				addSpan(a, rows, data, m.Dim, base, sp, q)
			}
			if si < last && t.Full() {
				rows = under(a, rows, t.Worst())
			}
		}
		for _, i := range rows {
			d := a[i]
			if t.Full() && d > t.Worst() {
				continue
			}
			if r := int64(base) + int64(i); r != exclude {
				t.Push(r, d)
			}
		}
	}
}

// under keeps the rows whose distance so far is at most worst.
func under(acc []float32, rows []uint16, worst float32) []uint16 {
	k := 0
	for _, i := range rows {
		rows[k] = i
		keep := 0
		if acc[i] <= worst {
			keep = 1
		}
		k += keep
	}
	return rows[:k]
}

// addSpan adds sp.Coef·||x − q||² over the span's columns to acc[i] for
// each listed row i of the tile that starts at row base. Widths 1, 5 and 16
// (the default schema's groups and the whole vector) are unrolled; the
// arithmetic is sqdist's.
func addSpan(acc []float32, rows []uint16, data []float32, dim, base int, sp Span, q []float32) {
	off, c := sp.Offset, sp.Coef
	tile := data[base*dim : (base+len(acc))*dim]
	switch sp.Width {
	case 1:
		q0 := q[off]
		for _, i := range rows {
			d := tile[int(i)*dim+off] - q0
			acc[i] += c * (d * d)
		}
	case 5:
		q := q[off : off+5 : off+5]
		for _, i := range rows {
			j := int(i)*dim + off
			x := tile[j : j+5 : j+5]
			d0, d1, d2, d3, d4 := x[0]-q[0], x[1]-q[1], x[2]-q[2], x[3]-q[3], x[4]-q[4]
			s0 := d0*d0 + d4*d4
			acc[i] += c * ((s0 + d1*d1) + (d2*d2 + d3*d3))
		}
	case 16:
		q := q[off : off+16 : off+16]
		for _, i := range rows {
			j := int(i)*dim + off
			x := tile[j : j+16 : j+16]
			d0, d1, d2, d3 := x[0]-q[0], x[1]-q[1], x[2]-q[2], x[3]-q[3]
			d4, d5, d6, d7 := x[4]-q[4], x[5]-q[5], x[6]-q[6], x[7]-q[7]
			d8, d9, d10, d11 := x[8]-q[8], x[9]-q[9], x[10]-q[10], x[11]-q[11]
			d12, d13, d14, d15 := x[12]-q[12], x[13]-q[13], x[14]-q[14], x[15]-q[15]
			s0 := d0*d0 + d4*d4 + d8*d8 + d12*d12
			s1 := d1*d1 + d5*d5 + d9*d9 + d13*d13
			s2 := d2*d2 + d6*d6 + d10*d10 + d14*d14
			s3 := d3*d3 + d7*d7 + d11*d11 + d15*d15
			acc[i] += c * ((s0 + s1) + (s2 + s3))
		}
	default:
		w := sp.Width
		qs := q[off : off+w]
		for _, i := range rows {
			j := int(i)*dim + off
			acc[i] += c * sqdist(tile[j:j+w], qs)
		}
	}
}

// addSpan16Pruned is addSpan for a 16-wide span in three passes, following
// sqdist's four accumulators: the first sums the squares of columns ≡ 0
// (mod 4), the second adds those ≡ 1, and after each pass a row whose
// acc + Coef·(partial sum) already exceeds worst is dropped (a lower bound
// of its distance: the remaining terms are ≥ 0 and rounding is monotone);
// the third finishes the rows left (1.4 % of the 1 M cohort rows for the
// benchmark's all-groups query, k = 100).
func addSpan16Pruned(acc []float32, rows []uint16, data []float32, dim, base int, sp Span, q []float32, worst float32) []uint16 {
	off, c := sp.Offset, sp.Coef
	tile := data[base*dim : (base+len(acc))*dim]
	q = q[off : off+16 : off+16]
	var part [tileRows]float32
	k := 0
	for _, i := range rows {
		j := int(i)*dim + off
		x := tile[j : j+16 : j+16]
		d0, d4, d8, d12 := x[0]-q[0], x[4]-q[4], x[8]-q[8], x[12]-q[12]
		s0 := d0*d0 + d4*d4 + d8*d8 + d12*d12
		part[i] = s0
		rows[k] = i
		keep := 0
		if acc[i]+c*s0 <= worst {
			keep = 1
		}
		k += keep
	}
	rows, k = rows[:k], 0
	for _, i := range rows {
		j := int(i)*dim + off
		x := tile[j : j+16 : j+16]
		d1, d5, d9, d13 := x[1]-q[1], x[5]-q[5], x[9]-q[9], x[13]-q[13]
		s01 := part[i] + (d1*d1 + d5*d5 + d9*d9 + d13*d13)
		part[i] = s01
		rows[k] = i
		keep := 0
		if acc[i]+c*s01 <= worst {
			keep = 1
		}
		k += keep
	}
	rows = rows[:k]
	for _, i := range rows {
		j := int(i)*dim + off
		x := tile[j : j+16 : j+16]
		d2, d3, d6, d7 := x[2]-q[2], x[3]-q[3], x[6]-q[6], x[7]-q[7]
		d10, d11, d14, d15 := x[10]-q[10], x[11]-q[11], x[14]-q[14], x[15]-q[15]
		s2 := d2*d2 + d6*d6 + d10*d10 + d14*d14
		s3 := d3*d3 + d7*d7 + d11*d11 + d15*d15
		acc[i] += c * (part[i] + (s2 + s3))
	}
	return rows
}
