package dataset

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"

	"github.com/ecgbench/ecgbench/engine/cohort"
	"github.com/ecgbench/ecgbench/engine/prep"
)

// Defaults of Options.
const (
	// DefaultFitRows is the most rows the preprocessing is fitted on.
	DefaultFitRows = 200_000
	// DefaultChunk is the number of raw rows held at a time.
	DefaultChunk = 64 << 10
)

// Options configure Synthetic, Queries and FromCSV. The zero value of each
// field but N means its default.
type Options struct {
	// N is the number of rows to generate (Synthetic; ≥ 1).
	N int64
	// Seed seeds the cohort, the fit sample and the scale pairs.
	Seed uint64
	// Profile is the cohort profile; nil means cohort.DefaultProfile().
	Profile *cohort.Profile
	// EmbeddingDim overrides the profile's embedding width D when > 0.
	EmbeddingDim int
	// Components is the number of PCA components C; default 5.
	Components int
	// FitRows caps the rows the preprocessing is fitted on; default
	// 200 000. Synthetic rows are i.i.d., so the first FitRows rows are a
	// random sample; a file is sampled uniformly (seeded reservoir).
	FitRows int
	// ScalePairs is the number of pairs behind the group scales; default
	// 100 000.
	ScalePairs int
	// Chunk is the number of raw rows generated or read at a time;
	// default 64 K. It never changes the result.
	Chunk int
	// Progress, when set, is called after each chunk.
	Progress func(Progress)
	// Raw, when set, sees every raw chunk of the indexed rows in order
	// (e.g. to export them as CSV); it must not keep the batch.
	Raw func(*cohort.Batch) error
}

// Progress reports how far a stage has come.
type Progress struct {
	// Stage is "fit", "sample" (reading a file for its fit sample) or
	// "transform".
	Stage       string
	Done, Total int64
}

func (o *Options) defaults() error {
	if o.FitRows == 0 {
		o.FitRows = DefaultFitRows
	}
	if o.Chunk == 0 {
		o.Chunk = DefaultChunk
	}
	if o.Components == 0 {
		o.Components = prep.DefaultComponents
	}
	switch {
	case o.FitRows < 2:
		return fmt.Errorf("dataset: fit rows = %d, want ≥ 2", o.FitRows)
	case o.Chunk < 1:
		return fmt.Errorf("dataset: chunk = %d rows, want ≥ 1", o.Chunk)
	case o.Components < 1:
		return fmt.Errorf("dataset: PCA components = %d, want ≥ 1", o.Components)
	case o.EmbeddingDim < 0:
		return fmt.Errorf("dataset: embedding dimension = %d, want ≥ 1 (0 for the profile's)", o.EmbeddingDim)
	}
	return nil
}

func (o *Options) progress(stage string, done, total int64) {
	if o.Progress != nil {
		o.Progress(Progress{Stage: stage, Done: done, Total: total})
	}
}

// generator builds the cohort generator of the options.
func (o *Options) generator() (*cohort.Generator, error) {
	p := o.Profile
	if p == nil {
		p = cohort.DefaultProfile()
	}
	if o.EmbeddingDim > 0 && o.EmbeddingDim != p.EmbeddingDim {
		var err error
		if p, err = p.WithEmbeddingDim(o.EmbeddingDim); err != nil {
			return nil, err
		}
	}
	return cohort.NewGenerator(p, o.Seed)
}

