package search

import (
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/ecgbench/ecgbench/engine/exact"
	"github.com/ecgbench/ecgbench/engine/index"
	"github.com/ecgbench/ecgbench/engine/schema"
)

// bruteIndex is an exact L2 index for these tests, so the strategies are
// tested apart from any backend.
type bruteIndex struct {
	dim  int
	rows []float32
}

func (b *bruteIndex) Dim() int              { return b.dim }
func (b *bruteIndex) Len() int              { return len(b.rows) / b.dim }
func (b *bruteIndex) Train([]float32) error { return nil }
func (b *bruteIndex) Add(v []float32) error { b.rows = append(b.rows, v...); return nil }
func (b *bruteIndex) Bytes() int64          { return int64(len(b.rows)) * 4 }
func (b *bruteIndex) Save(string) error     { return nil }
func (b *bruteIndex) Close() error          { return nil }
func (b *bruteIndex) Search(q []float32, k int, _ index.SearchParams) ([][]exact.Neighbor, error) {
	return exact.Search(b.rows, exact.L2(b.dim), q, k, exact.Options{Threads: 1})
}

// testData is n rows of the default schema with 3 PCA components, from a
// few clusters, with group scales estimated like preprocessing does.
func testData(n int, seed uint64) *Data {
	s := schema.Default(3)
	dim := s.Dim()
	rng := rand.New(rand.NewPCG(seed, 7))
	centres := make([][]float32, 5)
	for c := range centres {
		centres[c] = make([]float32, dim)
		for j := range centres[c] {
			centres[c][j] = float32(rng.NormFloat64() * 2)
		}
	}
	rows := make([]float32, n*dim)
	for r := 0; r < n; r++ {
		c := centres[rng.IntN(len(centres))]
		for j := 0; j < dim; j++ {
			rows[r*dim+j] = c[j] + float32(rng.NormFloat64())
		}
	}
	// Quantize some rows so ties occur.
	for r := 0; r < n; r += 7 {
		for j := 0; j < dim; j++ {
			rows[r*dim+j] = float32(math.Round(float64(rows[r*dim+j])))
		}
	}
	return &Data{Schema: s, Scales: []float64{2.1, 9.5, 7.2, 11.0}, Rows: rows}
}

func build(t *testing.T, dim int, rows []float32) index.Index {
	t.Helper()
	b := &bruteIndex{dim: dim}
	if err := b.Add(rows); err != nil {
		t.Fatal(err)
	}
	return b
}

func strategies(t *testing.T, d *Data) (*Exact, *Single, *Hybrid) {
	t.Helper()
	single, err := NewSingle(d, build(t, d.Schema.Dim(), ScaledRows(d)), index.SearchParams{})
	if err != nil {
		t.Fatal(err)
	}
	groups := map[int]GroupIndex{}
	for g, grp := range d.Schema.Groups {
		groups[g] = GroupIndex{Index: build(t, grp.Width, GroupRows(d, g))}
	}
	hybrid, err := NewHybrid(d, groups)
	if err != nil {
		t.Fatal(err)
	}
	return NewExact(d), single, hybrid
}

var groupSets = [][]string{
	{"heart_rate"}, {"risk_scores"}, {"embedding", "heart_rate"}, {"beat_props", "risk_scores"},
	{"embedding", "heart_rate", "risk_scores"}, {"embedding", "beat_props", "risk_scores"},
	{"heart_rate", "risk_scores", "embedding", "beat_props"},
}

