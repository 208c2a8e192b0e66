package hnsw

import (
	"errors"
	"fmt"
	"math/rand"
	"runtime"
	"sync"

	coder "github.com/coder/hnsw"

	"github.com/ecgbench/ecgbench/engine/exact"
	"github.com/ecgbench/ecgbench/engine/index"
)

// Name is the backend name the package registers under.
const Name = "hnsw"

// SearchKeys are the search parameters the backend accepts.
var SearchKeys = []string{"efSearch"}

func init() {
	index.Register(index.Backend{
		Name: Name,
		New: func(dim int, p index.Params) (index.Index, error) {
			opt, err := ParseParams(p)
			if err != nil {
				return nil, err
			}
			return New(dim, opt)
		},
		Load:       func(path string) (index.Index, error) { return Load(path) },
		SearchKeys: SearchKeys,
	})
}

// Params are the build parameters. The zero value of a field means its
// default.
type Params struct {
	// M is the most neighbours a node keeps on every layer (default 16).
	M int
	// Ml is the probability that a node also enters the next layer up
	// (default 0.25, the library's).
	Ml float64
	// EfConstruction is the candidate-queue size while adding: the library
	// reads Graph.EfSearch during Add, so Add sets it to this value and
	// restores it afterwards (default 100).
	EfConstruction int
	// Seed seeds the level generator (default 1). The graph still differs
	// from build to build, because the library walks Go maps, whose order is
	// random, when it picks entry points and refills neighbour lists.
	Seed int64
}

// Defaults of Params.
const (
	DefaultM              = 16
	DefaultMl             = 0.25
	DefaultEfConstruction = 100
	DefaultSeed           = 1
	// DefaultEfSearch is the efSearch of a search that does not set it.
	DefaultEfSearch = 100
)

// ParseParams reads the build parameters M, Ml, efConstruction and seed; unknown keys and ill-typed or out-of-range values are errors naming
// the backend and the key.
func ParseParams(p index.Params) (Params, error) {
	r := index.NewParamReader(Name, p)
	opt := Params{
		M:              r.Int("M", DefaultM),
		Ml:             r.Float("Ml", DefaultMl),
		EfConstruction: r.Int("efConstruction", DefaultEfConstruction),
		Seed:           int64(r.Int("seed", DefaultSeed)),
	}
	if opt.M < 2 {
		r.Fail("M", "%d, want ≥ 2", opt.M)
	}
	if !(opt.Ml > 0 && opt.Ml < 1) {
		r.Fail("Ml", "%v, want in (0, 1)", opt.Ml)
	}
	if opt.EfConstruction < 1 {
		r.Fail("efConstruction", "%d, want ≥ 1", opt.EfConstruction)
	}
	return opt, r.Err()
}

// withDefaults fills the zero fields of p.
func (p Params) withDefaults() Params {
	if p.M == 0 {
		p.M = DefaultM
	}
	if p.Ml == 0 {
		p.Ml = DefaultMl
	}
	if p.EfConstruction == 0 {
		p.EfConstruction = DefaultEfConstruction
	}
	if p.Seed == 0 {
		p.Seed = DefaultSeed
	}
	return p
}

// Index is a coder/hnsw graph keyed by row id. Searches may run concurrently
// with each other (each works on its own shallow copy of the graph header,
// so per-search efSearch needs no lock); Add excludes searches.
type Index struct {
	dim    int
	params Params
	metric exact.Metric
	mu     sync.RWMutex
	g      *coder.Graph[int64] // nil after Close
}

var _ index.Index = (*Index)(nil)

// errClosed is returned by every method called after Close.
var errClosed = errors.New("hnsw: index is closed")

// New returns an empty index of width dim; zero fields of p take their
// defaults.
func New(dim int, p Params) (*Index, error) {
	if dim <= 0 {
		return nil, fmt.Errorf("hnsw: dimension %d, want ≥ 1", dim)
	}
	p = p.withDefaults()
	if _, err := ParseParams(index.Params{"M": p.M, "Ml": p.Ml, "efConstruction": p.EfConstruction}); err != nil {
		return nil, err
	}
	g := &coder.Graph[int64]{
		Distance: squaredL2,
		Rng:      rand.New(rand.NewSource(p.Seed)),
		M:        p.M,
		Ml:       p.Ml,
		EfSearch: DefaultEfSearch,
	}
	return &Index{dim: dim, params: p, metric: exact.L2(dim), g: g}, nil
}

// Params returns the build parameters, defaults filled in.
func (x *Index) Params() Params { return x.params }

// Dim is the vector width.
func (x *Index) Dim() int { return x.dim }

// Len is the number of vectors added.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.g == nil {
		return 0
	}
	return x.g.Len()
}

// Train does nothing: HNSW needs no training.
func (x *Index) Train([]float32) error { return nil }

