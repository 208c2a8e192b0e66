package indextest

import (
	"math"
	"math/rand/v2"

	"github.com/ecgbench/ecgbench/engine/exact"
)

// Clustered returns n row-major vectors of width dim drawn from a seeded
// Gaussian mixture: clusters centres with coordinates N(0, 1), each point a
// uniformly chosen centre plus N(0, 0.25²) noise per coordinate. Centres are
// drawn before points, so the first n rows of Clustered(n+m, …) equal
// Clustered(n, …): callers take queries from the same mixture as the extra
// m rows.
func Clustered(n, dim, clusters int, seed uint64) []float32 {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	centres := make([]float64, clusters*dim)
	for i := range centres {
		centres[i] = rng.NormFloat64()
	}
	out := make([]float32, n*dim)
	for r := 0; r < n; r++ {
		c := centres[rng.IntN(clusters)*dim:]
		for j := 0; j < dim; j++ {
			out[r*dim+j] = float32(c[j] + 0.25*rng.NormFloat64())
		}
	}
	return out
}

// RecallTolerance is the relative slack on the k-th true distance within
// which a returned neighbour still counts as a hit (see Recall).
const RecallTolerance = 1e-5

// Recall is recall@k under the ann-benchmarks rule: for query i, a returned
// id among the first k of got[i] counts once if its distance is at most the
// true k-th distance want[i][k-1] (or the last of want[i] when it is shorter)
// plus RecallTolerance relative; the total is divided by the number of true
// neighbours, Σ min(k, len(want[i])). Distances in got must be true squared-L2
// distances: pass a backend's answers through Rescore first when its distances
// are approximate (PQ, SQ). With nothing to find, Recall is 1.
func Recall(got, want [][]exact.Neighbor, k int) float64 {
	hits, total := 0, 0
	for i, w := range want {
		m := min(k, len(w))
		total += m
		if m == 0 || i >= len(got) {
			continue
		}
		limit := threshold(w[m-1].Dist)
		seen := map[int64]bool{}
		g := got[i]
		if len(g) > k {
			g = g[:k]
		}
		for _, nb := range g {
			if seen[nb.ID] {
				continue
			}
			seen[nb.ID] = true
			if nb.Dist <= limit {
				hits++
			}
		}
	}
	if total == 0 {
		return 1
	}
	return float64(hits) / float64(total)
}

// threshold is the largest distance that still counts as within d.
func threshold(d float32) float32 {
	return d + float32(RecallTolerance)*float32(math.Abs(float64(d)))
}

// Rescore returns a copy of got with each distance replaced by the true
// squared-L2 distance between the query and the row of data it names, then
// sorted by (distance, id). Ids outside data are kept with an infinite
// distance, so they never count as hits.
func Rescore(data, queries []float32, dim int, got [][]exact.Neighbor) [][]exact.Neighbor {
	m := exact.L2(dim)
	n := int64(len(data) / dim)
	out := make([][]exact.Neighbor, len(got))
	for i, g := range got {
		q := queries[i*dim : (i+1)*dim]
		out[i] = make([]exact.Neighbor, len(g))
		for j, nb := range g {
			d := float32(math.Inf(1))
			if nb.ID >= 0 && nb.ID < n {
				d = m.Dist(data[nb.ID*int64(dim):(nb.ID+1)*int64(dim)], q)
			}
			out[i][j] = exact.Neighbor{ID: nb.ID, Dist: d}
		}
		exact.Sort(out[i])
	}
	return out
}

// Benchmark data: every backend's benchmarks index BenchData, so their
// figures compare.
const (
	BenchDim      = 16
	BenchClusters = 100
	BenchSeed     = 42
)

// BenchData returns n data rows and nq query rows of BenchDim-wide clustered
// vectors (BenchClusters clusters, BenchSeed); the queries are fresh draws
// from the same mixture, not rows of the data.
func BenchData(n, nq int) (data, queries []float32) {
	all := Clustered(n+nq, BenchDim, BenchClusters, BenchSeed)
	return all[:n*BenchDim], all[n*BenchDim:]
}