func sel(t *testing.T, s schema.Schema, names []string, w []float64) schema.Selection {
	t.Helper()
	out, err := s.Select(names, w)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestExhaustiveEqualsExact: with every row a candidate, single re-ranking
// and hybrid rerank give exactly the exact answer, for every group set,
// weights and excluded row.
func TestExhaustiveEqualsExact(t *testing.T) {
	d := testData(600, 1)
	ex, single, hybrid := strategies(t, d)
	const k = 10
	margin := float64(d.N()) / k
	for _, names := range groupSets {
		for _, w := range [][]float64{nil, weightsFor(names, 3)} {
			for qi := int64(0); qi < 20; qi++ {
				q := Query{Vector: d.Row(qi * 13), Exclude: qi * 13, Sel: sel(t, d.Schema, names, w), K: k, Margin: margin, Fusion: FusionRerank}
				want, err := ex.Search(q)
				if err != nil {
					t.Fatal(err)
				}
				if len(want.Neighbors) != k {
					t.Fatalf("exact returned %d", len(want.Neighbors))
				}
				for _, st := range []Strategy{single, hybrid, NewAuto(single, hybrid)} {
					got, err := st.Search(q)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(got.Neighbors, want.Neighbors) {
						t.Fatalf("%s %v w=%v q=%d:\n got %v\nwant %v", st.Name(), names, w, qi, got.Neighbors, want.Neighbors)
					}
					for _, nb := range got.Neighbors {
						if nb.ID == q.Exclude {
							t.Fatalf("%s returned the excluded row", st.Name())
						}
					}
				}
			}
		}
	}
}

func weightsFor(names []string, heavy float64) []float64 {
	w := make([]float64, len(names))
	for i := range w {
		w[i] = 1
	}
	w[0] = heavy
	return w
}

// TestSingleDirect: an all-group equal-weight query is answered from the
// single index alone (k results fetched), and equals exact with a brute index.
func TestSingleDirect(t *testing.T) {
	d := testData(500, 2)
	ex, single, _ := strategies(t, d)
	q := Query{Vector: d.Row(5), Exclude: -1, Sel: sel(t, d.Schema, groupSets[6], []float64{2, 2, 2, 2}), K: 7, Margin: 4}
	if !single.Direct(q) {
		t.Fatal("all groups with equal weights should be direct")
	}
	got, err := single.Search(q)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := ex.Search(q)
	if got.Candidates != 7 {
		t.Errorf("direct query fetched %d candidates, want k = 7", got.Candidates)
	}
	if !sameIDs(got.Neighbors, want.Neighbors) {
		t.Errorf("got %v want %v", got.Neighbors, want.Neighbors)
	}
	for i := range got.Neighbors {
		if rel := math.Abs(float64(got.Neighbors[i].Dist-want.Neighbors[i].Dist)) / float64(want.Neighbors[i].Dist+1e-9); rel > 1e-5 {
			t.Errorf("distance %d: %v vs exact %v", i, got.Neighbors[i].Dist, want.Neighbors[i].Dist)
		}
	}
}

func sameIDs(a, b []exact.Neighbor) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID {
			return false
		}
	}
	return true
}

// TestZScoreHandExample checks the reference's rule on three groups worked
// out by hand:
//
//	g0 (w=1): id1 d=1, id2 d=2, id3 d=3  → z −1.2247, 0, 1.2247; worst 1.2247
//	g1 (w=2): id2 d=0, id4 d=3, id5 d=9  → z −1.0690, −0.2673, 1.3363; worst 1.3363
//	g2 (w=1): id3 d=5, id1 d=7           → z −1, 1; worst 1
//
//	id1: −1.2247 + 2·(1.3363+1e-8) + 1      =  2.4479
//	id2:  0      + 2·(−1.0690)  + (1+1e-8)  = −1.1381
//	id3:  1.2247 + 2·(1.3363+1e-8) − 1      =  2.8974
//	id4: (1.2247+1e-8) + 2·(−0.2673) + (1+1e-8) = 1.6902
//	id5: (1.2247+1e-8) + 2·1.3363 + (1+1e-8)    = 4.8974
func TestZScoreHandExample(t *testing.T) {
	nb := func(id int64, d float32) exact.Neighbor { return exact.Neighbor{ID: id, Dist: d} }
	per := []groupHits{
		{group: 0, weight: 1, hits: []exact.Neighbor{nb(1, 1), nb(2, 2), nb(3, 3)}},
		{group: 1, weight: 2, hits: []exact.Neighbor{nb(2, 0), nb(4, 3), nb(5, 9)}},
		{group: 2, weight: 1, hits: []exact.Neighbor{nb(3, 5), nb(1, 7)}},
	}
	if got, want := fuseZScore(per, 5), []int64{2, 4, 1, 3, 5}; !reflect.DeepEqual(got, want) {
		t.Errorf("zscore order %v, want %v", got, want)
	}
	if got, want := fuseZScore(per, 3), []int64{2, 4, 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("zscore top 3 %v, want %v", got, want)
	}
	// RRF (c=60) on the same hits: id2 = 1/62 + 2/61 = .04892,
	// id1 = 1/61 + 1/62 = .03252, id3 = 1/63 + 1/61 = .03227,
	// id4 = 2/62 = .03226, id5 = 2/63 = .03175.
	if got, want := fuseRRF(per, 5, 60), []int64{2, 1, 3, 4, 5}; !reflect.DeepEqual(got, want) {
		t.Errorf("rrf order %v, want %v", got, want)
	}
}

