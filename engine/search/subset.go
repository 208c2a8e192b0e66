package search

import (
	"fmt"
	"math"
	"slices"

	"github.com/ecgbench/ecgbench/engine/index"
	"github.com/ecgbench/ecgbench/engine/schema"
)

// Subset searches an index built for one group set and weight set: the
// selected groups' columns only, each scaled by √(w_g/s_g), so plain L2 on
// the index is d itself (build it from SubsetRows). It answers only the
// selection it was built for: k·margin candidates from the index, re-ranked
// under the true d (margin 1: the index's own top k).
type Subset struct {
	data   *Data
	sel    schema.Selection
	idx    index.Index
	params index.SearchParams
	cols   []int     // columns of the full vector, in index order
	factor []float32 // per index column: √(w_g/s_g)
}

var _ Strategy = (*Subset)(nil)

// subsetColumns lists the selected columns and their scale factors.
func subsetColumns(d *Data, sel schema.Selection) ([]int, []float32) {
	var cols []int
	var factor []float32
	for i, g := range sel.Groups {
		grp := d.Schema.Groups[g]
		f := float32(math.Sqrt(sel.Weights[i] / d.scale(g)))
		for j := grp.Offset; j < grp.Offset+grp.Width; j++ {
			cols = append(cols, j)
			factor = append(factor, f)
		}
	}
	return cols, factor
}

// SubsetRows returns, for every row, the columns of the selected groups
// scaled by √(w_g/s_g): the vectors a Subset index for sel is built from.
func SubsetRows(d *Data, sel schema.Selection) []float32 {
	cols, factor := subsetColumns(d, sel)
	dim := d.Schema.Dim()
	n := d.N()
	out := make([]float32, 0, n*len(cols))
	for r := 0; r < n; r++ {
		row := d.Rows[r*dim : (r+1)*dim]
		for i, c := range cols {
			out = append(out, row[c]*factor[i])
		}
	}
	return out
}

// NewSubset wraps idx, built from SubsetRows(d, sel), searched with params.
func NewSubset(d *Data, sel schema.Selection, idx index.Index, params index.SearchParams) (*Subset, error) {
	cols, factor := subsetColumns(d, sel)
	if idx.Dim() != len(cols) || idx.Len() != d.N() {
		return nil, fmt.Errorf("search: subset index holds %d×%d, the selection is %d×%d", idx.Len(), idx.Dim(), d.N(), len(cols))
	}
	return &Subset{data: d, sel: sel, idx: idx, params: params, cols: cols, factor: factor}, nil
}

// Name implements Strategy.
func (*Subset) Name() string { return "subset" }

// Bytes implements Strategy: the index plus the matrix kept for re-ranking.
func (s *Subset) Bytes() int64 { return s.idx.Bytes() + s.data.Bytes() }

// Search implements Strategy. A query whose groups or weights differ from
// the index's selection is an error.
func (s *Subset) Search(q Query) (Answer, error) {
	if err := s.data.Validate(&q); err != nil {
		return Answer{}, err
	}
	if !slices.Equal(q.Sel.Groups, s.sel.Groups) || !slices.Equal(q.Sel.Weights, s.sel.Weights) {
		return Answer{}, fmt.Errorf("search: this subset index answers %s with weights %v, not %s with weights %v",
			s.sel.Label(s.data.Schema), s.sel.Weights, q.Sel.Label(s.data.Schema), q.Sel.Weights)
	}
	m, err := s.data.Metric(q.Sel)
	if err != nil {
		return Answer{}, err
	}
	proj := make([]float32, len(s.cols))
	for i, c := range s.cols {
		proj[i] = q.Vector[c] * s.factor[i]
	}
	want := candidates(q.K, q.Margin)
	if q.Exclude >= 0 {
		want++
	}
	got, err := searchOne(s.idx, proj, min(want, s.data.N()), s.params)
	if err != nil {
		return Answer{}, fmt.Errorf("search: subset index: %w", err)
	}
	ids := make([]int64, len(got))
	for i, nb := range got {
		ids[i] = nb.ID
	}
	return Answer{
		Neighbors:  rerank(s.data, m, q.Vector, ids, q.K, q.Exclude),
		Probed:     []string{"subset " + s.sel.Label(s.data.Schema)},
		Candidates: len(got),
	}, nil
}
