package plots

import (
	"reflect"
	"testing"
)

func TestGuardLog(t *testing.T) {
	f := Figure{Panels: []Panel{
		{
			Title: "qps",
			X:     Axis{},
			Y:     Axis{Log: true},
			Series: []Series{
				{Name: "a", X: []float64{0.5, 0.9, 0.99}, Y: []float64{100, 0, -3}},
				{Name: "b", X: []float64{0, 1}, Y: []float64{5, 6}}, // x not on a log axis: kept
			},
		},
		{
			X:      Axis{Log: true},
			Y:      Axis{Log: true},
			Series: []Series{{Name: "c", X: []float64{0, 10, 100}, Y: []float64{1, 2, 0}}},
		},
		{
			X:      Axis{},
			Y:      Axis{},
			Series: []Series{{Name: "linear", X: []float64{-1}, Y: []float64{0}}},
		},
	}}
	guardLog(&f)
	got := [][]float64{
		f.Panels[0].Series[0].X, f.Panels[0].Series[0].Y,
		f.Panels[0].Series[1].X, f.Panels[0].Series[1].Y,
		f.Panels[1].Series[0].X, f.Panels[1].Series[0].Y,
		f.Panels[2].Series[0].X, f.Panels[2].Series[0].Y,
	}
	want := [][]float64{
		{0.5}, {100},
		{0, 1}, {5, 6},
		{10}, {2},
		{-1}, {0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("guarded series = %v, want %v", got, want)
	}
	wantNotes := []string{
		"a (qps): 2 point(s) with a value ≤ 0 dropped from the log axis.",
		"c: 2 point(s) with a value ≤ 0 dropped from the log axis.",
	}
	if !reflect.DeepEqual(f.Notes, wantNotes) {
		t.Errorf("notes = %q, want %q", f.Notes, wantNotes)
	}
}
