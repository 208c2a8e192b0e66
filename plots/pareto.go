package plots

import (
	"cmp"
	"math"
	"slices"
)

// Point is one measured operating point of a series: its recall, its
// throughput, and which setting produced it.
type Point struct {
	Recall, QPS float64
	Label       string
}

// Frontier returns the Pareto frontier of pts, ann-benchmarks style: a point
// is kept unless another point has recall and QPS both at least as high and
// one of them higher; of identical points the first is kept. Points with a
// NaN coordinate are ignored. The frontier is returned by ascending recall
// (so by descending QPS).
func Frontier(pts []Point) []Point {
	order := make([]Point, 0, len(pts))
	for _, p := range pts {
		if !math.IsNaN(p.Recall) && !math.IsNaN(p.QPS) {
			order = append(order, p)
		}
	}
	// Best recall first, then best QPS; the stable sort keeps input order
	// among identical points.
	slices.SortStableFunc(order, func(a, b Point) int {
		return cmp.Or(cmp.Compare(b.Recall, a.Recall), cmp.Compare(b.QPS, a.QPS))
	})
	var front []Point
	best := math.Inf(-1)
	for _, p := range order {
		// Every point seen has recall ≥ p.Recall, so p survives only by
		// being strictly faster than all of them.
		if p.QPS > best {
			front = append(front, p)
			best = p.QPS
		}
	}
	slices.Reverse(front)
	return front
}
