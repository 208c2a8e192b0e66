package prep

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"

	"github.com/ecgbench/ecgbench/engine/cohort"
	"github.com/ecgbench/ecgbench/engine/schema"
)

// Options tune Fit. The zero value uses the defaults.
type Options struct {
	// Components is the number of PCA components C kept; default 5.
	Components int
	// ScalePairs is the number of random row pairs behind the group
	// scales; default 100 000.
	ScalePairs int
	// Seed draws the pairs.
	Seed uint64
}

// Defaults of Options.
const (
	DefaultComponents = 5
	DefaultScalePairs = 100_000
)

// Fit fits the preprocessing on sample (all the data, or a large sample of
// it): a standard scaler for heart rate and for each risk score, a standard
// scaler per embedding dimension followed by a PCA to C components, and the
// group scales on the transformed sample.
func Fit(sample *cohort.Batch, opt Options) (*Model, error) {
	if opt.Components == 0 {
		opt.Components = DefaultComponents
	}
	if opt.ScalePairs == 0 {
		opt.ScalePairs = DefaultScalePairs
	}
	n, d, c := sample.Len(), sample.Dim, opt.Components
	switch {
	case n < 2:
		return nil, fmt.Errorf("prep: fit on %d rows, want at least 2", n)
	case c < 1 || c > d:
		return nil, fmt.Errorf("prep: %d PCA components of a %d-wide embedding, want 1 … %d", c, d, d)
	case opt.ScalePairs < 1:
		return nil, fmt.Errorf("prep: %d scale pairs, want ≥ 1", opt.ScalePairs)
	}
	m := &Model{
		Schema:       schema.Default(c),
		EmbeddingDim: d,
		FitRows:      n,
		Seed:         opt.Seed,
		ScalePairs:   opt.ScalePairs,
	}
	m.HeartRate = fitScalers(sample.HeartRate, 1)[0]
	copy(m.Risks[:], fitScalers(sample.Risks, cohort.NumRisks))
	m.Embedding = fitScalers(sample.Embedding, d)
	if err := m.fitPCA(sample, c); err != nil {
		return nil, err
	}
	// Scales need the transform; fit them with placeholder scales of 1.
	m.Scales = make([]float64, len(m.Schema.Groups))
	for g := range m.Scales {
		m.Scales[g] = 1
	}
	if err := m.prepare(); err != nil {
		return nil, fmt.Errorf("prep: fitted model is inconsistent: %w", err)
	}
	x := make([]float32, n*m.Dim())
	if err := m.Transform(sample, x); err != nil {
		return nil, err
	}
	scales, err := GroupScales(x, m.Schema, opt.ScalePairs, opt.Seed)
	if err != nil {
		return nil, err
	}
	m.Scales = scales
	return m, nil
}

