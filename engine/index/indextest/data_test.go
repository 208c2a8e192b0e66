package indextest

import (
	"math"
	"slices"
	"testing"

	"github.com/ecgbench/ecgbench/engine/exact"
)

func TestClusteredSeededAndPrefixStable(t *testing.T) {
	a := Clustered(100, 4, 3, 7)
	b := Clustered(150, 4, 3, 7)
	if len(a) != 400 || len(b) != 600 {
		t.Fatalf("lengths %d, %d, want 400 and 600", len(a), len(b))
	}
	if !slices.Equal(a, b[:400]) {
		t.Error("Clustered(100) is not a prefix of Clustered(150) with the same seed")
	}
	if slices.Equal(a, Clustered(100, 4, 3, 8)) {
		t.Error("different seeds gave the same data")
	}
	for i, v := range b {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			t.Fatalf("float %d is %v", i, v)
		}
	}
}

func TestRecall(t *testing.T) {
	nb := func(pairs ...float32) []exact.Neighbor {
		var out []exact.Neighbor
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, exact.Neighbor{ID: int64(pairs[i]), Dist: pairs[i+1]})
		}
		return out
	}
	want := [][]exact.Neighbor{nb(1, 1, 2, 2, 3, 3)}
	tests := []struct {
		name string
		got  [][]exact.Neighbor
		k    int
		want float64
	}{
		{"all", [][]exact.Neighbor{nb(1, 1, 2, 2, 3, 3)}, 3, 1},
		{"tie at k-th distance counts", [][]exact.Neighbor{nb(1, 1, 2, 2, 9, 3)}, 3, 1},
		{"within tolerance counts", [][]exact.Neighbor{nb(1, 1, 2, 2, 9, 3.00002)}, 3, 1},
		{"beyond tolerance misses", [][]exact.Neighbor{nb(1, 1, 2, 2, 9, 3.0001)}, 3, 2.0 / 3},
		{"repeated id counts once", [][]exact.Neighbor{nb(1, 1, 1, 1, 1, 1)}, 3, 1.0 / 3},
		{"short answer", [][]exact.Neighbor{nb(1, 1)}, 3, 1.0 / 3},
		{"only first k looked at", [][]exact.Neighbor{nb(7, 5, 1, 1)}, 1, 0},
		{"k beyond truth", [][]exact.Neighbor{nb(1, 1, 2, 2, 3, 3)}, 10, 1},
		{"missing answer list", nil, 3, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Recall(tc.got, want, tc.k); math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("Recall = %v, want %v", got, tc.want)
			}
		})
	}
	if got := Recall(nil, [][]exact.Neighbor{{}}, 10); got != 1 {
		t.Errorf("Recall with nothing to find = %v, want 1", got)
	}
}

func TestRescore(t *testing.T) {
	data := []float32{0, 0, 3, 4, 1, 0}
	queries := []float32{0, 0}
	got := Rescore(data, queries, 2, [][]exact.Neighbor{{{ID: 1, Dist: 0}, {ID: 2, Dist: 9}, {ID: 5, Dist: 0}}})
	want := []exact.Neighbor{{ID: 2, Dist: 1}, {ID: 1, Dist: 25}, {ID: 5, Dist: float32(math.Inf(1))}}
	if !slices.Equal(got[0], want) {
		t.Errorf("Rescore = %v, want %v", got[0], want)
	}
}
