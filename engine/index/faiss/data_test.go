//go:build cgo

package faiss

import (
	"math/rand/v2"

	"github.com/ecgbench/ecgbench/engine/exact"
)

// mixture is a seeded Gaussian mixture of 10 clusters in dim dimensions:
// centres ~ N(0, 4) per column, points spread N(0, 1) around them.
type mixture struct {
	dim     int
	centres []float64
}

func newMixture(dim int, seed uint64) mixture {
	rng := rand.New(rand.NewPCG(seed, 0xc105))
	m := mixture{dim: dim, centres: make([]float64, 10*dim)}
	for i := range m.centres {
		m.centres[i] = 2 * rng.NormFloat64()
	}
	return m
}

// sample returns n row-major vectors, deterministic for seed.
func (m mixture) sample(n int, seed uint64) []float32 {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	k := len(m.centres) / m.dim
	out := make([]float32, n*m.dim)
	for i := 0; i < n; i++ {
		c := rng.IntN(k)
		for j := 0; j < m.dim; j++ {
			out[i*m.dim+j] = float32(m.centres[c*m.dim+j] + rng.NormFloat64())
		}
	}
	return out
}

// recall is the mean share of got's ids whose true distance is within the
// true k-th distance (plus a relative tolerance for ties), ann-benchmarks
// style; truth holds the exact answers, k per query.
func recall(data, queries []float32, dim int, got, truth [][]exact.Neighbor) float64 {
	m := exact.L2(dim)
	var sum float64
	for q, ans := range got {
		want := truth[q]
		if len(want) == 0 {
			continue
		}
		limit := want[len(want)-1].Dist
		limit += 1e-5*limit + 1e-6
		qv := queries[q*dim : (q+1)*dim]
		hit := 0
		seen := map[int64]bool{}
		for _, nb := range ans {
			if seen[nb.ID] {
				continue
			}
			seen[nb.ID] = true
			if m.Dist(data[nb.ID*int64(dim):(nb.ID+1)*int64(dim)], qv) <= limit {
				hit++
			}
		}
		sum += float64(hit) / float64(len(want))
	}
	return sum / float64(len(got))
}
