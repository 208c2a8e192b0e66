package prep

import (
	"math/rand/v2"

	"github.com/ecgbench/ecgbench/engine/cohort"
)

// Reservoir keeps a uniform random sample of up to Size rows of a stream of
// batches (Algorithm R with a seeded source), to fit a model on data too
// large to hold raw. The sample depends on the rows and the seed only, not on
// how the stream is cut into batches.
type Reservoir struct {
	size   int
	seen   int64
	rnd    *rand.Rand
	sample *cohort.Batch
}

// NewReservoir returns an empty reservoir of size rows with embeddings of
// width dim.
func NewReservoir(size, dim int, seed uint64) *Reservoir {
	return &Reservoir{
		size:   size,
		rnd:    rand.New(rand.NewPCG(seed, 0x7e5e7f01)),
		sample: cohort.NewBatch(dim, min(size, 1<<16), false),
	}
}

// Add offers every row of b. Cluster labels are kept when the first batch
// has them.
func (r *Reservoir) Add(b *cohort.Batch) {
	if r.seen == 0 && b.Cluster != nil && r.sample.Cluster == nil {
		r.sample.Cluster = []uint8{}
	}
	if r.seen == 0 && b.IDs != nil && r.sample.IDs == nil {
		r.sample.IDs = []string{}
	}
	for i := range b.Len() {
		r.seen++
		if r.sample.Len() < r.size {
			r.sample.Append(b, i)
			continue
		}
		if j := r.rnd.Int64N(r.seen); j < int64(r.size) {
			r.sample.Set(int(j), b, i)
		}
	}
}

// Seen is the number of rows offered so far.
func (r *Reservoir) Seen() int64 { return r.seen }

// Sample is the sample so far, in reservoir order.
func (r *Reservoir) Sample() *cohort.Batch { return r.sample }
