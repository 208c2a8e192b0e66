package exact

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/ecgbench/ecgbench/engine/schema"
)

// quantized returns n rows of s.Dim() values drawn from a few levels, so many
// distances tie and the (distance, id) order is exercised.
func quantized(n, dim int, seed uint64) []float32 {
	rnd := rand.New(rand.NewPCG(seed, 2))
	out := make([]float32, n*dim)
	for i := range out {
		out[i] = float32(rnd.IntN(3)) * 0.5
	}
	return out
}

// naive is the reference: every distance, a full sort by (distance, id).
func naive(data []float32, m Metric, q []float32, k int, exclude int64) []Neighbor {
	var all []Neighbor
	for r := range len(data) / m.Dim {
		if int64(r) == exclude {
			continue
		}
		all = append(all, Neighbor{ID: int64(r), Dist: m.Dist(data[r*m.Dim:(r+1)*m.Dim], q)})
	}
	Sort(all)
	return all[:min(k, len(all))]
}

func metrics(t *testing.T) map[string]Metric {
	s := schema.Default(5)
	scales := []float64{2, 10, 21, 0.08}
	out := map[string]Metric{"L2": L2(s.Dim())}
	for name, c := range map[string]struct {
		groups  []string
		weights []float64
		scales  []float64
	}{
		"all scaled":        {[]string{"heart_rate", "risk_scores", "embedding", "beat_props"}, nil, scales},
		"hr+bp weighted":    {[]string{"heart_rate", "beat_props"}, []float64{1, 2}, scales},
		"embedding":         {[]string{"embedding"}, nil, nil},
		"risk+emb adjacent": {[]string{"risk_scores", "embedding"}, []float64{3, 3}, nil},
	} {
		sel, err := s.Select(c.groups, c.weights)
		if err != nil {
			t.Fatal(err)
		}
		m, err := Weighted(s, sel, c.scales)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = m
	}
	return out
}

// TestSearchAgainstNaive compares Search with a full sort on tie-heavy data
// spanning several row blocks, for several metrics, k and thread counts.
func TestSearchAgainstNaive(t *testing.T) {
	const n, dim = 2*BlockRows + 777, 16
	data := quantized(n, dim, 1)
	queries := append(quantized(3, dim, 9), data[5*dim:6*dim]...)
	for name, m := range metrics(t) {
		for _, k := range []int{1, 10, 257} {
			want := make([][]Neighbor, 4)
			for qi := range want {
				want[qi] = naive(data, m, queries[qi*dim:(qi+1)*dim], k, -1)
			}
			for _, threads := range []int{1, 4} {
				got, err := Search(data, m, queries, k, Options{Threads: threads})
				if err != nil {
					t.Fatal(err)
				}
				for qi := range want {
					if !slices.Equal(got[qi], want[qi]) {
						t.Errorf("%s k=%d threads=%d query %d: got %v…, want %v…", name, k, threads, qi, head(got[qi]), head(want[qi]))
					}
				}
			}
		}
	}
	// The data has ties at the k-th distance: the test would not see a
	// wrong tie-break otherwise.
	r := naive(data, L2(dim), queries[:dim], 11, -1)
	if r[9].Dist != r[10].Dist {
		t.Errorf("no tie at the 10th distance (%v, %v): the test data is too spread", r[9].Dist, r[10].Dist)
	}
}

func head(ns []Neighbor) []Neighbor { return ns[:min(3, len(ns))] }

// TestThreadsIdentical: continuous data, where the pruned scans drop most
// rows early, gives the naive answer on every thread count.
func TestThreadsIdentical(t *testing.T) {
	rnd := rand.New(rand.NewPCG(4, 4))
	const n, dim = 3*BlockRows + 5, 16
	data := make([]float32, n*dim)
	for i := range data {
		data[i] = float32(rnd.NormFloat64())
	}
	queries := data[:3*dim]
	for name, m := range metrics(t) {
		one, err := Search(data, m, queries, 50, Options{Threads: 1})
		if err != nil {
			t.Fatal(err)
		}
		for qi := range one {
			if want := naive(data, m, queries[qi*dim:(qi+1)*dim], 50, -1); !slices.Equal(one[qi], want) {
				t.Errorf("%s query %d: %v…, naive %v…", name, qi, head(one[qi]), head(want))
			}
		}
		for _, threads := range []int{2, 3, 4, 0} {
			got, _ := Search(data, m, queries, 50, Options{Threads: threads})
			for qi := range one {
				if !slices.Equal(got[qi], one[qi]) {
					t.Errorf("%s: %d threads differ from 1 on query %d", name, threads, qi)
				}
			}
		}
	}
}

