package search

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/ecgbench/ecgbench/engine/exact"
	"github.com/ecgbench/ecgbench/engine/index"
)

// GroupIndex is one group's index in a Hybrid, built from GroupRows.
type GroupIndex struct {
	Index  index.Index
	Params index.SearchParams
}

// Hybrid searches one index per group and fuses their candidates.
type Hybrid struct {
	data   *Data
	groups map[int]GroupIndex // by schema group position
}

var _ Strategy = (*Hybrid)(nil)

// GroupRows returns the columns of group g of every row: the vectors group
// g's index is built from.
func GroupRows(d *Data, g int) []float32 {
	grp := d.Schema.Groups[g]
	dim := d.Schema.Dim()
	n := d.N()
	out := make([]float32, 0, n*grp.Width)
	for r := 0; r < n; r++ {
		out = append(out, d.Rows[r*dim+grp.Offset:r*dim+grp.Offset+grp.Width]...)
	}
	return out
}

// NewHybrid wraps per-group indexes, keyed by schema group position. Queries
// may select only groups that have an index.
func NewHybrid(d *Data, groups map[int]GroupIndex) (*Hybrid, error) {
	for g, gi := range groups {
		if g < 0 || g >= len(d.Schema.Groups) {
			return nil, fmt.Errorf("search: hybrid index for group %d out of range", g)
		}
		grp := d.Schema.Groups[g]
		if gi.Index.Dim() != grp.Width || gi.Index.Len() != d.N() {
			return nil, fmt.Errorf("search: %s index holds %d×%d, group is %d×%d", grp.Name, gi.Index.Len(), gi.Index.Dim(), d.N(), grp.Width)
		}
	}
	return &Hybrid{data: d, groups: groups}, nil
}

// Name implements Strategy.
func (*Hybrid) Name() string { return "hybrid" }

// Bytes implements Strategy: the group indexes plus the matrix, which
// re-ranking and the true distances of answers need.
func (h *Hybrid) Bytes() int64 {
	b := h.data.Bytes()
	for _, gi := range h.groups {
		b += gi.Index.Bytes()
	}
	return b
}

// groupHits is one group's candidates, sorted by the index's distance.
type groupHits struct {
	group  int
	weight float64
	hits   []exact.Neighbor
}

// Search implements Strategy.
func (h *Hybrid) Search(q Query) (Answer, error) {
	if err := h.data.Validate(&q); err != nil {
		return Answer{}, err
	}
	m, err := h.data.Metric(q.Sel)
	if err != nil {
		return Answer{}, err
	}
	// One selected group with a rank-based fusion: that index alone, k
	// results, as the reference did. Rerank still fetches k·margin.
	want := candidates(q.K, q.Margin)
	if len(q.Sel.Groups) == 1 && q.Fusion != FusionRerank {
		want = q.K
	}
	if q.Exclude >= 0 {
		want++
	}
	want = min(want, h.data.N())

	var ans Answer
	per := make([]groupHits, len(q.Sel.Groups))
	for i, g := range q.Sel.Groups {
		gi, ok := h.groups[g]
		if !ok {
			return Answer{}, fmt.Errorf("search: hybrid has no index for group %q", h.data.Schema.Groups[g].Name)
		}
		grp := h.data.Schema.Groups[g]
		hits, err := searchOne(gi.Index, q.Vector[grp.Offset:grp.Offset+grp.Width], want, gi.Params)
		if err != nil {
			return Answer{}, fmt.Errorf("search: %s index: %w", grp.Name, err)
		}
		hits = dropID(hits, q.Exclude)
		per[i] = groupHits{group: g, weight: q.Sel.Weights[i], hits: hits}
		ans.Probed = append(ans.Probed, grp.Name)
		ans.Candidates += len(hits)
	}

	var ids []int64
	switch {
	case q.Fusion == FusionRerank:
		for _, p := range per {
			for _, nb := range p.hits {
				ids = append(ids, nb.ID)
			}
		}
		// Groups may return the same row; score each once.
		slices.Sort(ids)
		ids = slices.Compact(ids)
		ans.Neighbors = rerank(h.data, m, q.Vector, ids, q.K, -1)
		return ans, nil
	case len(per) == 1:
		for _, nb := range per[0].hits {
			ids = append(ids, nb.ID)
		}
	case q.Fusion == FusionZScore:
		ids = fuseZScore(per, q.K)
	case q.Fusion == FusionRRF:
		ids = fuseRRF(per, q.K, q.RRFK)
	}
	if len(ids) > q.K {
		ids = ids[:q.K]
	}
	// The fused set is the answer; report it under the true d.
	for _, id := range ids {
		ans.Neighbors = append(ans.Neighbors, exact.Neighbor{ID: id, Dist: m.Dist(h.data.Row(id), q.Vector)})
	}
	exact.Sort(ans.Neighbors)
	return ans, nil
}

