package search

import (
	"fmt"
	"math"

	"github.com/ecgbench/ecgbench/engine/exact"
	"github.com/ecgbench/ecgbench/engine/index"
	"github.com/ecgbench/ecgbench/engine/schema"
)

// Fusion names how Hybrid merges per-group candidates.
type Fusion string

// Fusion rules.
const (
	FusionZScore Fusion = "zscore"
	FusionRRF    Fusion = "rrf"
	FusionRerank Fusion = "rerank"
)

// DefaultRRFK is the reciprocal-rank-fusion constant of Cormack et al.
const DefaultRRFK = 60

// Query is one question.
type Query struct {
	// Vector is the preprocessed query, Data.Schema.Dim() wide.
	Vector []float32
	// Exclude is a row id left out of the answer (a query taken from the
	// data itself), or -1.
	Exclude int64
	// Sel is the resolved choice of groups and weights.
	Sel schema.Selection
	// K is the number of neighbours wanted, ≥ 1.
	K int
	// Margin multiplies k for candidate fetching (Single re-ranking,
	// Hybrid per group); ≥ 1. Zero means 1.
	Margin float64
	// Fusion is Hybrid's merge rule; empty means FusionRerank.
	Fusion Fusion
	// RRFK is the RRF constant; zero means DefaultRRFK.
	RRFK float64
}

// Answer is a strategy's reply.
type Answer struct {
	// Neighbors are sorted by true distance d, then id; len ≤ K.
	Neighbors []exact.Neighbor
	// Probed names the indexes searched ("exact" for a full scan).
	Probed []string
	// Candidates is the number of candidates the strategy weighed (fetched
	// from indexes or scanned).
	Candidates int
}

// Strategy answers queries over one dataset.
type Strategy interface {
	// Name is the strategy's kind: exact, single, hybrid or auto.
	Name() string
	// Search answers one query on the calling goroutine.
	Search(q Query) (Answer, error)
	// Bytes is the memory the strategy holds: its indexes plus any full
	// matrix it keeps for re-ranking.
	Bytes() int64
}

// Data is the dataset a strategy searches: the preprocessed matrix, its
// schema and the group scales s_g (nil: s_g = 1, normalize = "none").
type Data struct {
	Schema schema.Schema
	Scales []float64
	Rows   []float32
}

// N is the number of rows.
func (d *Data) N() int { return len(d.Rows) / d.Schema.Dim() }

// Row returns row i.
func (d *Data) Row(i int64) []float32 {
	dim := d.Schema.Dim()
	return d.Rows[int(i)*dim : (int(i)+1)*dim]
}

// Bytes is the size of the matrix.
func (d *Data) Bytes() int64 { return int64(len(d.Rows)) * 4 }

// Metric compiles sel into the true distance d.
func (d *Data) Metric(sel schema.Selection) (exact.Metric, error) {
	return exact.Weighted(d.Schema, sel, d.Scales)
}

func (d *Data) scale(g int) float64 {
	if d.Scales == nil {
		return 1
	}
	return d.Scales[g]
}

// Validate checks a query against the data; every problem is named.
func (d *Data) Validate(q *Query) error {
	dim := d.Schema.Dim()
	if len(q.Vector) != dim {
		return fmt.Errorf("search: query has %d columns, data has %d", len(q.Vector), dim)
	}
	for j, v := range q.Vector {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("search: query column %d is %v", j, v)
		}
	}
	if q.K <= 0 {
		return fmt.Errorf("search: k = %d, want ≥ 1", q.K)
	}
	if q.Margin == 0 {
		q.Margin = 1
	}
	if math.IsNaN(q.Margin) || q.Margin < 1 {
		return fmt.Errorf("search: margin = %v, want ≥ 1", q.Margin)
	}
	if len(q.Sel.Groups) == 0 || len(q.Sel.Groups) != len(q.Sel.Weights) {
		return fmt.Errorf("search: %d groups with %d weights selected", len(q.Sel.Groups), len(q.Sel.Weights))
	}
	for i, g := range q.Sel.Groups {
		if g < 0 || g >= len(d.Schema.Groups) {
			return fmt.Errorf("search: group index %d out of range", g)
		}
		w := q.Sel.Weights[i]
		if math.IsNaN(w) || math.IsInf(w, 0) || w <= 0 {
			return fmt.Errorf("search: weight of group %q is %v, want > 0", d.Schema.Groups[g].Name, w)
		}
	}
	switch q.Fusion {
	case "":
		q.Fusion = FusionRerank
	case FusionZScore, FusionRRF, FusionRerank:
	default:
		return fmt.Errorf("search: unknown fusion %q (want zscore, rrf or rerank)", q.Fusion)
	}
	if q.RRFK == 0 {
		q.RRFK = DefaultRRFK
	}
	if q.RRFK < 0 || math.IsNaN(q.RRFK) {
		return fmt.Errorf("search: rrf constant = %v, want > 0", q.RRFK)
	}
	if q.Exclude < -1 || q.Exclude >= int64(d.N()) {
		return fmt.Errorf("search: excluded row %d out of range [0,%d)", q.Exclude, d.N())
	}
	return nil
}

// candidates is ⌈k·margin⌉, at least k.
func candidates(k int, margin float64) int {
	return max(k, int(math.Ceil(float64(k)*margin)))
}

// rerank scores ids, which must be distinct, under m and keeps the k best,
// dropping exclude.
func rerank(d *Data, m exact.Metric, q []float32, ids []int64, k int, exclude int64) []exact.Neighbor {
	top := exact.NewTopK(k)
	for _, id := range ids {
		if id != exclude {
			top.Push(id, m.Dist(d.Row(id), q))
		}
	}
	return top.Results()
}

// searchOne asks idx for up to want neighbours of one query, one thread.
func searchOne(idx index.Index, q []float32, want int, sp index.SearchParams) ([]exact.Neighbor, error) {
	sp.Threads = 1
	res, err := idx.Search(q, want, sp)
	if err != nil {
		return nil, err
	}
	return res[0], nil
}
