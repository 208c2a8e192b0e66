package spec

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/ecgbench/ecgbench/engine/index"
	"github.com/ecgbench/ecgbench/engine/schema"
)

// Defaults of the keys a spec may leave out.
const (
	DefaultSeed         = 42
	DefaultEmbeddingDim = 64
	DefaultPCA          = 5
	DefaultCount        = 100
	DefaultK            = 10
	DefaultMargin       = 1.0
	DefaultRepeats      = 6
	DefaultWarmup       = 10
	DefaultThreads      = 1
	DefaultTimeout      = 20 * time.Minute
	DefaultCacheDir     = ".cache"
	DefaultOutDir       = "runs"
)

// namePattern is what spec, index config and weight set names must match:
// they appear in folder and trial names.
var namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// Load reads and validates the spec file at path. Relative dataset paths
// (profile, file) are resolved against the spec file's directory.
func Load(path string) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	return Parse(path, data)
}

// Parse validates the spec in data; name is its file name, used in every
// message and to resolve relative dataset paths. It returns every error it
// finds at once, as an *Error; warnings go to Spec.Warnings.
func Parse(name string, data []byte) (*Spec, error) {
	var doc map[string]any
	if _, err := toml.Decode(string(data), &doc); err != nil {
		p := Problem{File: name, Msg: err.Error()}
		var pe toml.ParseError
		if errors.As(err, &pe) {
			p.Line, p.Key, p.Msg = pe.Position.Line, pe.LastKey, pe.Message
		}
		return nil, &Error{Problems: []Problem{p}}
	}
	d := &decoder{file: name, lines: indexLines(data)}
	s := d.spec(d.table("", doc), filepath.Dir(name))
	s.File = name
	d.check(s)
	if len(d.errs) > 0 {
		sortProblems(d.errs)
		return nil, &Error{Problems: d.errs}
	}
	h, err := s.hash()
	if err != nil {
		return nil, &Error{Problems: []Problem{{File: name, Msg: err.Error()}}}
	}
	sortProblems(d.warns)
	s.Warnings, s.Hash = d.warns, h
	return s, nil
}

// spec reads the whole document.
func (d *decoder) spec(t *table, dir string) *Spec {
	s := &Spec{}
	s.Name = t.str("name", "")
	switch {
	case !t.has("name"):
		d.errorf("name", "missing: every spec needs a name ([a-z0-9_-]), which names its run folder")
	case !namePattern.MatchString(s.Name):
		d.errorf("name", "%q: use lower-case letters, digits, '-' and '_'", s.Name)
	}
	s.Seed = uint64(t.int("seed", DefaultSeed, 0))

	s.Dataset = d.dataset(t.sub("dataset"), dir)
	s.Schema = schema.Default(s.Dataset.PCA)
	s.Queries = d.queries(t.sub("queries"), s.Schema)
	for _, it := range t.tables("index") {
		s.Indexes = append(s.Indexes, d.index(it))
	}
	for _, st := range t.tables("strategy") {
		s.Strategies = append(s.Strategies, d.strategy(st))
	}
	s.Run = d.run(t.sub("run"))
	t.done()
	return s
}

// orEmpty stands in for an absent table, so defaults apply.
func (d *decoder) orEmpty(t *table, path string) *table {
	if t == nil {
		return d.table(path, map[string]any{})
	}
	return t
}

