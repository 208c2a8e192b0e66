package plots

import (
	"fmt"
	"testing"

	"github.com/ecgbench/ecgbench/plots/plotstest"
)

// BenchmarkCohortPCA measures the cohort figure's projection (covariance
// of all rows, eigen-decomposition, 5 000 points drawn), without drawing.
func BenchmarkCohortPCA(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		rows, dim, clusters, names := plotstest.Cohort(n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := cohortFigure(rows, dim, clusters, names, 5000); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAll measures building and drawing every figure of a realistic
// run (plotstest.DefaultGrid: 1 008 records, 52 figures).
func BenchmarkAll(b *testing.B) {
	recs := plotstest.Records(plotstest.DefaultGrid())
	dir := b.TempDir()
	for b.Loop() {
		if _, err := All(recs, dir); err != nil {
			b.Fatal(err)
		}
	}
}
