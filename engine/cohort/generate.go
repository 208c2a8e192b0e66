package cohort

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/stat/distuv"
)

// BlockRows is the seed granularity of the generator: rows
// [b·BlockRows, (b+1)·BlockRows) of a stream are drawn, in order, from one
// random source seeded by (seed, stream, b). It is fixed, so the rows never
// depend on the caller's chunk size or on the number of goroutines.
const BlockRows = 4096

// Generator draws rows of a cohort. Streams are independent cohorts of the
// same profile and cluster centres: stream 0 is the indexed data, stream 1
// the holdout queries.
type Generator struct {
	// Threads is the number of goroutines Generate uses; 0 means GOMAXPROCS.
	// It never changes the rows.
	Threads int

	p       *Profile
	seed    uint64
	centres []float64 // len(p.Clusters) × p.EmbeddingDim
	cum     []float64 // cumulative shares
}

// NewGenerator returns a generator for profile p (nil: DefaultProfile) and
// seed. The cluster centres are drawn here, once per seed.
func NewGenerator(p *Profile, seed uint64) (*Generator, error) {
	if p == nil {
		p = DefaultProfile()
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	g := &Generator{p: p, seed: seed}
	rnd := rand.New(newSource("centres", seed, 0, 0))
	g.centres = make([]float64, len(p.Clusters)*p.EmbeddingDim)
	for i := range g.centres {
		g.centres[i] = rnd.NormFloat64()
	}
	total := 0.0
	for _, c := range p.Clusters {
		total += c.Share
		g.cum = append(g.cum, total)
	}
	return g, nil
}

// Profile is the generator's profile.
func (g *Generator) Profile() *Profile { return g.p }

// Centre is the embedding centre of cluster c (D values; do not modify).
func (g *Generator) Centre(c int) []float64 {
	d := g.p.EmbeddingDim
	return g.centres[c*d : (c+1)*d]
}

// Generate fills b (allocated when nil) with rows [start, start+n) of the
// stream and returns it. Blocks are drawn in parallel; a block that starts
// before start is drawn from its beginning and its first rows discarded.
func (g *Generator) Generate(stream uint64, start int64, n int, b *Batch) *Batch {
	if start < 0 || n < 0 {
		panic(fmt.Sprintf("cohort: Generate(start=%d, n=%d)", start, n))
	}
	if b == nil {
		b = NewBatch(g.p.EmbeddingDim, n, true)
	}
	b.Stream, b.Start, b.IDs, b.Dim = stream, start, nil, g.p.EmbeddingDim
	if b.Cluster == nil {
		b.Cluster = make([]uint8, 0, n)
	}
	b.Resize(n)
	if n == 0 {
		return b
	}
	first := start / BlockRows
	last := (start + int64(n) - 1) / BlockRows
	blocks := int(last - first + 1)
	threads := g.Threads
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	threads = min(threads, blocks)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range threads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newBlockWriter(g)
			for {
				blk := first + next.Add(1) - 1
				if blk > last {
					return
				}
				lo := max(start, blk*BlockRows)
				hi := min(start+int64(n), (blk+1)*BlockRows)
				w.fill(stream, blk, lo, hi, b, int(lo-start))
			}
		}()
	}
	wg.Wait()
	return b
}

// Stream generates rows [0, n) of the stream in chunks of chunk rows and
// calls fn with each. The batch is reused: fn must not keep it.
func (g *Generator) Stream(stream uint64, n int64, chunk int, fn func(*Batch) error) error {
	if chunk <= 0 {
		return fmt.Errorf("cohort: chunk = %d rows, want ≥ 1", chunk)
	}
	var b *Batch
	for start := int64(0); start < n; start += int64(chunk) {
		b = g.Generate(stream, start, int(min(int64(chunk), n-start)), b)
		if err := fn(b); err != nil {
			return err
		}
	}
	return nil
}