// TestWeightMovesAnswer: raising one group's weight moves the answer toward
// that group's own nearest neighbours, for every fusion.
func TestWeightMovesAnswer(t *testing.T) {
	d := testData(2000, 3)
	ex, _, hybrid := strategies(t, d)
	names := []string{"embedding", "beat_props"}
	const k = 20
	for _, st := range []struct {
		s      Strategy
		fusion Fusion
	}{{ex, ""}, {hybrid, FusionZScore}, {hybrid, FusionRRF}, {hybrid, FusionRerank}} {
		prev := -1.0
		for _, w := range []float64{0.05, 1, 20} {
			var overlap float64
			for qi := int64(0); qi < 30; qi++ {
				q := Query{Vector: d.Row(qi), Exclude: qi, K: k, Margin: 5, Fusion: st.fusion}
				q.Sel = sel(t, d.Schema, names, []float64{w, 1})
				got, err := st.s.Search(q)
				if err != nil {
					t.Fatal(err)
				}
				q.Sel = sel(t, d.Schema, names[:1], nil)
				alone, _ := ex.Search(q)
				overlap += float64(len(intersect(got.Neighbors, alone.Neighbors))) / k
			}
			if overlap <= prev {
				t.Errorf("%s-%s: overlap with embedding-only answer %.2f at weight %v, not above %.2f at the lower weight", st.s.Name(), st.fusion, overlap/30, w, prev/30)
			}
			prev = overlap
		}
	}
}

func intersect(a, b []exact.Neighbor) []int64 {
	in := map[int64]bool{}
	for _, x := range a {
		in[x.ID] = true
	}
	var out []int64
	for _, x := range b {
		if in[x.ID] {
			out = append(out, x.ID)
		}
	}
	return out
}

// TestKBeyondCandidates: k larger than the data returns every row once.
func TestKBeyondCandidates(t *testing.T) {
	d := testData(50, 4)
	ex, single, hybrid := strategies(t, d)
	for _, st := range []Strategy{ex, single, hybrid} {
		for _, f := range []Fusion{FusionZScore, FusionRRF, FusionRerank} {
			q := Query{Vector: d.Row(0), Exclude: 0, Sel: sel(t, d.Schema, groupSets[3], nil), K: 80, Margin: 2, Fusion: f}
			got, err := st.Search(q)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Neighbors) != 49 {
				t.Errorf("%s-%s: %d results for k=80 over 50 rows with one excluded, want 49", st.Name(), f, len(got.Neighbors))
			}
			seen := map[int64]bool{}
			for i, nb := range got.Neighbors {
				if seen[nb.ID] || nb.ID == 0 {
					t.Fatalf("%s-%s: duplicate or excluded id %d", st.Name(), f, nb.ID)
				}
				seen[nb.ID] = true
				if i > 0 && exact.Less(nb, got.Neighbors[i-1]) {
					t.Fatalf("%s-%s: not sorted at %d", st.Name(), f, i)
				}
			}
		}
	}
}

