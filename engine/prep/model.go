package prep

import (
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/ecgbench/ecgbench/engine/cohort"
	"github.com/ecgbench/ecgbench/engine/schema"
)

// Normalize values: how group scales s_g are chosen for the distance.
const (
	// NormalizeGroupScale divides each group by its fitted scale.
	NormalizeGroupScale = "group-scale"
	// NormalizeNone uses s_g = 1, the reference's behaviour.
	NormalizeNone = "none"
)

// Scaler standardises one column: z = (x − Mean) / Std.
type Scaler struct {
	Mean float64 `json:"mean"`
	Std  float64 `json:"std"`
}

// Model is a fitted preprocessing: it maps a raw row (heart rate, risks,
// D-wide embedding, beat proportions) to a vector of schema.Default(C).
type Model struct {
	// Schema is the layout of transformed rows.
	Schema schema.Schema `json:"schema"`
	// EmbeddingDim is the raw embedding width D the model accepts.
	EmbeddingDim int `json:"embedding_dim"`
	// FitRows is the number of rows the model was fitted on.
	FitRows int `json:"fit_rows"`
	// Seed drew the pairs behind Scales.
	Seed uint64 `json:"seed"`

	HeartRate Scaler                  `json:"heart_rate"`
	Risks     [cohort.NumRisks]Scaler `json:"risks"`
	// Embedding standardises each raw embedding dimension.
	Embedding []Scaler `json:"embedding"`
	// PCAMean is the mean of the standardised embedding (≈ 0 on the fit
	// sample; kept so the projection is exactly centred).
	PCAMean []float64 `json:"pca_mean"`
	// Components are the C principal axes of the standardised embedding,
	// by decreasing eigenvalue, each D wide, unit length, with its largest
	// |loading| positive.
	Components [][]float64 `json:"components"`
	// Eigenvalues are all D eigenvalues of the standardised embedding's
	// covariance, descending: Eigenvalues[:C] is the variance kept.
	Eigenvalues []float64 `json:"eigenvalues"`

	// Scales are s_g per schema group: the mean squared distance between
	// random pairs of transformed fit rows in that group.
	Scales []float64 `json:"group_scales"`
	// ScalePairs is the number of pairs behind Scales.
	ScalePairs int `json:"scale_pairs"`

	proj *projection // folded embedding transform, built by prepare
}

// projection folds standardisation, centring and the PCA into one affine map:
// component c = Σ_d W[c·D+d]·e_d + Bias[c].
type projection struct {
	W    []float64
	Bias []float64
}

// Dim is the width of a transformed row.
func (m *Model) Dim() int { return m.Schema.Dim() }

// NumComponents is C, the number of embedding components kept.
func (m *Model) NumComponents() int { return len(m.Components) }

// GroupScales returns the s_g to divide each schema group by: the fitted
// Scales for "group-scale", all 1 for "none".
func (m *Model) GroupScales(normalize string) ([]float64, error) {
	switch normalize {
	case NormalizeGroupScale:
		return append([]float64(nil), m.Scales...), nil
	case NormalizeNone:
		out := make([]float64, len(m.Scales))
		for i := range out {
			out[i] = 1
		}
		return out, nil
	}
	return nil, fmt.Errorf("normalize = %q, want %q or %q", normalize, NormalizeGroupScale, NormalizeNone)
}