// blockWriter draws rows of one block at a time; each goroutine has one.
type blockWriter struct {
	g     *Generator
	emb   []float64
	props []float64
}

func newBlockWriter(g *Generator) *blockWriter {
	return &blockWriter{g: g, emb: make([]float64, g.p.EmbeddingDim), props: make([]float64, NumBeats)}
}

// fill draws the rows of block blk up to hi and stores rows [lo, hi) in b
// from index off. Per row, in order: cluster, heart rate, risks, embedding,
// beat proportions.
func (w *blockWriter) fill(stream uint64, blk, lo, hi int64, b *Batch, off int) {
	p, d := w.g.p, w.g.p.EmbeddingDim
	src := newSource("rows", w.g.seed, stream, uint64(blk))
	rnd := rand.New(src)
	hr := make([]distuv.Normal, len(p.Clusters))
	beta := make([][NumRisks]distuv.Beta, len(p.Clusters))
	dir := make([][NumBeats]distuv.Gamma, len(p.Clusters))
	for c, cl := range p.Clusters {
		hr[c] = distuv.Normal{Mu: cl.HRMu, Sigma: cl.HRSigma, Src: src}
		for r := range NumRisks {
			a, bb := p.BetaParams(c, r)
			beta[c][r] = distuv.Beta{Alpha: a, Beta: bb, Src: src}
		}
		for k, v := range cl.BeatProps {
			dir[c][k] = distuv.Gamma{Alpha: p.BeatConcentration * v, Beta: 1, Src: src}
		}
	}
	for row := blk * BlockRows; row < hi; row++ {
		u := rnd.Float64()
		c := sort.Search(len(w.g.cum), func(i int) bool { return w.g.cum[i] > u })
		c = min(c, len(w.g.cum)-1) // shares may sum to 1 − ε
		h := min(max(hr[c].Rand(), p.HRMin), p.HRMax)
		var risks [NumRisks]float64
		for r := range risks {
			risks[r] = beta[c][r].Rand()
		}
		centre, scale := w.g.Centre(c), p.Clusters[c].EmbeddingScale
		for k := range w.emb {
			w.emb[k] = centre[k] + rnd.NormFloat64()*scale
		}
		dirichlet(dir[c][:], w.props)
		if row < lo {
			continue
		}
		i := off + int(row-lo)
		b.Cluster[i] = uint8(c)
		b.HeartRate[i] = float32(h)
		for r, v := range risks {
			b.Risks[i*NumRisks+r] = float32(v)
		}
		for k, v := range w.emb {
			b.Embedding[i*d+k] = float32(v)
		}
		for k, v := range w.props {
			b.Props[i*NumBeats+k] = float32(v)
		}
	}
}

// dirichlet draws one Dirichlet(α) vector into dst as normalised Gamma(α_k,
// 1) draws: the method of gonum's distmv.Dirichlet, whose package needs a
// module (x/tools) that ecgbench does not otherwise pull in.
func dirichlet(gammas []distuv.Gamma, dst []float64) {
	sum := 0.0
	for k, g := range gammas {
		dst[k] = g.Rand()
		sum += dst[k]
	}
	for k := range dst {
		dst[k] /= sum
	}
}

// newSource returns the ChaCha8 source for one purpose ("centres", "rows"),
// seed, stream and block: its key is the SHA-256 of the four, so sources of
// neighbouring blocks or seeds are unrelated.
func newSource(purpose string, seed, stream, block uint64) *rand.ChaCha8 {
	h := sha256.New()
	h.Write([]byte("ecgbench/cohort/" + purpose))
	var buf [24]byte
	binary.LittleEndian.PutUint64(buf[0:], seed)
	binary.LittleEndian.PutUint64(buf[8:], stream)
	binary.LittleEndian.PutUint64(buf[16:], block)
	h.Write(buf[:])
	var key [32]byte
	copy(key[:], h.Sum(nil))
	return rand.NewChaCha8(key)
}
