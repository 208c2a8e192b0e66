package search

import (
	"fmt"
	"math"

	"github.com/ecgbench/ecgbench/engine/exact"
	"github.com/ecgbench/ecgbench/engine/index"
)

// Single searches one index over the full vector whose columns are scaled
// group by group by 1/√s_g (build it from ScaledRows), so plain L2 on the
// index is d with unit weights.
type Single struct {
	data   *Data
	idx    index.Index
	params index.SearchParams
	factor []float32 // per column: 1/√s_g
}

var _ Strategy = (*Single)(nil)

// ScaledRows returns a copy of d's rows with each group's columns multiplied
// by 1/√s_g: the vectors a Single index is built from.
func ScaledRows(d *Data) []float32 {
	f := columnFactors(d)
	dim := len(f)
	out := make([]float32, len(d.Rows))
	for i, v := range d.Rows {
		out[i] = v * f[i%dim]
	}
	return out
}

func columnFactors(d *Data) []float32 {
	f := make([]float32, d.Schema.Dim())
	for gi, g := range d.Schema.Groups {
		s := float32(1 / math.Sqrt(d.scale(gi)))
		for j := g.Offset; j < g.Offset+g.Width; j++ {
			f[j] = s
		}
	}
	return f
}

// NewSingle wraps idx, an index built from ScaledRows(d), searched with
// params.
func NewSingle(d *Data, idx index.Index, params index.SearchParams) (*Single, error) {
	if idx.Dim() != d.Schema.Dim() || idx.Len() != d.N() {
		return nil, fmt.Errorf("search: single index holds %d×%d, data is %d×%d", idx.Len(), idx.Dim(), d.N(), d.Schema.Dim())
	}
	return &Single{data: d, idx: idx, params: params, factor: columnFactors(d)}, nil
}

// Name implements Strategy.
func (*Single) Name() string { return "single" }

// Bytes implements Strategy: the index plus the matrix kept for re-ranking.
func (s *Single) Bytes() int64 { return s.idx.Bytes() + s.data.Bytes() }

// Direct reports whether q is answered by the index alone: every group
// selected with equal weights.
func (s *Single) Direct(q Query) bool {
	return q.Sel.All(s.data.Schema) && q.Sel.Uniform()
}

// Search implements Strategy.
func (s *Single) Search(q Query) (Answer, error) {
	if err := s.data.Validate(&q); err != nil {
		return Answer{}, err
	}
	m, err := s.data.Metric(q.Sel)
	if err != nil {
		return Answer{}, err
	}
	scaled := make([]float32, len(q.Vector))
	for j, v := range q.Vector {
		scaled[j] = v * s.factor[j]
	}
	direct := s.Direct(q)
	want := q.K
	if !direct {
		want = candidates(q.K, q.Margin)
	}
	if q.Exclude >= 0 {
		want++
	}
	got, err := searchOne(s.idx, scaled, min(want, s.data.N()), s.params)
	if err != nil {
		return Answer{}, fmt.Errorf("search: single index: %w", err)
	}
	ans := Answer{Probed: []string{"single"}, Candidates: len(got)}
	if direct {
		// Report the true d of what the index found (its own distance is
		// d/w, and may be approximate for compressed indexes).
		for _, nb := range got {
			if nb.ID == q.Exclude {
				continue
			}
			ans.Neighbors = append(ans.Neighbors, exact.Neighbor{ID: nb.ID, Dist: m.Dist(s.data.Row(nb.ID), q.Vector)})
		}
		exact.Sort(ans.Neighbors)
		if len(ans.Neighbors) > q.K {
			ans.Neighbors = ans.Neighbors[:q.K]
		}
		return ans, nil
	}
	ids := make([]int64, len(got))
	for i, nb := range got {
		ids[i] = nb.ID
	}
	ans.Neighbors = rerank(s.data, m, q.Vector, ids, q.K, q.Exclude)
	return ans, nil
}
