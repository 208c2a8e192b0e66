package plots

import (
	"math"
	"strings"
	"testing"

	"github.com/ecgbench/ecgbench/plots/plotstest"
)

func TestCohortFigureAxes(t *testing.T) {
	// Column 2 holds a (variance ≈ 33), column 0 holds -0.6·b (variance
	// ≈ 12, b uncorrelated with a), column 1 a little noise, column 3
	// nothing: PC1 is e2 and PC2 is e0, each signed so that coordinate is
	// positive.
	const n, dim = 400, 4
	var rows []float32
	var clusters []uint8
	for i := range n {
		a := float64(i%20) - 9.5
		b := float64(i/20) - 9.5
		rows = append(rows, float32(-0.6*b), float32(0.1*math.Sin(float64(i))), float32(a), 0)
		clusters = append(clusters, uint8(i%2))
	}
	f, err := cohortFigure(rows, dim, clusters, []string{"even", "odd"}, 100)
	if err != nil {
		t.Fatal(err)
	}
	var even *Series
	total := 0
	for i, s := range f.Panels[0].Series {
		total += len(s.X)
		if s.Name == "even (50%)" {
			even = &f.Panels[0].Series[i]
		}
	}
	if even == nil || total != 100 {
		t.Fatalf("series %+v: want an \"even (50%%)\" series and 100 points in all", f.Panels[0].Series)
	}
	// Row 0 (a = b = -9.5, columns centred on 0) is the first point drawn.
	if x, y := even.X[0], even.Y[0]; math.Abs(x+9.5) > 1e-3 || math.Abs(y-5.7) > 1e-3 {
		t.Errorf("row 0 projects to (%v, %v), want (-9.5, 5.7)", x, y)
	}
	if !strings.Contains(f.Panels[0].X.Label, "PC1 (") || !strings.Contains(f.Caption, "400 rows") || !strings.Contains(f.Caption, "100 evenly spaced rows") {
		t.Errorf("labels/caption: %q / %q", f.Panels[0].X.Label, f.Caption)
	}
	if len(f.Legend) != 2 || f.Legend[0].Name != "even (50%)" || f.Legend[1].Name != "odd (50%)" {
		t.Errorf("legend %+v, want the clusters in name order with their shares", f.Legend)
	}
}

func TestCohortFigureDeterministic(t *testing.T) {
	rows, dim, clusters, names := plotstest.Cohort(2000)
	a, err := cohortFigure(rows, dim, clusters, names, 500)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := cohortFigure(rows, dim, clusters, names, 500)
	for i := range a.Panels[0].Series {
		sa, sb := a.Panels[0].Series[i], b.Panels[0].Series[i]
		for j := range sa.X {
			if sa.X[j] != sb.X[j] || sa.Y[j] != sb.Y[j] {
				t.Fatalf("series %s point %d differs between runs", sa.Name, j)
			}
		}
	}
	// The largest cluster is drawn first, so smaller ones stay visible.
	if !strings.HasPrefix(a.Panels[0].Series[0].Name, "normal") {
		t.Errorf("first drawn series %q, want the largest cluster (normal)", a.Panels[0].Series[0].Name)
	}
}

func TestCohortFigureErrors(t *testing.T) {
	rows := make([]float32, 12)
	tests := []struct {
		name      string
		rows      []float32
		dim       int
		clusters  []uint8
		names     []string
		maxPoints int
		want      string
	}{
		{"ragged", rows[:11], 4, []uint8{0, 0}, []string{"a"}, 10, "11 values are not rows of dim 4"},
		{"labels", rows, 4, []uint8{0, 0}, []string{"a"}, 10, "3 rows, 2 cluster labels"},
		{"cluster out of range", rows, 4, []uint8{0, 1, 2}, []string{"a", "b"}, 10, "row 2 has cluster 2, but only 2 cluster names"},
		{"no variance", rows, 4, []uint8{0, 0, 0}, []string{"a"}, 10, "no variance"},
		{"maxPoints", rows, 4, []uint8{0, 0, 0}, []string{"a"}, 0, "maxPoints 0"},
	}
	for _, tt := range tests {
		_, err := cohortFigure(tt.rows, tt.dim, tt.clusters, tt.names, tt.maxPoints)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}
