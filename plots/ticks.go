package plots

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// logTicks marks a log axis: labelled powers of ten, with the 2× and 5×
// multiples labelled too when the range holds fewer than two powers, and
// every integer multiple when it still holds fewer than two labels.
// (gonum's LogTicks labels powers of ten only, so a range within one decade
// shows no number.)
type logTicks struct{}

var _ plot.Ticker = logTicks{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi >= lo) {
		return nil
	}
	e0, e1 := int(math.Floor(math.Log10(lo))), int(math.Ceil(math.Log10(hi)))
	in := func(v float64) bool { return v >= lo*(1-1e-9) && v <= hi*(1+1e-9) }
	labelled := func(label func(m int) bool) int {
		n := 0
		for e := e0; e <= e1; e++ {
			for m := 1; m <= 9; m++ {
				if label(m) && in(float64(m)*math.Pow10(e)) {
					n++
				}
			}
		}
		return n
	}
	rules := []func(m int) bool{
		func(m int) bool { return m == 1 },
		func(m int) bool { return m == 1 || m == 2 || m == 5 },
		func(m int) bool { return true },
	}
	rule := rules[len(rules)-1]
	for _, r := range rules {
		if labelled(r) >= 2 {
			rule = r
			break
		}
	}
	var ticks []plot.Tick
	for e := e0; e <= e1; e++ {
		for m := 1; m <= 9; m++ {
			v := float64(m) * math.Pow10(e)
			if !in(v) {
				continue
			}
			t := plot.Tick{Value: v}
			if rule(m) {
				t.Label = formatNumber(v)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// valueTicks labels exactly the given values (e.g. the sizes a run used).
type valueTicks []float64

var _ plot.Ticker = valueTicks{}

func (vs valueTicks) Ticks(float64, float64) []plot.Tick {
	ticks := make([]plot.Tick, len(vs))
	for i, v := range vs {
		ticks[i] = plot.Tick{Value: v, Label: formatNumber(v)}
	}
	return ticks
}

// formatNumber writes a tick value shortly: 3 significant digits, with k,
// M, G suffixes from a thousand up (10k, 2.5M).
func formatNumber(v float64) string {
	for _, u := range []struct {
		div    float64
		suffix string
	}{{1e9, "G"}, {1e6, "M"}, {1e3, "k"}} {
		if math.Abs(v) >= u.div {
			return trimFloat(v/u.div) + u.suffix
		}
	}
	return trimFloat(v)
}

func trimFloat(v float64) string {
	s := strconv.FormatFloat(v, 'g', 3, 64)
	if strings.Contains(s, "e") {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return s
}