func TestBadInput(t *testing.T) {
	d := testData(50, 5)
	ex, single, hybrid := strategies(t, d)
	good := sel(t, d.Schema, []string{"heart_rate"}, nil)
	cases := []struct {
		name string
		q    Query
		want string
	}{
		{"k zero", Query{K: 0, Sel: good}, "k = 0"},
		{"k negative", Query{K: -3, Sel: good}, "k = -3"},
		{"margin below one", Query{K: 5, Margin: 0.5, Sel: good}, "margin = 0.5"},
		{"NaN margin", Query{K: 5, Margin: math.NaN(), Sel: good}, "margin = NaN"},
		{"no groups", Query{K: 5}, "0 groups"},
		{"zero weight", Query{K: 5, Sel: schema.Selection{Groups: []int{0}, Weights: []float64{0}}}, "weight of group \"heart_rate\" is 0"},
		{"NaN weight", Query{K: 5, Sel: schema.Selection{Groups: []int{0}, Weights: []float64{math.NaN()}}}, "is NaN"},
		{"unknown fusion", Query{K: 5, Sel: good, Fusion: "borda"}, "unknown fusion \"borda\""},
		{"excluded row out of range", Query{K: 5, Sel: good, Exclude: 50}, "excluded row 50"},
	}
	for _, c := range cases {
		for _, st := range []Strategy{ex, single, hybrid} {
			q := c.q
			if q.Vector == nil {
				q.Vector = d.Row(1)
			}
			if q.Exclude == 0 {
				q.Exclude = -1
			}
			_, err := st.Search(q)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s/%s: error %v, want it to mention %q", c.name, st.Name(), err, c.want)
			}
		}
	}
	q := Query{Vector: []float32{1, 2}, K: 5, Sel: good, Exclude: -1}
	if _, err := ex.Search(q); err == nil || !strings.Contains(err.Error(), "2 columns") {
		t.Errorf("short vector: %v", err)
	}
	nan := append([]float32(nil), d.Row(1)...)
	nan[3] = float32(math.NaN())
	if _, err := hybrid.Search(Query{Vector: nan, K: 5, Sel: good, Exclude: -1}); err == nil || !strings.Contains(err.Error(), "column 3 is NaN") {
		t.Errorf("NaN query: %v", err)
	}
	// Names resolve through the schema: unknown groups and bad weights fail there.
	if _, err := d.Schema.Select([]string{"qt_interval"}, nil); err == nil || !strings.Contains(err.Error(), `unknown group "qt_interval"`) {
		t.Errorf("unknown group: %v", err)
	}
	if _, err := d.Schema.Select([]string{"heart_rate", "embedding"}, []float64{0, 0}); err == nil {
		t.Error("all-zero weights accepted")
	}
	if _, err := d.Schema.Select([]string{"heart_rate"}, []float64{-1}); err == nil || !strings.Contains(err.Error(), "-1") {
		t.Errorf("negative weight: %v", err)
	}
}

// TestAutoRoutes: all groups go to single, others to hybrid.
func TestAutoRoutes(t *testing.T) {
	d := testData(300, 6)
	_, single, hybrid := strategies(t, d)
	auto := NewAuto(single, hybrid)
	all, _ := auto.Search(Query{Vector: d.Row(0), Exclude: -1, Sel: sel(t, d.Schema, groupSets[6], nil), K: 5, Fusion: FusionZScore})
	part, _ := auto.Search(Query{Vector: d.Row(0), Exclude: -1, Sel: sel(t, d.Schema, groupSets[2], nil), K: 5, Fusion: FusionZScore})
	if !reflect.DeepEqual(all.Probed, []string{"single"}) {
		t.Errorf("all groups probed %v, want [single]", all.Probed)
	}
	if !reflect.DeepEqual(part.Probed, []string{"heart_rate", "embedding"}) {
		t.Errorf("two groups probed %v, want [heart_rate embedding]", part.Probed)
	}
	if auto.Bytes() != single.Bytes()+hybrid.Bytes()-d.Bytes() {
		t.Errorf("auto counts the matrix twice")
	}
}