func (d *decoder) dataset(t *table, dir string) Dataset {
	t = d.orEmpty(t, "dataset")
	ds := Dataset{}
	ds.Source = t.str("source", SourceSynthetic)
	file := ds.Source == SourceFile
	if !file && ds.Source != SourceSynthetic {
		d.errorf(joinPath(t.path, "source"), "%q: want %q or %q", ds.Source, SourceSynthetic, SourceFile)
	}
	if file {
		ds.Sizes = t.ints("sizes", []int{0}, 0)
	} else {
		ds.Sizes = t.ints("sizes", nil, 1)
		if !t.has("sizes") {
			d.errorf(t.path, "sizes missing: list the dataset sizes, e.g. sizes = [10_000, 100_000]")
		}
	}
	ds.Profile = t.str("profile", "")
	ds.File = t.str("file", "")
	ds.ProfilePath = d.datasetPath(t, "profile", ds.Profile, dir)
	ds.FilePath = d.datasetPath(t, "file", ds.File, dir)
	switch {
	case file && ds.File == "":
		d.errorf(joinPath(t.path, "file"), "missing: source = %q reads the CSV named here", SourceFile)
	case file && ds.Profile != "":
		d.errorf(joinPath(t.path, "profile"), "a cohort profile only applies to source = %q", SourceSynthetic)
	case !file && ds.File != "":
		d.errorf(joinPath(t.path, "file"), "only read when source = %q", SourceFile)
	}
	minDim, defDim := int64(1), int64(DefaultEmbeddingDim)
	if file {
		minDim, defDim = 0, 0
	}
	ds.EmbeddingDim = int(t.int("embedding_dim", defDim, minDim))
	ds.PCA = int(t.int("pca", DefaultPCA, 1))
	if ds.EmbeddingDim > 0 && ds.PCA > ds.EmbeddingDim {
		d.errorf(joinPath(t.path, "pca"), "%d components of a %d-wide embedding: want 1..embedding_dim", ds.PCA, ds.EmbeddingDim)
	}
	ds.Normalize = t.str("normalize", NormalizeGroupScale)
	if ds.Normalize != NormalizeGroupScale && ds.Normalize != NormalizeNone {
		d.errorf(joinPath(t.path, "normalize"), "%q: want %q or %q", ds.Normalize, NormalizeGroupScale, NormalizeNone)
	}
	t.done()
	return ds
}

