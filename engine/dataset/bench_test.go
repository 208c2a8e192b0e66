package dataset

import "testing"

// BenchmarkSynthetic runs the whole pipeline for 1 M rows: generate,
// fit on 200 K, transform, and report rows per second.
func BenchmarkSynthetic(b *testing.B) {
	const n = 1_000_000
	b.Run("n=1000000", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := Synthetic(Options{N: n, Seed: 1}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}
