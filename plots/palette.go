package plots

import (
	"cmp"
	"fmt"
	"image/color"
	"slices"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Colors is the colour list of every figure: Okabe & Ito's palette, which
// stays distinguishable with the common colour-vision deficiencies, black
// first and yellow (weak on white) last.
var Colors = []color.NRGBA{
	{0x00, 0x00, 0x00, 0xff}, // black
	{0x00, 0x72, 0xb2, 0xff}, // blue
	{0xe6, 0x9f, 0x00, 0xff}, // orange
	{0x00, 0x9e, 0x73, 0xff}, // bluish green
	{0xd5, 0x5e, 0x00, 0xff}, // vermillion
	{0xcc, 0x79, 0xa7, 0xff}, // reddish purple
	{0x56, 0xb4, 0xe9, 0xff}, // sky blue
	{0xf0, 0xe4, 0x42, 0xff}, // yellow
}

// dashCycles tell apart keys that share a colour once a namespace has more
// keys than Colors: the (i/len(Colors))-th cycle uses the i-th pattern.
var dashCycles = [][]vg.Length{
	nil,
	{vg.Points(6), vg.Points(2)},
	{vg.Points(1), vg.Points(2)},
	{vg.Points(6), vg.Points(2), vg.Points(1), vg.Points(2)},
}

// shapes are the marker shapes, assigned in order; the thin-stroked plus
// and cross, hard to see at marker size, come last.
var shapes = []draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.TriangleGlyph{}, draw.SquareGlyph{}, draw.PyramidGlyph{},
	draw.BoxGlyph{}, draw.RingGlyph{}, draw.PlusGlyph{}, draw.CrossGlyph{},
}

// Palette maps style keys to colours, dash patterns and marker shapes. A key
// is "namespace:name" (e.g. "strategy:hybrid-rrf", "index:flat"); within a
// namespace, names are ordered with "exact" and "none" first, then
// alphabetically, and the i-th name gets Colors[i mod len(Colors)], the dash
// pattern of cycle i/len(Colors), and the i-th marker shape. A run's figures
// share one palette, so a series has the same style in every figure, and
// the series of one figure (always keyed in one namespace) get distinct
// colours while a namespace has at most len(Colors) names.
// The empty key is black, solid, with circle markers.
type Palette struct {
	rank map[string]int
}

// NewPalette returns the palette of the given keys (duplicates allowed).
func NewPalette(keys []string) *Palette {
	byNS := map[string][]string{}
	for _, k := range keys {
		if k == "" {
			continue
		}
		ns, _, _ := strings.Cut(k, ":")
		if !slices.Contains(byNS[ns], k) {
			byNS[ns] = append(byNS[ns], k)
		}
	}
	p := &Palette{rank: map[string]int{}}
	for _, ks := range byNS {
		slices.SortFunc(ks, func(a, b string) int {
			return cmp.Or(cmp.Compare(keyClass(a), keyClass(b)), cmp.Compare(a, b))
		})
		for i, k := range ks {
			p.rank[k] = i
		}
	}
	return p
}

// keyClass sorts the reference names "exact" and "none" before the others.
func keyClass(key string) int {
	_, name, _ := strings.Cut(key, ":")
	if name == "exact" || name == "none" {
		return 0
	}
	return 1
}

func (p *Palette) index(key string) int {
	if key == "" {
		return 0
	}
	i, ok := p.rank[key]
	if !ok {
		panic(fmt.Sprintf("plots: style key %q missing from the palette", key))
	}
	return i
}

// Color returns the colour of key.
func (p *Palette) Color(key string) color.NRGBA {
	return Colors[p.index(key)%len(Colors)]
}

// Dashes returns the dash pattern that tells key apart from keys of the same
// colour (nil: solid).
func (p *Palette) Dashes(key string) []vg.Length {
	return dashCycles[(p.index(key)/len(Colors))%len(dashCycles)]
}

// Shape returns the marker shape of key.
func (p *Palette) Shape(key string) draw.GlyphDrawer {
	return shapes[p.index(key)%len(shapes)]
}

// paletteOf returns the palette of every style key used by figs.
func paletteOf(figs []Figure) *Palette {
	var keys []string
	for _, f := range figs {
		for _, pn := range f.Panels {
			for _, s := range pn.Series {
				keys = append(keys, s.Color, s.Shape)
			}
		}
		for _, e := range f.Legend {
			keys = append(keys, e.Color, e.Shape)
		}
	}
	return NewPalette(keys)
}
