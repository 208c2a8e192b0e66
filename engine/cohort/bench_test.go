package cohort

import (
	"fmt"
	"testing"
)

// BenchmarkGenerate draws 1 M rows in chunks of 64 K, the way the dataset
// pipeline does, and reports rows per second.
func BenchmarkGenerate(b *testing.B) {
	const n, chunk = 1_000_000, 64 << 10
	g, err := NewGenerator(nil, 1)
	if err != nil {
		b.Fatal(err)
	}
	b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
		for b.Loop() {
			if err := g.Stream(0, n, chunk, func(*Batch) error { return nil }); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}
