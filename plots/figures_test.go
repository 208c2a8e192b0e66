package plots

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecgbench/ecgbench/plots/plotstest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestFigureSeries checks the data series of every figure built from a
// small fixed run against testdata/<kind>.golden.
func TestFigureSeries(t *testing.T) {
	figs := Build(plotstest.Records(plotstest.SmallGrid()))
	byKind := map[string][]Figure{}
	for _, f := range figs {
		byKind[f.Kind] = append(byKind[f.Kind], f)
	}
	for _, kind := range []string{KindFrontierSummary, KindFrontier, KindLatencyN, KindLatencyGroups, KindLatencyK, KindRecallBars, KindBuild} {
		t.Run(kind, func(t *testing.T) {
			if len(byKind[kind]) == 0 {
				t.Fatalf("no %s figure built", kind)
			}
			var buf bytes.Buffer
			for _, f := range byKind[kind] {
				dumpFigure(&buf, f)
			}
			golden(t, filepath.Join("testdata", kind+".golden"), buf.Bytes())
		})
	}
}

// dumpFigure writes what a figure shows as text.
func dumpFigure(w *bytes.Buffer, f Figure) {
	fmt.Fprintf(w, "== %s (%s, %d cols)\ntitle: %s\ncaption: %s\n", f.Name, f.Kind, f.Cols, f.Title, f.Caption)
	for _, n := range f.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	for _, e := range f.Legend {
		fmt.Fprintf(w, "legend: %q color=%s shape=%s mark=%d dashed=%v\n", e.Name, e.Color, e.Shape, e.Mark, e.Dashed)
	}
	for _, p := range f.Panels {
		fmt.Fprintf(w, "panel %q\n  x: %s\n  y: %s\n", p.Title, dumpAxis(p.X), dumpAxis(p.Y))
		for _, s := range p.Series {
			fmt.Fprintf(w, "  series %q color=%s shape=%s mark=%d dashed=%v\n   ", s.Name, s.Color, s.Shape, s.Mark, s.Dashed)
			for i := range s.X {
				fmt.Fprintf(w, " (%.4g, %.4g)", s.X[i], s.Y[i])
			}
			fmt.Fprintln(w)
		}
	}
	fmt.Fprintln(w)
}

func dumpAxis(a Axis) string {
	s := fmt.Sprintf("%q log=%v", a.Label, a.Log)
	if a.Fixed {
		s += fmt.Sprintf(" range=[%g, %g]", a.Min, a.Max)
	}
	if a.Nominal != nil {
		s += " nominal=" + strings.Join(a.Nominal, ",")
	}
	if a.Ticks != nil {
		s += fmt.Sprintf(" ticks=%v", a.Ticks)
	}
	return s
}

// golden compares got with the file at path, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s\n(run go test -update if the change is intended)", path, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s: got %d lines, want %d (run go test -update if the change is intended)", path, len(gl), len(wl))
	}
}