// fitScalers fits a standard scaler to each column of a row-major matrix of
// the given width: the mean and the population standard deviation, or 1 for
// a constant column (which then maps to 0).
func fitScalers(values []float32, width int) []Scaler {
	n := len(values) / width
	mean := make([]float64, width)
	for i := range n {
		for j, v := range values[i*width : (i+1)*width] {
			mean[j] += float64(v)
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	ss := make([]float64, width)
	for i := range n {
		for j, v := range values[i*width : (i+1)*width] {
			dv := float64(v) - mean[j]
			ss[j] += dv * dv
		}
	}
	out := make([]Scaler, width)
	for j := range out {
		std := math.Sqrt(ss[j] / float64(n))
		if std == 0 {
			std = 1
		}
		out[j] = Scaler{Mean: mean[j], Std: std}
	}
	return out
}

// covBlockRows is the number of rows behind one partial covariance.
const covBlockRows = 16 << 10

// fitPCA fits the principal axes of the standardised embedding Z: the
// covariance (Z − mean)ᵀ(Z − mean)/(n − 1), as gonum rank-k updates
// (SymOuterK) of fixed row blocks computed on every core and summed in block
// order, then its eigen-decomposition by mat.EigenSym.
func (m *Model) fitPCA(sample *cohort.Batch, c int) error {
	n, d := sample.Len(), sample.Dim
	standardise := func(i int, dst []float64) {
		for j, v := range sample.Embedding[i*d : (i+1)*d] {
			dst[j] = (float64(v) - m.Embedding[j].Mean) / m.Embedding[j].Std
		}
	}
	m.PCAMean = make([]float64, d)
	row := make([]float64, d)
	for i := range n {
		standardise(i, row)
		for j, v := range row {
			m.PCAMean[j] += v
		}
	}
	for j := range m.PCAMean {
		m.PCAMean[j] /= float64(n)
	}
	blocks := (n + covBlockRows - 1) / covBlockRows
	partial := make([]*mat.SymDense, blocks)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), blocks) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]float64, covBlockRows*d)
			for {
				b := int(next.Add(1) - 1)
				if b >= blocks {
					return
				}
				lo, hi := b*covBlockRows, min((b+1)*covBlockRows, n)
				z := mat.NewDense(hi-lo, d, buf[:(hi-lo)*d])
				for i := lo; i < hi; i++ {
					r := z.RawRowView(i - lo)
					standardise(i, r)
					for j := range r {
						r[j] -= m.PCAMean[j]
					}
				}
				partial[b] = new(mat.SymDense)
				partial[b].SymOuterK(1, z.T())
			}
		}()
	}
	wg.Wait()
	cov := partial[0]
	for _, p := range partial[1:] {
		cov.AddSym(cov, p)
	}
	cov.ScaleSym(1/float64(n-1), cov)
	var eig mat.EigenSym
	if !eig.Factorize(cov, true) {
		return fmt.Errorf("prep: the eigen-decomposition of the %d×%d embedding covariance did not converge", d, d)
	}
	values := eig.Values(nil)
	var vectors mat.Dense
	eig.VectorsTo(&vectors)
	order := make([]int, d)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return values[order[a]] > values[order[b]] })
	m.Eigenvalues = make([]float64, d)
	for i, k := range order {
		m.Eigenvalues[i] = values[k]
	}
	m.Components = make([][]float64, c)
	for i := range c {
		m.Components[i] = fixSign(mat.Col(nil, order[i], &vectors))
	}
	return nil
}

// fixSign flips v so that its largest |loading| (the first, on ties) is
// positive: eigenvectors have no sign of their own, and a fixed one makes
// fits reproducible across libraries and versions.
func fixSign(v []float64) []float64 {
	best := 0
	for j, x := range v {
		if math.Abs(x) > math.Abs(v[best]) {
			best = j
		}
	}
	if v[best] < 0 {
		for j := range v {
			v[j] = -v[j]
		}
	}
	return v
}

// GroupScales estimates s_g for each group of s: the mean squared distance
// ||x_g − y_g||² between pairs random rows of x (row-major, s.Dim() wide),
// drawn with a seeded source, each pair of two different rows.
func GroupScales(x []float32, s schema.Schema, pairs int, seed uint64) ([]float64, error) {
	dim := s.Dim()
	n := len(x) / dim
	if n < 2 {
		return nil, fmt.Errorf("prep: group scales need at least 2 rows, have %d", n)
	}
	rnd := rand.New(rand.NewPCG(seed, 0x5ca1e5))
	sums := make([]float64, len(s.Groups))
	for range pairs {
		i := rnd.IntN(n)
		j := rnd.IntN(n - 1)
		if j >= i {
			j++
		}
		a, b := x[i*dim:(i+1)*dim], x[j*dim:(j+1)*dim]
		for g, grp := range s.Groups {
			for k := grp.Offset; k < grp.Offset+grp.Width; k++ {
				dv := float64(a[k]) - float64(b[k])
				sums[g] += dv * dv
			}
		}
	}
	for g := range sums {
		sums[g] /= float64(pairs)
		if !(sums[g] > 0) {
			return nil, fmt.Errorf("prep: group %q has no spread over %d random pairs of %d rows (scale %v): it cannot be normalised",
				s.Groups[g].Name, pairs, n, sums[g])
		}
	}
	return sums, nil
}
