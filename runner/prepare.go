package runner

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"

	"github.com/ecgbench/ecgbench/engine/cohort"
	"github.com/ecgbench/ecgbench/engine/dataset"
	"github.com/ecgbench/ecgbench/engine/exact"
	"github.com/ecgbench/ecgbench/engine/prep"
	"github.com/ecgbench/ecgbench/engine/search"
	"github.com/ecgbench/ecgbench/runner/spec"
)

// prepared is one dataset size ready to search: the preprocessed matrix,
// its clusters and fingerprint, and the query set.
type prepared struct {
	n           int
	data        *search.Data
	clusters    []uint8
	names       []string // cluster names
	fingerprint string
	// queries are preprocessed with the dataset's model, row-major.
	queries       []float32
	queryClusters []uint8
	exclude       []int64 // sampled queries: their own rows; holdout: nil
	queryKey      string  // identifies the query set in cache keys
}

func (p *prepared) numQueries() int { return len(p.queries) / p.data.Schema.Dim() }

// scalesKey is the part of an index's cache key that its vectors depend on
// besides the dataset: the single and subset indexes are built from scaled
// rows (subset's weights are in its build key).
func (p *prepared) scalesKey(group string) any {
	if group == "" || strings.HasPrefix(group, spec.SubsetPrefix) {
		return p.data.Scales
	}
	return nil
}

func (p *prepared) workload(truth [][]exact.Neighbor) *Workload {
	return &Workload{Data: p.data, Clusters: p.clusters, Queries: p.queries, QueryClusters: p.queryClusters, Exclude: p.exclude, Truth: truth}
}

// prepare loads or makes the dataset of size n and its queries.
func (r *runState) prepare(n int) (*prepared, error) {
	d, m, err := r.dataset(n)
	if err != nil {
		return nil, err
	}
	scales, err := m.GroupScales(r.sp.Dataset.Normalize)
	if err != nil {
		return nil, err
	}
	p := &prepared{
		n:           d.Len(),
		data:        &search.Data{Schema: d.Meta.Schema, Scales: scales, Rows: d.Data},
		clusters:    d.Cluster,
		names:       d.Meta.ClusterNames,
		fingerprint: d.Fingerprint(),
	}
	count := r.sp.Queries.Count
	switch {
	case r.sp.Queries.Mode == spec.ModeSample:
		if count > p.n {
			return nil, fmt.Errorf("queries.count = %d sampled rows, but the dataset has %d", count, p.n)
		}
		rng := rand.New(rand.NewPCG(r.sp.Seed, 0x5a3b1e))
		perm := rng.Perm(p.n)[:count]
		for _, row := range perm {
			p.queries = append(p.queries, d.Row(row)...)
			p.exclude = append(p.exclude, int64(row))
			if d.Cluster != nil {
				p.queryClusters = append(p.queryClusters, d.Cluster[row])
			}
		}
		p.queryKey = Key("sample", r.sp.Seed, count)
	case r.sp.Dataset.Source == spec.SourceFile:
		// Holdout from a file: the last Count rows of the file are the
		// queries and are kept out of the indexed rows (see dataset).
		p.queries, p.queryClusters = r.fileQueries.Data, r.fileQueries.Cluster
		p.queryKey = Key("file-holdout", count)
	default:
		q, err := r.holdout(m, count)
		if err != nil {
			return nil, err
		}
		p.queries, p.queryClusters = q.Data, q.Cluster
		p.queryKey = Key("holdout", q.Fingerprint())
	}
	return p, nil
}

// syntheticOptions are the generator settings of the spec for n rows.
func (r *runState) syntheticOptions(n int) (dataset.Options, error) {
	opt := dataset.Options{N: int64(n), Seed: r.sp.Seed, EmbeddingDim: r.sp.Dataset.EmbeddingDim, Components: r.sp.Dataset.PCA}
	if r.sp.Dataset.ProfilePath != "" {
		p, err := cohort.LoadProfile(r.sp.Dataset.ProfilePath)
		if err != nil {
			return opt, err
		}
		opt.Profile = p
	}
	return opt, nil
}

