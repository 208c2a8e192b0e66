package plots

import (
	"fmt"
	"math"
)

// guardLog drops, from every series of f, the points that a log axis of
// their panel cannot show (a value ≤ 0, NaN or infinite) and adds a note
// for each series that lost points, so a log axis never sees a
// non-positive value (gonum panics on one) and nothing vanishes silently.
func guardLog(f *Figure) {
	for pi := range f.Panels {
		p := &f.Panels[pi]
		if !p.X.Log && !p.Y.Log {
			continue
		}
		for si := range p.Series {
			s := &p.Series[si]
			var xs, ys []float64
			for i := range s.X {
				if (p.X.Log && !positive(s.X[i])) || (p.Y.Log && !positive(s.Y[i])) {
					continue
				}
				xs, ys = append(xs, s.X[i]), append(ys, s.Y[i])
			}
			if dropped := len(s.X) - len(xs); dropped > 0 {
				where := ""
				if p.Title != "" {
					where = " (" + p.Title + ")"
				}
				f.Notes = append(f.Notes, fmt.Sprintf("%s%s: %d point(s) with a value ≤ 0 dropped from the log axis.", s.Name, where, dropped))
			}
			s.X, s.Y = xs, ys
		}
	}
}

func positive(v float64) bool { return v > 0 && !math.IsInf(v, 0) }
