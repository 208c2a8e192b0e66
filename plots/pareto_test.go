package plots

import (
	"math"
	"reflect"
	"testing"
)

func TestFrontier(t *testing.T) {
	tests := []struct {
		name string
		in   []Point
		want []string // labels of the frontier, ascending recall
	}{
		{"empty", nil, nil},
		{"one", []Point{{0.9, 100, "a"}}, []string{"a"}},
		{
			"sweep with a dominated point",
			[]Point{
				{0.80, 1000, "ef16"},
				{0.90, 600, "ef32"},
				{0.85, 500, "slow-and-worse"}, // beaten by ef32 on both
				{0.99, 200, "ef128"},
			},
			[]string{"ef16", "ef32", "ef128"},
		},
		{
			"equal recall keeps the faster",
			[]Point{{0.95, 300, "slow"}, {0.95, 400, "fast"}},
			[]string{"fast"},
		},
		{
			"equal QPS keeps the more accurate",
			[]Point{{0.90, 400, "worse"}, {0.97, 400, "better"}},
			[]string{"better"},
		},
		{
			"identical points keep the first",
			[]Point{{0.9, 100, "first"}, {0.9, 100, "second"}},
			[]string{"first"},
		},
		{
			"one point dominates all",
			[]Point{{0.5, 10, "a"}, {1, 1000, "best"}, {0.7, 999, "b"}},
			[]string{"best"},
		},
		{
			"NaN ignored",
			[]Point{{math.NaN(), 1e6, "nan"}, {0.9, 10, "a"}},
			[]string{"a"},
		},
		{
			"input order does not matter",
			[]Point{{0.99, 200, "ef128"}, {0.80, 1000, "ef16"}, {0.90, 600, "ef32"}},
			[]string{"ef16", "ef32", "ef128"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range Frontier(tt.in) {
				got = append(got, p.Label)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Frontier = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestFrontierRule checks the frontier against the definition on a grid of
// points: every dropped point is dominated, no kept point is.
func TestFrontierRule(t *testing.T) {
	var pts []Point
	for i := range 7 {
		for j := range 7 {
			pts = append(pts, Point{Recall: float64((i*3+j*5)%7) / 7, QPS: float64((i*5 + j*2) % 11), Label: ""})
		}
	}
	front := Frontier(pts)
	dominated := func(p Point) bool {
		for _, q := range pts {
			if q.Recall >= p.Recall && q.QPS >= p.QPS && (q.Recall > p.Recall || q.QPS > p.QPS) {
				return true
			}
		}
		return false
	}
	kept := map[Point]bool{}
	for _, p := range front {
		kept[p] = true
		if dominated(p) {
			t.Errorf("frontier keeps dominated point %+v", p)
		}
	}
	for _, p := range pts {
		if !kept[p] && !dominated(p) {
			t.Errorf("frontier drops non-dominated point %+v", p)
		}
	}
}