// dataset loads the preprocessed dataset of size n from the cache or makes
// it: generated (synthetic) or read from the spec's CSV (file).
func (r *runState) dataset(n int) (*dataset.Dataset, *prep.Model, error) {
	var key string
	opt, err := r.syntheticOptions(n)
	if err != nil {
		return nil, nil, err
	}
	if r.sp.Dataset.Source == spec.SourceFile {
		st, err := os.Stat(r.sp.Dataset.FilePath)
		if err != nil {
			return nil, nil, fmt.Errorf("dataset.file: %w", err)
		}
		key = Key("dataset/v1", "file", r.sp.Dataset.FilePath, st.Size(), st.ModTime().UnixNano(), n, r.sp.Seed, r.sp.Dataset.PCA, r.sp.Queries.Mode, r.sp.Queries.Count)
	} else {
		ph := ""
		if opt.Profile != nil {
			ph = opt.Profile.Hash()
		}
		key = Key("dataset/v1", "synthetic", n, r.sp.Seed, ph, r.sp.Dataset.EmbeddingDim, r.sp.Dataset.PCA)
	}
	dpath := r.cache.Path("dataset", key, dataset.FileExt)
	mpath := r.cache.Path("dataset", key, ".model.json")
	qpath := r.cache.Path("dataset", key, ".queries"+dataset.FileExt)
	var d *dataset.Dataset
	var m *prep.Model
	if r.cache.Load(dpath, func(p string) error {
		var err error
		if d, err = dataset.Read(p); err != nil {
			return err
		}
		if m, err = prep.Load(mpath); err != nil {
			return err
		}
		if d.Meta.ModelHash != m.Hash() {
			return fmt.Errorf("model %s does not match", mpath)
		}
		if r.sp.Dataset.Source == spec.SourceFile && r.sp.Queries.Mode == spec.ModeHoldout {
			if r.fileQueries, err = dataset.Read(qpath); err != nil {
				return err
			}
		}
		return nil
	}, r.warn) {
		return d, m, nil
	}

	if r.sp.Dataset.Source == spec.SourceFile {
		d, m, err = r.fromFile(n)
	} else {
		st := r.prog.Stage(fmt.Sprintf("generate n=%d", n), int64(n))
		var last int64
		opt.Progress = func(p dataset.Progress) {
			if p.Stage == "transform" {
				st.Add(int(p.Done - last))
				last = p.Done
			}
		}
		d, m, err = dataset.Synthetic(opt)
		st.Done()
	}
	if err != nil {
		return nil, nil, err
	}
	for _, e := range []struct {
		path  string
		write func(string) error
	}{{mpath, m.Save}, {qpath, r.writeFileQueries}, {dpath, d.Write}} {
		if e.path == qpath && r.fileQueries == nil {
			continue
		}
		if err := r.cache.Store(e.path, e.write); err != nil {
			r.warn(fmt.Sprintf("dataset not cached: %v", err))
		}
	}
	return d, m, nil
}

// fromFile reads the spec's CSV. With holdout queries, its last Count rows
// become the queries and the first min(n, rows−Count) rows the data; with
// sampled queries the first n rows are the data (n = 0: every row). The
// preprocessing is fitted on a sample of the whole file (scalers and PCA
// only; no labels are involved).
func (r *runState) fromFile(n int) (*dataset.Dataset, *prep.Model, error) {
	st := r.prog.Stage("read "+r.sp.Dataset.FilePath, 1)
	defer st.Done()
	full, m, err := dataset.FromCSV(r.sp.Dataset.FilePath, dataset.Options{Seed: r.sp.Seed, Components: r.sp.Dataset.PCA})
	if err != nil {
		return nil, nil, err
	}
	rows := full.Len()
	avail := rows
	if r.sp.Queries.Mode == spec.ModeHoldout {
		avail = rows - r.sp.Queries.Count
		if avail < 1 {
			return nil, nil, fmt.Errorf("%s: %d rows cannot hold %d holdout queries and data", r.sp.Dataset.FilePath, rows, r.sp.Queries.Count)
		}
		r.fileQueries = full.Slice(avail, rows)
	}
	if n == 0 || n > avail {
		if n > avail {
			r.warn(fmt.Sprintf("%s: n = %d but only %d rows are available: using %d", r.sp.Dataset.FilePath, n, avail, avail))
		}
		n = avail
	}
	return full.Slice(0, n), m, nil
}

// writeFileQueries stores the holdout queries of a file source.
func (r *runState) writeFileQueries(path string) error { return r.fileQueries.Write(path) }

// holdout makes count fresh queries from the cohort (stream 1), with the
// dataset's preprocessing.
func (r *runState) holdout(m *prep.Model, count int) (*dataset.Dataset, error) {
	opt, err := r.syntheticOptions(count)
	if err != nil {
		return nil, err
	}
	return dataset.Queries(opt, m, count)
}
