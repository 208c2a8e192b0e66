package plots

import (
	"fmt"
	"testing"

	"github.com/ecgbench/ecgbench/plots/plotstest"
)

func TestPaletteDistinct(t *testing.T) {
	// The series of every figure of a realistic run get distinct styles,
	// and distinct colours where a namespace fits in the colour list.
	figs := Build(plotstest.Records(plotstest.DefaultGrid()))
	pal := paletteOf(figs)
	for _, f := range figs {
		colours := map[string]string{}
		for _, e := range f.Legend {
			if e.Color == "" {
				continue // the black p50/p99 style entries
			}
			style := fmt.Sprintf("%v %v %T", pal.Color(e.Color), pal.Dashes(e.Color), pal.Shape(e.Shape))
			if prev, ok := colours[style]; ok {
				t.Errorf("%s: %q and %q share style %s", f.Name, prev, e.Name, style)
			}
			colours[style] = e.Name
		}
	}
}

func TestPaletteStable(t *testing.T) {
	keys := []string{"strategy:single", "strategy:hybrid-rrf", "strategy:exact", "index:flat", "strategy:hybrid-zscore", "index:none"}
	a := NewPalette(keys)
	// Order of the keys given, and keys of other namespaces, do not change
	// a key's colour.
	b := NewPalette([]string{"strategy:exact", "strategy:hybrid-zscore", "strategy:single", "strategy:hybrid-rrf", "strategy:single"})
	for _, k := range []string{"strategy:exact", "strategy:hybrid-rrf", "strategy:hybrid-zscore", "strategy:single"} {
		if a.Color(k) != b.Color(k) {
			t.Errorf("%s: colour %v in one palette, %v in the other", k, a.Color(k), b.Color(k))
		}
	}
	if a.Color("strategy:exact") != Colors[0] || a.Color("index:none") != Colors[0] {
		t.Errorf("exact/none not first (black)")
	}
	if a.Color("strategy:hybrid-rrf") != Colors[1] || a.Color("strategy:hybrid-zscore") != Colors[2] || a.Color("strategy:single") != Colors[3] {
		t.Errorf("strategies not coloured in alphabetical order")
	}
	if a.Color("") != Colors[0] || a.Dashes("") != nil {
		t.Errorf("empty key is not solid black")
	}
}

func TestPaletteBeyondColours(t *testing.T) {
	var keys []string
	for i := range 2*len(Colors) + 3 {
		keys = append(keys, fmt.Sprintf("index:cfg%02d", i))
	}
	p := NewPalette(keys)
	seen := map[string]string{}
	for _, k := range keys {
		style := fmt.Sprint(p.Color(k), p.Dashes(k))
		if prev, ok := seen[style]; ok {
			t.Errorf("%s and %s share colour and dashes %s", prev, k, style)
		}
		seen[style] = k
	}
	for i := range len(Colors) {
		if p.Color(keys[i]) == p.Color(keys[(i+1)%len(Colors)]) {
			t.Errorf("the first %d keys do not have distinct colours", len(Colors))
		}
	}
}

func TestPaletteUnknownKey(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic on a key missing from the palette")
		}
	}()
	NewPalette([]string{"strategy:single"}).Color("strategy:other")
}
