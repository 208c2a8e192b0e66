// Package flat is ecgbench's pure-Go exact index: it keeps the vectors in one
// row-major slice and answers every search with exact.Search under
// exact.L2, so its answers are the ground truth itself, on as many cores as
// SearchParams.Threads allows. It registers the backend "flat", which takes
// no build or search parameters.
package flat

import (
	"errors"
	"fmt"
	"sync"

	"github.com/ecgbench/ecgbench/engine/exact"
	"github.com/ecgbench/ecgbench/engine/index"
)

// Name is the backend name "flat" registers under.
const Name = "flat"

func init() {
	index.Register(index.Backend{
		Name: Name,
		New: func(dim int, p index.Params) (index.Index, error) {
			if err := index.NewParamReader(Name, p).Err(); err != nil {
				return nil, err
			}
			return New(dim)
		},
		Load: func(path string) (index.Index, error) { return Load(path) },
	})
}

// Index is an exact squared-L2 index. Searches may run concurrently with each
// other and with Add.
type Index struct {
	dim    int
	metric exact.Metric
	mu     sync.RWMutex
	data   []float32 // row-major; nil after Close
	closed bool
}

var _ index.Index = (*Index)(nil)

// errClosed is returned by every method called after Close.
var errClosed = errors.New("flat: index is closed")

// New returns an empty index of width dim.
func New(dim int) (*Index, error) {
	if dim <= 0 {
		return nil, fmt.Errorf("flat: dimension %d, want ≥ 1", dim)
	}
	return &Index{dim: dim, metric: exact.L2(dim)}, nil
}

// Dim is the vector width.
func (x *Index) Dim() int { return x.dim }

// Len is the number of vectors added.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.data) / x.dim
}

// Train does nothing: a flat index needs no training.
func (x *Index) Train([]float32) error { return nil }

// Add appends the rows of data, which must all be finite; on error nothing
// is added.
func (x *Index) Add(data []float32) error {
	if err := checkRows("add", data, x.dim); err != nil {
		return err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.closed {
		return errClosed
	}
	x.data = append(x.data, data...)
	return nil
}

// Search returns the exact k nearest rows for each query, sorted by
// (distance, id). p.Threads bounds the goroutines of the scan (0: all
// cores); flat takes no p.Values.
func (x *Index) Search(queries []float32, k int, p index.SearchParams) ([][]exact.Neighbor, error) {
	if len(p.Values) > 0 {
		return nil, fmt.Errorf("flat: takes no search parameters, got %v", p.Values)
	}
	if k <= 0 {
		return nil, fmt.Errorf("flat: search with k = %d, want ≥ 1", k)
	}
	if err := checkRows("query", queries, x.dim); err != nil {
		return nil, err
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.closed {
		return nil, errClosed
	}
	res, err := exact.Search(x.data, x.metric, queries, k, exact.Options{Threads: p.Threads})
	if err != nil {
		return nil, fmt.Errorf("flat: %w", err)
	}
	return res, nil
}

// Bytes is the size of the stored vectors.
func (x *Index) Bytes() int64 {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return int64(len(x.data)) * 4
}

// Close releases the vectors; the index must not be used afterwards.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.data, x.closed = nil, true
	return nil
}

// checkRows is index.CheckRows with the backend's name.
func checkRows(what string, v []float32, dim int) error {
	if err := index.CheckRows(what, v, dim); err != nil {
		return fmt.Errorf("%s: %w", "flat", err)
	}
	return nil
}