// Add inserts the rows of data (copied) with ids following on from Len,
// one at a time, with the library's EfSearch set to EfConstruction. Rows
// must be finite; on a validation error nothing is added.
func (x *Index) Add(data []float32) (err error) {
	if err := checkRows("add", data, x.dim); err != nil {
		return err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.g == nil {
		return errClosed
	}
	own := append([]float32(nil), data...)
	first := int64(x.g.Len())
	x.g.EfSearch = x.params.EfConstruction
	defer func() {
		x.g.EfSearch = DefaultEfSearch
		if r := recover(); r != nil {
			err = fmt.Errorf("hnsw: add: library panicked: %v", r)
		}
	}()
	for r := 0; r < len(own)/x.dim; r++ {
		x.g.Add(coder.MakeNode(first+int64(r), own[r*x.dim:(r+1)*x.dim]))
	}
	return nil
}

// Search returns up to k neighbours per query, sorted by (squared-L2
// distance, id). It asks the library for max(k, efSearch) nodes with
// EfSearch = efSearch, computes their exact squared-L2 distances and keeps
// the best k: the library's own answer is unordered and, bounded by k, much
// worse (see the package documentation). p.Values may set "efSearch";
// p.Threads bounds the goroutines a batch uses (0: GOMAXPROCS).
func (x *Index) Search(queries []float32, k int, p index.SearchParams) ([][]exact.Neighbor, error) {
	ef := DefaultEfSearch
	for key, v := range p.Values {
		if key != "efSearch" {
			return nil, fmt.Errorf("hnsw: unknown search parameter %q (known: efSearch)", key)
		}
		if v < 1 {
			return nil, fmt.Errorf("hnsw: search parameter efSearch = %d, want ≥ 1", v)
		}
		ef = v
	}
	if k <= 0 {
		return nil, fmt.Errorf("hnsw: search with k = %d, want ≥ 1", k)
	}
	if err := checkRows("query", queries, x.dim); err != nil {
		return nil, err
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.g == nil {
		return nil, errClosed
	}
	g := *x.g // shares the layers; EfSearch is this search's own
	g.EfSearch = ef
	nq := len(queries) / x.dim
	out := make([][]exact.Neighbor, nq)
	threads := p.Threads
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	threads = min(threads, nq)
	if threads <= 1 {
		for qi := range out {
			res, err := x.searchOne(&g, queries[qi*x.dim:(qi+1)*x.dim], k, max(k, ef))
			if err != nil {
				return nil, fmt.Errorf("hnsw: query %d: %w", qi, err)
			}
			out[qi] = res
		}
		return out, nil
	}
	var (
		wg    sync.WaitGroup
		errMu sync.Mutex
		first error
	)
	for w := 0; w < threads; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for qi := w; qi < nq; qi += threads {
				res, err := x.searchOne(&g, queries[qi*x.dim:(qi+1)*x.dim], k, max(k, ef))
				if err != nil {
					errMu.Lock()
					if first == nil {
						first = fmt.Errorf("hnsw: query %d: %w", qi, err)
					}
					errMu.Unlock()
					return
				}
				out[qi] = res
			}
		}()
	}
	wg.Wait()
	if first != nil {
		return nil, first
	}
	return out, nil
}

// searchOne asks g for want nodes near q and returns the best k of them by
// exact squared-L2 distance, sorted by (distance, id).
func (x *Index) searchOne(g *coder.Graph[int64], q []float32, k, want int) (res []exact.Neighbor, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("library panicked: %v", r)
		}
	}()
	nodes := g.Search(q, want)
	res = make([]exact.Neighbor, len(nodes))
	for i, n := range nodes {
		res[i] = exact.Neighbor{ID: n.Key, Dist: x.metric.Dist(n.Value, q)}
	}
	exact.Sort(res)
	if len(res) > k {
		res = res[:k:k]
	}
	return res, nil
}

// Bytes estimates the memory of the graph from its shape (nodes per layer,
// mean neighbours per node): the vectors, plus per layer node its struct,
// its slot in the layer's map and its neighbour map. It is an estimate of Go
// heap use, not a measurement.
func (x *Index) Bytes() int64 {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.g == nil {
		return 0
	}
	a := coder.Analyzer[int64]{Graph: x.g}
	nodes := a.Topography()
	edges := a.Connectivity() // only non-empty layers, in order
	total := int64(x.g.Len()) * int64(x.dim) * 4
	e := 0
	for _, n := range nodes {
		if n == 0 {
			continue
		}
		total += int64(n) * (nodeBytes + int64(edges[e]*edgeBytes))
		e++
	}
	return total
}

// Per-node and per-edge heap costs of the library's structures, for Bytes:
// a layer node is its layerNode struct, its neighbour map's header and table,
// and its slot in the layer's map; an edge is a map[int64]*layerNode slot
// with swiss-table slack. Calibrated against the heap growth
// BenchmarkSearch measured for 100 K vectors at M 16 and 32 (Go 1.26).
const (
	nodeBytes = 160
	edgeBytes = 36
)

// Close releases the graph; the index must not be used afterwards.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.g = nil
	return nil
}

// checkRows is index.CheckRows with the backend's name.
func checkRows(what string, v []float32, dim int) error {
	if err := index.CheckRows(what, v, dim); err != nil {
		return fmt.Errorf("%s: %w", "hnsw", err)
	}
	return nil
}