// Synthetic generates opt.N rows of stream 0 of the cohort, fits the
// preprocessing on the first min(N, FitRows) rows and transforms every row.
// Raw rows stream in chunks: only the fit sample and one chunk are held raw.
func Synthetic(opt Options) (*Dataset, *prep.Model, error) {
	if opt.N < 1 {
		return nil, nil, fmt.Errorf("dataset: n = %d rows, want ≥ 1", opt.N)
	}
	if err := opt.defaults(); err != nil {
		return nil, nil, err
	}
	g, err := opt.generator()
	if err != nil {
		return nil, nil, err
	}
	fitRows := int(min(opt.N, int64(opt.FitRows)))
	opt.progress("fit", 0, int64(fitRows))
	sample := g.Generate(0, 0, fitRows, nil)
	m, err := prep.Fit(sample, prep.Options{Components: opt.Components, ScalePairs: opt.ScalePairs, Seed: opt.Seed})
	if err != nil {
		return nil, nil, err
	}
	opt.progress("fit", int64(fitRows), int64(fitRows))
	d := newDataset(m, opt.N, g.Profile().ClusterNames())
	d.Meta.Source, d.Meta.Seed = SourceSynthetic, opt.Seed
	d.Meta.Profile, d.Meta.ProfileHash = g.Profile().Name, g.Profile().Hash()
	// The fit sample is rows [0, fitRows): transform it in chunks, then
	// generate the rest.
	var buf *cohort.Batch
	for start := int64(0); start < opt.N; start += int64(opt.Chunk) {
		n := int(min(int64(opt.Chunk), opt.N-start))
		var b *cohort.Batch
		if start+int64(n) <= int64(fitRows) {
			b = slice(sample, int(start), n)
		} else {
			buf = g.Generate(0, start, n, buf)
			b = buf
		}
		if err := d.add(m, b, &opt, opt.N); err != nil {
			return nil, nil, err
		}
	}
	return d, m, nil
}

// slice returns rows [lo, lo+n) of b as a batch sharing its storage.
func slice(b *cohort.Batch, lo, n int) *cohort.Batch {
	r, p, e := cohort.NumRisks, cohort.NumBeats, b.Dim
	return &cohort.Batch{
		Stream:    b.Stream,
		Start:     b.Start + int64(lo),
		Dim:       b.Dim,
		Cluster:   b.Cluster[lo : lo+n],
		HeartRate: b.HeartRate[lo : lo+n],
		Risks:     b.Risks[lo*r : (lo+n)*r],
		Embedding: b.Embedding[lo*e : (lo+n)*e],
		Props:     b.Props[lo*p : (lo+n)*p],
	}
}

// newDataset allocates a dataset of n rows for model m.
func newDataset(m *prep.Model, n int64, clusterNames []string) *Dataset {
	d := &Dataset{
		Meta: Meta{
			Schema:       m.Schema,
			ClusterNames: clusterNames,
			EmbeddingDim: m.EmbeddingDim,
			Components:   m.NumComponents(),
			FitRows:      m.FitRows,
			ModelHash:    m.Hash(),
			GroupScales:  append([]float64(nil), m.Scales...),
		},
		Data: make([]float32, 0, n*int64(m.Dim())),
	}
	if clusterNames != nil {
		d.Cluster = make([]uint8, 0, n)
	}
	return d
}

// add transforms the rows of b and appends them to d.
// total is the number of rows d will hold, for progress.
func (d *Dataset) add(m *prep.Model, b *cohort.Batch, opt *Options, total int64) error {
	if opt.Raw != nil {
		if err := opt.Raw(b); err != nil {
			return err
		}
	}
	lo, k := len(d.Data), b.Len()*m.Dim()
	d.Data = slices.Grow(d.Data, k)[:lo+k]
	if err := m.Transform(b, d.Data[lo:]); err != nil {
		return err
	}
	if d.Cluster != nil {
		d.Cluster = append(d.Cluster, b.Cluster...)
	}
	d.Meta.Rows += int64(b.Len())
	opt.progress("transform", d.Meta.Rows, total)
	return nil
}