// prepare checks the model's shapes and builds the folded projection.
func (m *Model) prepare() error {
	c, d := len(m.Components), m.EmbeddingDim
	if err := m.Schema.Validate(); err != nil {
		return err
	}
	want := schema.Default(c)
	if len(m.Schema.Groups) != len(want.Groups) || m.Schema.Dim() != want.Dim() {
		return fmt.Errorf("schema %v is not the default schema with %d components", m.Schema.Names(), c)
	}
	for i, g := range want.Groups {
		if m.Schema.Groups[i] != g {
			return fmt.Errorf("schema group %d is %+v, want %+v", i, m.Schema.Groups[i], g)
		}
	}
	if d < 1 || c < 1 || c > d {
		return fmt.Errorf("%d components of a %d-wide embedding, want 1 ≤ C ≤ D", c, d)
	}
	if len(m.Embedding) != d || len(m.PCAMean) != d || len(m.Eigenvalues) != d {
		return fmt.Errorf("embedding has %d scalers, %d means, %d eigenvalues, want %d each",
			len(m.Embedding), len(m.PCAMean), len(m.Eigenvalues), d)
	}
	if len(m.Scales) != len(m.Schema.Groups) {
		return fmt.Errorf("%d group scales for %d groups", len(m.Scales), len(m.Schema.Groups))
	}
	scalers := append([]Scaler{m.HeartRate}, m.Risks[:]...)
	scalers = append(scalers, m.Embedding...)
	for i, s := range scalers {
		if !finite(s.Mean) || !(s.Std > 0) || math.IsInf(s.Std, 0) {
			return fmt.Errorf("scaler %d has mean %v, std %v", i, s.Mean, s.Std)
		}
	}
	p := &projection{W: make([]float64, c*d), Bias: make([]float64, c)}
	for k, comp := range m.Components {
		if len(comp) != d {
			return fmt.Errorf("component %d has %d loadings, want %d", k, len(comp), d)
		}
		bias := 0.0
		for j, v := range comp {
			s := m.Embedding[j]
			p.W[k*d+j] = v / s.Std
			bias -= v * (s.Mean/s.Std + m.PCAMean[j])
		}
		p.Bias[k] = bias
	}
	for g, s := range m.Scales {
		if !(s > 0) || math.IsInf(s, 0) {
			return fmt.Errorf("scale of group %q is %v, want > 0", m.Schema.Groups[g].Name, s)
		}
	}
	m.proj = p
	return nil
}

// TransformRow writes the transformed row r into dst (Dim wide):
// [heart rate, risks, embedding components, beat proportions].
func (m *Model) TransformRow(r cohort.Row, dst []float32) error {
	if len(r.Embedding) != m.EmbeddingDim {
		return fmt.Errorf("row has a %d-wide embedding, the model expects %d", len(r.Embedding), m.EmbeddingDim)
	}
	if len(dst) != m.Dim() {
		return fmt.Errorf("destination has %d values, want %d", len(dst), m.Dim())
	}
	m.transform(r, dst)
	return nil
}

func (m *Model) transform(r cohort.Row, dst []float32) {
	dst[0] = float32((float64(r.HeartRate) - m.HeartRate.Mean) / m.HeartRate.Std)
	for k, s := range m.Risks {
		dst[1+k] = float32((float64(r.Risks[k]) - s.Mean) / s.Std)
	}
	off := 1 + cohort.NumRisks
	d := m.EmbeddingDim
	for c, bias := range m.proj.Bias {
		w := m.proj.W[c*d : (c+1)*d]
		e := r.Embedding[:len(w)]
		sum := bias
		for j, v := range e {
			sum += w[j] * float64(v)
		}
		dst[off+c] = float32(sum)
	}
	off += len(m.proj.Bias)
	copy(dst[off:off+cohort.NumBeats], r.Props)
}

// parallelRows is the batch size from which Transform uses several cores.
const parallelRows = 4096

// Transform writes the transformed rows of b into dst, b.Len()·Dim values,
// using every core for large batches; the result does not depend on it.
func (m *Model) Transform(b *cohort.Batch, dst []float32) error {
	n, dim := b.Len(), m.Dim()
	if b.Dim != m.EmbeddingDim {
		return fmt.Errorf("rows have %d-wide embeddings, the model expects %d", b.Dim, m.EmbeddingDim)
	}
	if len(dst) != n*dim {
		return fmt.Errorf("destination has %d values for %d rows of %d", len(dst), n, dim)
	}
	threads := 1
	if n >= parallelRows {
		threads = runtime.GOMAXPROCS(0)
	}
	per := (n + threads - 1) / threads
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += per {
		hi := min(lo+per, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				m.transform(b.Row(i), dst[i*dim:(i+1)*dim])
			}
		}()
	}
	wg.Wait()
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
