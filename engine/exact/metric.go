package exact

import (
	"fmt"

	"github.com/ecgbench/ecgbench/engine/schema"
)

// Span is a run of columns [Offset, Offset+Width) weighted by Coef.
type Span struct {
	Offset, Width int
	Coef          float32
}

// Metric is a weighted squared Euclidean distance over some columns of a
// Dim-wide vector. Columns outside every span do not count.
type Metric struct {
	Dim   int
	Spans []Span
}

// L2 is the plain squared Euclidean distance over all dim columns.
func L2(dim int) Metric {
	return Metric{Dim: dim, Spans: []Span{{Offset: 0, Width: dim, Coef: 1}}}
}

// Weighted compiles a selection of groups into a Metric: group g gets the
// coefficient w_g / s_g, where scales holds s_g per schema group (nil means 1
// for every group, the reference's normalize = "none"). Adjacent groups with
// equal coefficients merge into one span.
func Weighted(s schema.Schema, sel schema.Selection, scales []float64) (Metric, error) {
	if scales != nil && len(scales) != len(s.Groups) {
		return Metric{}, fmt.Errorf("exact: %d group scales for %d groups", len(scales), len(s.Groups))
	}
	m := Metric{Dim: s.Dim()}
	for i, gi := range sel.Groups {
		if gi < 0 || gi >= len(s.Groups) {
			return Metric{}, fmt.Errorf("exact: group index %d out of range [0,%d)", gi, len(s.Groups))
		}
		g := s.Groups[gi]
		c := sel.Weights[i]
		if scales != nil {
			if !(scales[gi] > 0) {
				return Metric{}, fmt.Errorf("exact: scale of group %q is %v, want > 0", g.Name, scales[gi])
			}
			c /= scales[gi]
		}
		sp := Span{Offset: g.Offset, Width: g.Width, Coef: float32(c)}
		if n := len(m.Spans); n > 0 && m.Spans[n-1].Offset+m.Spans[n-1].Width == sp.Offset && m.Spans[n-1].Coef == sp.Coef {
			m.Spans[n-1].Width += sp.Width
			continue
		}
		m.Spans = append(m.Spans, sp)
	}
	if len(m.Spans) == 0 {
		return Metric{}, fmt.Errorf("exact: no groups selected")
	}
	return m, nil
}

// Dist is the distance between x and q, both Dim wide.
func (m Metric) Dist(x, q []float32) float32 {
	var total float32
	for _, sp := range m.Spans {
		total += sp.Coef * sqdist(x[sp.Offset:sp.Offset+sp.Width], q[sp.Offset:sp.Offset+sp.Width])
	}
	return total
}

// sqdist is ||a-b||² with four independent accumulators, summed in a fixed
// order so results are bit-identical whatever the caller.
func sqdist(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		d0 := a[i] - b[i]
		d1 := a[i+1] - b[i+1]
		d2 := a[i+2] - b[i+2]
		d3 := a[i+3] - b[i+3]
		s0 += d0 * d0
		s1 += d1 * d1
		s2 += d2 * d2
		s3 += d3 * d3
	}
	for ; i < len(a); i++ {
		d := a[i] - b[i]
		s0 += d * d
	}
	return (s0 + s1) + (s2 + s3)
}