// Queries generates n holdout rows, stream 1 of the same cohort (same
// profile, seed and cluster centres as Synthetic with opt), transformed by
// m: queries that are not in the indexed data. Their ids are ecg_s1_<row>.
func Queries(opt Options, m *prep.Model, n int) (*Dataset, error) {
	if n < 1 {
		return nil, fmt.Errorf("dataset: %d holdout queries, want ≥ 1", n)
	}
	if err := opt.defaults(); err != nil {
		return nil, err
	}
	g, err := opt.generator()
	if err != nil {
		return nil, err
	}
	if g.Profile().EmbeddingDim != m.EmbeddingDim {
		return nil, fmt.Errorf("dataset: the cohort has %d-wide embeddings, the model expects %d", g.Profile().EmbeddingDim, m.EmbeddingDim)
	}
	d := newDataset(m, int64(n), g.Profile().ClusterNames())
	d.Meta.Source, d.Meta.Seed, d.Meta.Stream = SourceSynthetic, opt.Seed, 1
	d.Meta.Profile, d.Meta.ProfileHash = g.Profile().Name, g.Profile().Hash()
	opt.Raw = nil
	var b *cohort.Batch
	for start := 0; start < n; start += opt.Chunk {
		b = g.Generate(1, int64(start), min(opt.Chunk, n-start), b)
		if err := d.add(m, b, &opt, int64(n)); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// FromCSV builds a dataset from a raw CSV file of real model outputs (see
// OpenCSV): a first pass draws a seeded uniform sample of up to FitRows rows
// and fits the preprocessing on it, a second transforms every row. Ids are
// kept (nil when they are exactly ecg_0, ecg_1, …), and must be unique;
// clusters are kept when the file has them, numbered in order of first
// appearance. N, Profile, EmbeddingDim and Raw are ignored.
func FromCSV(path string, opt Options) (*Dataset, *prep.Model, error) {
	if err := opt.defaults(); err != nil {
		return nil, nil, err
	}
	r, err := OpenCSV(path)
	if err != nil {
		return nil, nil, err
	}
	res := prep.NewReservoir(opt.FitRows, r.Dim(), opt.Seed)
	var b *cohort.Batch
	for {
		b, err = r.Next(opt.Chunk, b)
		if err == io.EOF {
			break
		}
		if err != nil {
			r.Close()
			return nil, nil, err
		}
		res.Add(b)
		opt.progress("sample", res.Seen(), 0)
	}
	r.Close()
	rows := res.Seen()
	if rows < 2 {
		return nil, nil, fmt.Errorf("dataset: %s has %d data rows, want at least 2", path, rows)
	}
	m, err := prep.Fit(res.Sample(), prep.Options{Components: opt.Components, ScalePairs: opt.ScalePairs, Seed: opt.Seed})
	if err != nil {
		return nil, nil, fmt.Errorf("dataset: %s: %w", path, err)
	}
	if r, err = OpenCSV(path); err != nil {
		return nil, nil, err
	}
	defer r.Close()
	var names []string
	if r.clCol >= 0 {
		names = []string{}
	}
	d := newDataset(m, rows, names)
	d.Meta.Source, d.Meta.SourceFile, d.Meta.Seed = SourceFile, filepath.Base(path), opt.Seed
	d.IDs = make([]string, 0, rows)
	canonical := true
	for {
		b, err = r.Next(opt.Chunk, b)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		for i, id := range b.IDs {
			canonical = canonical && id == cohort.ID(0, b.Start+int64(i))
		}
		d.IDs = append(d.IDs, b.IDs...)
		if err := d.add(m, b, &opt, rows); err != nil {
			return nil, nil, err
		}
	}
	if d.Meta.Rows != rows {
		return nil, nil, fmt.Errorf("dataset: %s changed while it was read: %d rows, then %d", path, rows, d.Meta.Rows)
	}
	if d.Cluster != nil {
		d.Meta.ClusterNames = r.ClusterNames()
	}
	if canonical {
		d.IDs = nil
	} else if err := uniqueIDs(path, d.IDs); err != nil {
		return nil, nil, err
	}
	return d, m, nil
}

// uniqueIDs reports the first id that two rows share, with their lines.
func uniqueIDs(path string, ids []string) error {
	order := make([]int, len(ids))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool {
		if ids[order[a]] != ids[order[b]] {
			return ids[order[a]] < ids[order[b]]
		}
		return order[a] < order[b]
	})
	for k := 1; k < len(order); k++ {
		if a, b := order[k-1], order[k]; ids[a] == ids[b] {
			return fmt.Errorf("dataset: %s: id %q appears on lines %d and %d; ids must be unique", path, ids[a], a+2, b+2)
		}
	}
	return nil
}
