package prep

import (
	"testing"

	"github.com/ecgbench/ecgbench/engine/cohort"
)

// BenchmarkPreprocess fits a model on a 200 K-row sample and transforms
// 1 M rows (64-D embeddings) with it, in 64 K-row chunks; the raw rows are
// drawn before the timer starts.
func BenchmarkPreprocess(b *testing.B) {
	const n, fitRows, chunk = 1_000_000, 200_000, 64 << 10
	g, err := cohort.NewGenerator(nil, 1)
	if err != nil {
		b.Fatal(err)
	}
	sample := g.Generate(0, 0, fitRows, nil)
	var chunks []*cohort.Batch
	for lo := 0; lo < n; lo += chunk {
		chunks = append(chunks, g.Generate(0, int64(lo), min(chunk, n-lo), nil))
	}
	b.Run("fit/n=200000", func(b *testing.B) {
		for b.Loop() {
			if _, err := Fit(sample, Options{Seed: 1}); err != nil {
				b.Fatal(err)
			}
		}
	})
	m, err := Fit(sample, Options{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	out := make([]float32, n*m.Dim())
	b.Run("transform/n=1000000", func(b *testing.B) {
		for b.Loop() {
			off := 0
			for _, c := range chunks {
				k := c.Len() * m.Dim()
				if err := m.Transform(c, out[off:off+k]); err != nil {
					b.Fatal(err)
				}
				off += k
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}