func TestKLargerThanN(t *testing.T) {
	data := quantized(7, 4, 3)
	got, err := Search(data, L2(4), data[:4], 100, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got[0]) != 7 || !slices.Equal(got[0], naive(data, L2(4), data[:4], 100, -1)) {
		t.Errorf("k > n: %v", got[0])
	}
	got, _ = Search(data, L2(4), data[:4], 100, Options{Exclude: []int64{0}})
	if len(got[0]) != 6 {
		t.Errorf("k > n with the query excluded: %d results, want 6", len(got[0]))
	}
}

func TestExclude(t *testing.T) {
	data := quantized(1000, 16, 5)
	queries := append(append([]float32{}, data[10*16:11*16]...), data[20*16:21*16]...)
	got, err := Search(data, L2(16), queries, 5, Options{Exclude: []int64{10, -1}})
	if err != nil {
		t.Fatal(err)
	}
	for _, nb := range got[0] {
		if nb.ID == 10 {
			t.Errorf("excluded row 10 returned: %v", got[0])
		}
	}
	if !slices.ContainsFunc(got[1], func(nb Neighbor) bool { return nb.ID == 20 }) || !slices.Equal(got[1], naive(data, L2(16), queries[16:], 5, -1)) {
		t.Errorf("exclude -1: %v lacks the query row 20", got[1])
	}
	if !slices.Equal(got[0], naive(data, L2(16), queries[:16], 5, 10)) {
		t.Errorf("with exclusion %v, want %v", got[0], naive(data, L2(16), queries[:16], 5, 10))
	}
}

func TestSearchErrors(t *testing.T) {
	data := quantized(10, 4, 1)
	tests := []struct {
		name    string
		data, q []float32
		m       Metric
		k       int
		opt     Options
		want    string
	}{
		{"k zero", data, data[:4], L2(4), 0, Options{}, "k = 0"},
		{"k negative", data, data[:4], L2(4), -3, Options{}, "k = -3"},
		{"ragged data", data[:9], data[:4], L2(4), 1, Options{}, "not a multiple of dimension 4"},
		{"ragged query", data, data[:3], L2(4), 1, Options{}, "not a multiple of dimension 4"},
		{"nan query", data, []float32{0, float32(math.NaN()), 0, 0}, L2(4), 1, Options{}, "query 0 column 1 is NaN"},
		{"exclusions", data, data[:4], L2(4), 1, Options{Exclude: []int64{1, 2}}, "2 exclusions for 1 queries"},
		{"no dimension", data, data[:4], Metric{}, 1, Options{}, "dimension 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Search(tt.data, tt.m, tt.q, tt.k, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestWeighted(t *testing.T) {
	s := schema.Default(5)
	sel, _ := s.Select([]string{"risk_scores", "embedding", "heart_rate"}, []float64{2, 2, 1})
	m, err := Weighted(s, sel, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Span{{Offset: 0, Width: 1, Coef: 1}, {Offset: 1, Width: 10, Coef: 2}}
	if !slices.Equal(m.Spans, want) || m.Dim != 16 {
		t.Errorf("spans %v, want %v (equal adjacent groups merge)", m.Spans, want)
	}
	m, _ = Weighted(s, sel, []float64{4, 2, 1, 1})
	if want := []Span{{0, 1, 0.25}, {1, 5, 1}, {6, 5, 2}}; !slices.Equal(m.Spans, want) {
		t.Errorf("scaled spans %v, want %v", m.Spans, want)
	}
	x := []float32{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0}
	q := make([]float32, 16)
	if d := m.Dist(x, q); d != 0.25+5+10 {
		t.Errorf("Dist = %v, want 15.25", d)
	}
	for _, tt := range []struct {
		scales []float64
		want   string
	}{
		{[]float64{1, 1}, "2 group scales for 4 groups"},
		{[]float64{1, 0, 1, 1}, `scale of group "risk_scores" is 0`},
		{[]float64{1, 1, math.NaN(), 1}, `scale of group "embedding" is NaN`},
	} {
		if _, err := Weighted(s, sel, tt.scales); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("scales %v: error %v, want %q", tt.scales, err, tt.want)
		}
	}
	if _, err := Weighted(s, schema.Selection{}, nil); err == nil {
		t.Error("an empty selection compiled")
	}
}

// TestTopK pushes a tie-heavy stream and compares with a sort.
func TestTopK(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 1))
	var all []Neighbor
	tk := NewTopK(25)
	for i := range 1000 {
		nb := Neighbor{ID: int64(rnd.IntN(5000)), Dist: float32(rnd.IntN(20))}
		if slices.ContainsFunc(all, func(x Neighbor) bool { return x.ID == nb.ID }) {
			continue
		}
		all = append(all, nb)
		tk.Push(nb.ID, nb.Dist)
		if i == 10 && tk.Full() {
			t.Error("Full after 11 pushes of k = 25")
		}
	}
	Sort(all)
	if got := tk.Results(); !slices.Equal(got, all[:25]) {
		t.Errorf("TopK %v, want %v", got, all[:25])
	}
}