func dropID(ns []exact.Neighbor, id int64) []exact.Neighbor {
	if id < 0 {
		return ns
	}
	out := ns[:0:0]
	for _, nb := range ns {
		if nb.ID != id {
			out = append(out, nb)
		}
	}
	return out
}

type scored struct {
	id    int64
	score float64
}

// fuseZScore is the reference's rule: within the query, each group's
// candidate distances become z-scores (population standard deviation; all
// zero when the deviation is zero); a candidate's total is the weighted sum
// over selected groups, where a group that did not return it counts as that
// group's largest z-score plus 1e-8. Lowest total first, ties by id.
func fuseZScore(per []groupHits, k int) []int64 {
	z := make([]map[int64]float64, len(per))
	worst := make([]float64, len(per))
	var order []int64
	seen := map[int64]bool{}
	for i, p := range per {
		z[i] = make(map[int64]float64, len(p.hits))
		var mean, sq float64
		for _, nb := range p.hits {
			mean += float64(nb.Dist)
		}
		n := float64(len(p.hits))
		if n > 0 {
			mean /= n
		}
		for _, nb := range p.hits {
			d := float64(nb.Dist) - mean
			sq += d * d
		}
		std := 0.0
		if n > 0 {
			std = math.Sqrt(sq / n)
		}
		worst[i] = math.Inf(-1)
		for _, nb := range p.hits {
			v := 0.0
			if std > 0 {
				v = (float64(nb.Dist) - mean) / std
			}
			z[i][nb.ID] = v
			worst[i] = math.Max(worst[i], v)
			if !seen[nb.ID] {
				seen[nb.ID] = true
				order = append(order, nb.ID)
			}
		}
		if len(p.hits) == 0 {
			worst[i] = 0
		}
	}
	out := make([]scored, 0, len(order))
	for _, id := range order {
		total := 0.0
		for i, p := range per {
			v, ok := z[i][id]
			if !ok {
				v = worst[i] + 1e-8
			}
			total += p.weight * v
		}
		out = append(out, scored{id, total})
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].score != out[b].score {
			return out[a].score < out[b].score
		}
		return out[a].id < out[b].id
	})
	return topIDs(out, k)
}

// fuseRRF is weighted reciprocal rank fusion: a candidate scores
// Σ_g w_g / (c + rank_g) over the groups that returned it (rank from 1).
// Highest score first, ties by id.
func fuseRRF(per []groupHits, k int, c float64) []int64 {
	score := map[int64]float64{}
	for _, p := range per {
		for r, nb := range p.hits {
			score[nb.ID] += p.weight / (c + float64(r+1))
		}
	}
	out := make([]scored, 0, len(score))
	for id, s := range score {
		out = append(out, scored{id, s})
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].score != out[b].score {
			return out[a].score > out[b].score
		}
		return out[a].id < out[b].id
	})
	return topIDs(out, k)
}

func topIDs(s []scored, k int) []int64 {
	if len(s) > k {
		s = s[:k]
	}
	ids := make([]int64, len(s))
	for i, x := range s {
		ids[i] = x.id
	}
	return ids
}
