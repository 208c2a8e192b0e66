package plots

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecgbench/ecgbench/plots/plotstest"
)

func TestAllWritesFigures(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "figures")
	figs, err := All(plotstest.Records(plotstest.SmallGrid()), dir)
	if err != nil {
		t.Fatal(err)
	}
	rows, dim, clusters, names := plotstest.Cohort(1000)
	cohort, err := CohortPCA(dir, rows, dim, clusters, names, 400)
	if err != nil {
		t.Fatal(err)
	}
	figs = append(figs, cohort)
	loaded, ok, err := LoadCohort(dir)
	if err != nil || !ok || loaded.Caption != cohort.Caption || loaded.SVGPath != cohort.SVGPath {
		t.Errorf("LoadCohort = %+v, %v, %v; want the figure CohortPCA wrote", loaded, ok, err)
	}
	if _, ok, err := LoadCohort(t.TempDir()); ok || err != nil {
		t.Errorf("LoadCohort of an empty folder = %v, %v; want false, nil", ok, err)
	}
	names2 := map[string]bool{}
	for _, f := range figs {
		if names2[f.Name] {
			t.Errorf("figure name %s used twice", f.Name)
		}
		names2[f.Name] = true
		checkPNG(t, f.PNGPath)
		checkSVG(t, f.SVGPath, f.Title)
	}
}

// checkPNG decodes a figure's PNG and checks it is not blank: several
// colours (the palette) and a fair share of non-white pixels.
func checkPNG(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b := img.Bounds()
	colours := map[[3]uint32]bool{}
	nonWhite := 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				nonWhite++
			}
		}
	}
	if share := float64(nonWhite) / float64(b.Dx()*b.Dy()/4); len(colours) < 4 || share < 0.005 {
		t.Errorf("%s looks blank: %d colours, %.3f non-white", path, len(colours), share)
	}
}

// checkSVG parses a figure's SVG as XML and looks for its title.
func checkSVG(t *testing.T, path, title string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	texts := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "text" {
			texts++
		}
	}
	if texts < 5 || !strings.Contains(string(data), xmlEscape(title)) {
		t.Errorf("%s: %d text elements, title %q present: %v", path, texts, title, strings.Contains(string(data), xmlEscape(title)))
	}
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// TestRenderDegenerateLogAxes draws figures whose log axes would make gonum
// panic without the guard: zeros and negatives, a single value, no data.
func TestRenderDegenerateLogAxes(t *testing.T) {
	dir := t.TempDir()
	recs := plotstest.Records(plotstest.SmallGrid())
	for i := range recs {
		switch {
		case recs[i].Index == "flat":
			recs[i].QPS = 0 // a throughput pass that never ran
		case recs[i].Index == "faiss-hnsw32":
			recs[i].QPS = -1
		}
		recs[i].BuildSeconds = 0
	}
	figs := Build(recs)
	if len(figs) == 0 {
		t.Fatal("no figures")
	}
	pal := paletteOf(figs)
	dropped := false
	drawn := map[string]bool{}
	for i := range figs {
		for _, n := range figs[i].Notes {
			dropped = dropped || strings.Contains(n, "dropped from the log axis")
		}
		if drawn[figs[i].Kind] {
			continue
		}
		drawn[figs[i].Kind] = true
		if err := render(&figs[i], pal, dir); err != nil {
			t.Fatal(err)
		}
	}
	if !dropped {
		t.Error("no note about points dropped from a log axis")
	}
	single := Figure{Name: "single", Title: "one value", Cols: 1, Panels: []Panel{{
		X:      Axis{Log: true},
		Y:      Axis{Log: true},
		Series: []Series{{Name: "a", X: []float64{5}, Y: []float64{7}}, {Name: "empty"}},
	}, {
		X: Axis{Log: true}, Y: Axis{Log: true},
	}}}
	if err := render(&single, NewPalette(nil), dir); err != nil {
		t.Fatal(err)
	}
}