// datasetPath resolves a path written in the spec against dir and checks
// that the file exists.
func (d *decoder) datasetPath(t *table, key, p, dir string) string {
	if p == "" {
		return ""
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	if _, err := os.Stat(p); err != nil {
		d.errorf(joinPath(t.path, key), "%v", err)
	}
	return p
}

func (d *decoder) queries(t *table, sch schema.Schema) Queries {
	t = d.orEmpty(t, "queries")
	q := Queries{}
	q.Count = int(t.int("count", DefaultCount, 1))
	q.Mode = t.str("mode", ModeHoldout)
	if q.Mode != ModeHoldout && q.Mode != ModeSample {
		d.errorf(joinPath(t.path, "mode"), "%q: want %q or %q", q.Mode, ModeHoldout, ModeSample)
	}
	q.K = t.ints("k", []int{DefaultK}, 1)
	q.Groups = d.groupSets(t, sch)
	for _, wt := range t.tables("weights") {
		q.Weights = append(q.Weights, d.weightSet(wt, sch))
	}
	if q.Weights == nil {
		q.Weights = []WeightSet{{Name: UniformWeights}}
	}
	seen := map[string]string{}
	for i, w := range q.Weights {
		path := joinPath(elemPath(joinPath(t.path, "weights"), i), "name")
		if first, dup := seen[w.Name]; dup && w.Name != "" {
			d.errorf(path, "weight set %q is already defined at %s", w.Name, first)
		}
		seen[w.Name] = path
	}
	t.done()
	return q
}

// groupSets reads queries.groups: an array of arrays of group names, each
// resolved against the schema.
func (d *decoder) groupSets(t *table, sch schema.Schema) [][]string {
	elems, paths, ok := t.list("groups")
	if !ok {
		return [][]string{sch.Names()}
	}
	if len(elems) == 0 {
		d.errorf(joinPath(t.path, "groups"), "empty list, want at least one group set")
	}
	var sets [][]string
	seen := map[string]string{}
	for i, v := range elems {
		arr, isArr := v.([]any)
		if !isArr {
			d.errorf(paths[i], "want an array of group names such as [\"heart_rate\", \"beat_props\"], got %s", describe(v))
			continue
		}
		var names []string
		good := true
		for j, e := range arr {
			s, isStr := e.(string)
			if !isStr {
				d.errorf(elemPath(paths[i], j), "want a group name, got %s", describe(e))
				good = false
				continue
			}
			names = append(names, s)
		}
		if !good {
			continue
		}
		sel, err := sch.Select(names, nil)
		if err != nil {
			d.errorf(paths[i], "%v", err)
			continue
		}
		for _, n := range sel.Notices {
			d.warnf(paths[i], "%s", n)
		}
		label := sel.Label(sch)
		if first, dup := seen[label]; dup {
			d.errorf(paths[i], "selects the same groups (%s) as %s", label, first)
			continue
		}
		seen[label] = paths[i]
		sets = append(sets, names)
	}
	return sets
}

func (d *decoder) weightSet(t *table, sch schema.Schema) WeightSet {
	w := WeightSet{Name: t.str("name", "")}
	switch {
	case !t.has("name"):
		d.errorf(t.path, "name missing: each weight set needs a name ([a-z0-9_-])")
	case !namePattern.MatchString(w.Name):
		d.errorf(joinPath(t.path, "name"), "%q: use lower-case letters, digits, '-' and '_'", w.Name)
	}
	if wt := t.sub("weights"); wt != nil {
		w.Weights = map[string]float64{}
		var names []string
		var weights []float64
		for _, k := range wt.keys() {
			path := joinPath(wt.path, k)
			f, ok := d.floatValue(path, wt.m[k], math.Inf(-1))
			if !ok {
				continue
			}
			sel, err := sch.Select([]string{k}, []float64{f})
			if err != nil {
				d.errorf(path, "%v", err)
				continue
			}
			for _, n := range sel.Notices {
				d.warnf(path, "%s", n)
			}
			w.Weights[k] = f
			names = append(names, k)
			weights = append(weights, f)
		}
		if _, err := sch.Select(names, weights); err != nil && len(names) > 0 {
			d.errorf(wt.path, "%v", err)
		}
	}
	if w.Name == UniformWeights {
		for k, f := range w.Weights {
			if f != 1 {
				d.errorf(joinPath(joinPath(t.path, "weights"), k), "the weight set %q weighs every group 1; name this one differently", UniformWeights)
			}
		}
	}
	t.done()
	return w
}

func (d *decoder) index(t *table) IndexConfig {
	c := IndexConfig{Name: t.str("name", "")}
	switch {
	case !t.has("name"):
		d.errorf(t.path, "name missing: each index config needs a name ([a-z0-9_-])")
	case !namePattern.MatchString(c.Name):
		d.errorf(joinPath(t.path, "name"), "%q: use lower-case letters, digits, '-' and '_'", c.Name)
	}
	c.Backend = t.str("backend", "")
	if !t.has("backend") {
		d.errorf(t.path, "backend missing: want one of %s", strings.Join(index.Names(), ", "))
	}
	c.MaxN = int(t.int("max_n", 0, 0))
	c.Build = index.Params{}
	if bt := t.sub("build"); bt != nil {
		for _, k := range bt.keys() {
			switch v := bt.m[k].(type) {
			case float64:
				if f, ok := d.floatValue(joinPath(bt.path, k), v, math.Inf(-1)); ok {
					c.Build[k] = f
				}
			case string, int64, bool:
				c.Build[k] = v
			default:
				d.errorf(joinPath(bt.path, k), "want a string, number or boolean, got %s", describe(v))
			}
		}
	}
	c.Search = map[string][]int{}
	if st := t.sub("search"); st != nil {
		for _, k := range st.keys() {
			if vs := st.ints(k, nil, 1); vs != nil {
				c.Search[k] = vs
			}
		}
	}
	t.done()
	return c
}

func (d *decoder) strategy(t *table) Strategy {
	s := Strategy{Kind: t.str("kind", "")}
	switch s.Kind {
	case KindExact, KindSingle, KindHybrid, KindAuto, KindSubset:
	default:
		if t.has("kind") {
			d.errorf(joinPath(t.path, "kind"), "%q: want %s, %s, %s, %s or %s", s.Kind, KindExact, KindSingle, KindHybrid, KindAuto, KindSubset)
		} else {
			d.errorf(t.path, "kind missing: want %s, %s, %s, %s or %s", KindExact, KindSingle, KindHybrid, KindAuto, KindSubset)
		}
	}
	fused := s.Kind == KindHybrid || s.Kind == KindAuto
	s.Index, _ = t.strs("index", nil)
	if gt := t.sub("group_index"); gt != nil {
		s.GroupIndex = map[string]string{}
		for _, k := range gt.keys() {
			v, isStr := gt.m[k].(string)
			if !isStr {
				d.errorf(joinPath(gt.path, k), "want an index config name, got %s", describe(gt.m[k]))
				continue
			}
			s.GroupIndex[k] = v
		}
	}
	defFusion := []string{}
	if fused {
		defFusion = []string{FusionRerank}
	}
	fusion, fusionPaths := t.strs("fusion", defFusion)
	for i, f := range fusion {
		if f != FusionZScore && f != FusionRRF && f != FusionRerank && fusionPaths != nil {
			d.errorf(fusionPaths[i], "%q: want %s, %s or %s", f, FusionZScore, FusionRRF, FusionRerank)
		}
	}
	s.Fusion = fusion
	s.Margin = t.floats("margin", []float64{DefaultMargin}, 1)
	s.RRFK = DefaultRRFK
	if v, path, ok := t.get("rrf_k"); ok {
		if f, good := d.floatValue(path, v, 0); good {
			if f == 0 {
				d.errorf(path, "0: want a number > 0")
			}
			s.RRFK = f
		}
	}

	// Keys that do not apply to the kind.
	notFor := func(key, kinds string) {
		if t.has(key) {
			d.errorf(joinPath(t.path, key), "does not apply to kind = %q (only to %s)", s.Kind, kinds)
		}
	}
	switch s.Kind {
	case KindExact:
		notFor("index", "single, hybrid, auto and subset: exact scans every row")
		notFor("margin", "single, hybrid, auto and subset")
		fallthrough
	case KindSingle, KindSubset:
		notFor("group_index", "hybrid and auto")
		notFor("fusion", "hybrid and auto")
		notFor("rrf_k", "hybrid and auto")
	}
	if (s.Kind == KindSingle || s.Kind == KindSubset || fused) && !t.has("index") {
		d.errorf(t.path, "index missing: name the index configs to run %s with, e.g. index = [\"faiss-hnsw32\"]", s.Kind)
	}
	if t.has("rrf_k") && fused && !contains(s.Fusion, FusionRRF) {
		d.warnf(joinPath(t.path, "rrf_k"), "only used by fusion %q, which this strategy does not list", FusionRRF)
	}
	if !fused {
		s.GroupIndex, s.Fusion, s.RRFK = nil, nil, 0
	}
	if s.Kind == KindExact {
		s.Index, s.Margin = nil, nil
	}
	t.done()
	return s
}

func (d *decoder) run(t *table) Run {
	t = d.orEmpty(t, "run")
	r := Run{}
	r.Repeats = int(t.int("repeats", DefaultRepeats, 1))
	r.Warmup = int(t.int("warmup", DefaultWarmup, 0))
	r.Threads = t.ints("threads", []int{DefaultThreads}, 1)
	r.Timeout = DefaultTimeout
	if v, path, ok := t.get("timeout"); ok {
		s, isStr := v.(string)
		dur, err := time.ParseDuration(s)
		switch {
		case !isStr:
			d.errorf(path, "want a duration string such as \"20m\", got %s", describe(v))
		case err != nil:
			d.errorf(path, "%q is not a duration: write e.g. \"90s\", \"20m\" or \"1h30m\"", s)
		case dur <= 0:
			d.errorf(path, "%q: want a duration > 0", s)
		default:
			r.Timeout = dur
		}
	}
	r.CacheDir = t.str("cache_dir", DefaultCacheDir)
	if r.CacheDir == "" {
		d.errorf(joinPath(t.path, "cache_dir"), "empty: name a folder")
	}
	r.OutDir = t.str("out_dir", DefaultOutDir)
	if r.OutDir == "" {
		d.errorf(joinPath(t.path, "out_dir"), "empty: name a folder")
	}
	if mem := t.str("memory_limit", ""); mem != "" {
		n, err := ParseBytes(mem)
		if err != nil {
			d.errorf(joinPath(t.path, "memory_limit"), "%v", err)
		}
		r.MemoryLimit = n
	}
	t.done()
	return r
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
