package search

import "github.com/ecgbench/ecgbench/engine/exact"

// Exact answers by brute force under d: the ground truth.
type Exact struct {
	data *Data
}

var _ Strategy = (*Exact)(nil)

// NewExact returns the brute-force strategy over d.
func NewExact(d *Data) *Exact { return &Exact{data: d} }

// Name implements Strategy.
func (*Exact) Name() string { return "exact" }

// Bytes implements Strategy: the full matrix.
func (e *Exact) Bytes() int64 { return e.data.Bytes() }

// Search implements Strategy.
func (e *Exact) Search(q Query) (Answer, error) {
	if err := e.data.Validate(&q); err != nil {
		return Answer{}, err
	}
	m, err := e.data.Metric(q.Sel)
	if err != nil {
		return Answer{}, err
	}
	res, err := exact.Search(e.data.Rows, m, q.Vector, q.K, exact.Options{Threads: 1, Exclude: []int64{q.Exclude}})
	if err != nil {
		return Answer{}, err
	}
	return Answer{Neighbors: res[0], Probed: []string{"exact"}, Candidates: e.data.N()}, nil
}
