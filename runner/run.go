package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/ecgbench/ecgbench/engine/dataset"
	"github.com/ecgbench/ecgbench/engine/exact"
	"github.com/ecgbench/ecgbench/engine/index"
	"github.com/ecgbench/ecgbench/engine/search"
	"github.com/ecgbench/ecgbench/plots"
	"github.com/ecgbench/ecgbench/results"
	"github.com/ecgbench/ecgbench/runner/progress"
	"github.com/ecgbench/ecgbench/runner/spec"
)

// Options tunes a run. The zero value runs the whole spec into
// Run.OutDir/Name, reusing the cache and resuming finished trials.
type Options struct {
	// Out is the run folder; "" means spec Run.OutDir/Name (with a
	// -shard-i-of-n suffix when sharded).
	Out string
	// Force rebuilds every cache entry and re-runs every trial; the
	// previous results are kept beside the new ones, renamed.
	Force bool
	// Shard and Shards select shard Shard of Shards (Shards ≤ 1: all).
	Shard, Shards int
	// Log receives messages and progress; nil means os.Stderr.
	Log io.Writer
}

// runState is what one run carries from trial to trial.
type runState struct {
	sp       *spec.Spec
	opt      Options
	dir      string
	cache    *Cache
	limit    int64
	prog     *progress.Reporter
	prov     results.Record // provenance fields only
	recs     []results.Record
	warnings []string
	// fileQueries are the holdout queries of a file source.
	fileQueries *dataset.Dataset
}

func (r *runState) warn(msg string) {
	r.warnings = append(r.warnings, msg)
	r.prog.Logf("warning: %s", msg)
}

// Run executes the trials of sp: for each dataset size it prepares the
// data and queries, builds each index once (or loads it from the cache),
// computes the exact answers once, then measures every trial and appends
// its record to results.jsonl as soon as it finishes, rewriting
// results.csv and bench.txt. A trial already in results.jsonl (same spec
// hash) is skipped, so an interrupted run resumes. A failing or timed-out
// trial is recorded with its status and the run goes on. Run returns the
// run folder.
func Run(ctx context.Context, sp *spec.Spec, opt Options) (string, error) {
	log := opt.Log
	if log == nil {
		log = os.Stderr
	}
	r := &runState{sp: sp, opt: opt, prog: progress.New(log, 10*time.Second)}
	defer r.prog.Wait()
	trials := sp.Trials()
	r.dir = opt.Out
	if opt.Shards > 1 {
		trials = spec.Shard(trials, opt.Shard, opt.Shards)
		if r.dir == "" {
			r.dir = filepath.Join(sp.Run.OutDir, fmt.Sprintf("%s-shard-%d-of-%d", sp.Name, opt.Shard, opt.Shards))
		}
	}
	if r.dir == "" {
		r.dir = filepath.Join(sp.Run.OutDir, sp.Name)
	}
	if err := os.MkdirAll(r.dir, 0o755); err != nil {
		return "", fmt.Errorf("runner: %w", err)
	}
	if err := r.copySpec(); err != nil {
		return "", err
	}
	done, err := r.resume()
	if err != nil {
		return "", err
	}
	r.cache = &Cache{Dir: sp.Run.CacheDir, Force: opt.Force}
	r.limit = sp.Run.MemoryLimit
	if r.limit == 0 {
		if avail, err := MemAvailable(); err == nil {
			r.limit = avail + RSS()
		}
	}
	r.prov = provenance(sp)

	todo := 0
	for _, t := range trials {
		if !done[t.Name] {
			todo++
		}
	}
	r.prog.Logf("%s: %d trials (%d already done), results in %s", sp.Name, len(trials), len(trials)-todo, r.dir)
	stage := r.prog.Stage("trials", int64(todo))
	defer stage.Done()

	for _, batch := range bySize(trials) {
		var pending []spec.Trial
		for _, t := range batch {
			if !done[t.Name] {
				pending = append(pending, t)
			}
		}
		if len(pending) == 0 {
			continue
		}
		if err := ctx.Err(); err != nil {
			return r.dir, err
		}
		if err := r.runSize(ctx, pending, stage); err != nil {
			return r.dir, err
		}
	}
	return r.dir, nil
}

// bySize splits trials by dataset size, keeping their order.
func bySize(trials []spec.Trial) [][]spec.Trial {
	var out [][]spec.Trial
	pos := map[int]int{}
	for _, t := range trials {
		i, ok := pos[t.N]
		if !ok {
			i = len(out)
			pos[t.N] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], t)
	}
	return out
}

// runSize runs the pending trials of one dataset size.
func (r *runState) runSize(ctx context.Context, trials []spec.Trial, stage *progress.Stage) error {
	n := trials[0].N
	ds, err := r.prepare(n)
	if err != nil {
		return fmt.Errorf("runner: dataset n=%d: %w", n, err)
	}
	if ds.clusters != nil {
		// The cohort figure of the report shows the largest size run.
		if _, err := plots.CohortPCA(filepath.Join(r.dir, "figures"), ds.data.Rows, ds.data.Schema.Dim(), ds.clusters, ds.names, 5000); err != nil {
			r.warn(fmt.Sprintf("cohort figure: %v", err))
		}
	}
	built := map[spec.BuildKey]*Built{}
	defer func() {
		for _, b := range built {
			b.Index.Close()
		}
	}()
	truths := map[string][][]exact.Neighbor{}
	for _, t := range trials {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec := r.record(t, ds)
		start := time.Now()
		err := r.runTrial(ctx, t, ds, built, truths, &rec)
		rec.Seconds = time.Since(start).Seconds()
		switch {
		case err == nil:
			rec.Status = results.StatusOK
		case errors.Is(err, ErrTimeout) && ctx.Err() == nil:
			rec.Status = results.StatusTimeout
			rec.Error = fmt.Sprintf("stopped after the %s timeout", r.sp.Run.Timeout)
		case ctx.Err() != nil:
			return ctx.Err() // interrupted: the trial is not finished, do not record it
		default:
			rec.Status = results.StatusError
			rec.Error = err.Error()
			r.prog.Logf("trial %s failed: %v", t.Name, err)
		}
		if err := results.Summarize(&rec); err != nil {
			rec.Status, rec.Error = results.StatusError, err.Error()
		}
		if err := r.save(rec); err != nil {
			return err
		}
		stage.Add(1)
	}
	return nil
}

// runTrial builds (or loads) the trial's indexes, gets its ground truth and
// measures it.
func (r *runState) runTrial(ctx context.Context, t spec.Trial, ds *prepared, built map[spec.BuildKey]*Built, truths map[string][][]exact.Neighbor, rec *results.Record) error {
	st, err := r.strategy(t, ds, built, rec)
	if err != nil {
		return err
	}
	truth, err := r.truth(t, ds, truths)
	if err != nil {
		return err
	}
	w := ds.workload(truth)
	q := search.Query{Sel: t.Sel, K: t.K, Margin: t.Margin, Fusion: search.Fusion(t.Fusion), RRFK: t.RRFK}
	tctx, cancel := context.WithTimeout(ctx, r.sp.Run.Timeout)
	defer cancel()
	// Collect the garbage of builds and earlier trials now, not during
	// this trial's timing.
	runtime.GC()
	ResetPeakRSS()
	err = Measure(tctx, st, w, q, Timing{Warmup: r.sp.Run.Warmup, Repeats: r.sp.Run.Repeats, Threads: t.Threads}, rec)
	rec.PeakRSSBytes = max(rec.PeakRSSBytes, PeakRSS())
	rec.StrategyBytes = st.Bytes()
	return err
}

// strategy builds the trial's strategy over its indexes.
func (r *runState) strategy(t spec.Trial, ds *prepared, built map[spec.BuildKey]*Built, rec *results.Record) (search.Strategy, error) {
	get := func(key spec.BuildKey, cfg spec.IndexConfig, rows func() []float32, dim int) (*Built, error) {
		if b, ok := built[key]; ok {
			return b, nil
		}
		label := fmt.Sprintf("%s/%s n=%d", cfg.Name, groupLabel(key.Group), ds.n)
		st := r.prog.Stage("build "+label, 1)
		b, err := BuildIndex(r.cache, BuildRequest{
			Key: Key("index/v1", ds.fingerprint, ds.scalesKey(key.Group), key.String()), Label: label,
			Backend: cfg.Backend, Params: cfg.Build, Rows: rows(), Dim: dim,
		}, r.limit, r.warn)
		st.Add(1)
		st.Done()
		if err != nil {
			return nil, err
		}
		built[key] = b
		return b, nil
	}
	account := func(b *Built) {
		rec.BuildSeconds += b.BuildSeconds
		rec.IndexBytes += b.Bytes
		rec.PeakRSSBytes = max(rec.PeakRSSBytes, b.PeakRSS)
	}
	switch t.Route {
	case spec.KindExact:
		return search.NewExact(ds.data), nil
	case spec.KindSingle:
		key := t.Builds[0]
		b, err := get(key, t.Index, func() []float32 { return search.ScaledRows(ds.data) }, ds.data.Schema.Dim())
		if err != nil {
			return nil, err
		}
		account(b)
		return search.NewSingle(ds.data, b.Index, index.SearchParams{Values: t.Search, Threads: 1})
	case spec.KindSubset:
		key := t.Builds[0]
		rows := func() []float32 { return search.SubsetRows(ds.data, t.Sel) }
		dim := 0
		for _, g := range t.Sel.Groups {
			dim += ds.data.Schema.Groups[g].Width
		}
		b, err := get(key, t.Index, rows, dim)
		if err != nil {
			return nil, err
		}
		account(b)
		return search.NewSubset(ds.data, t.Sel, b.Index, index.SearchParams{Values: t.Search, Threads: 1})
	case spec.KindHybrid:
		groups := map[int]search.GroupIndex{}
		for i, gi := range t.GroupIndexes {
			g := ds.data.Schema.Index(gi.Group)
			b, err := get(t.Builds[i], gi.Config, func() []float32 { return search.GroupRows(ds.data, g) }, ds.data.Schema.Groups[g].Width)
			if err != nil {
				return nil, err
			}
			account(b)
			groups[g] = search.GroupIndex{Index: b.Index, Params: index.SearchParams{Values: gi.Search, Threads: 1}}
		}
		return search.NewHybrid(ds.data, groups)
	}
	return nil, fmt.Errorf("unknown route %q", t.Route)
}

func groupLabel(g string) string {
	if g == "" {
		return "single"
	}
	return g
}

// truth returns the exact top-k of every query for the trial's selection,
// with k the largest any trial of this size asks for that selection; cached
// on disk.
func (r *runState) truth(t spec.Trial, ds *prepared, mem map[string][][]exact.Neighbor) ([][]exact.Neighbor, error) {
	kmax := t.K
	for _, k := range r.sp.Queries.K {
		kmax = max(kmax, k)
	}
	key := Key("truth/v1", ds.fingerprint, ds.queryKey, t.Sel.Groups, t.Sel.Weights, ds.data.Scales, kmax)
	if got, ok := mem[key]; ok {
		return got, nil
	}
	path := r.cache.Path("truth", key, ".gt")
	var out [][]exact.Neighbor
	if !r.cache.Load(path, func(p string) error {
		var err error
		out, err = ReadGroundTruth(p)
		if err == nil && len(out) != ds.numQueries() {
			err = fmt.Errorf("holds %d queries, want %d", len(out), ds.numQueries())
		}
		return err
	}, r.warn) {
		m, err := ds.data.Metric(t.Sel)
		if err != nil {
			return nil, err
		}
		st := r.prog.Stage(fmt.Sprintf("ground truth %s n=%d", t.Sel.Label(ds.data.Schema), ds.n), 1)
		out, err = exact.Search(ds.data.Rows, m, ds.queries, kmax, exact.Options{Exclude: ds.exclude})
		st.Add(1)
		st.Done()
		if err != nil {
			return nil, err
		}
		if err := r.cache.Store(path, func(tmp string) error { return WriteGroundTruth(tmp, out) }); err != nil {
			r.warn(fmt.Sprintf("ground truth not cached: %v", err))
		}
	}
	mem[key] = out
	return out, nil
}

// record starts a trial's record: configuration and provenance.
func (r *runState) record(t spec.Trial, ds *prepared) results.Record {
	rec := r.prov
	rec.Name = t.Name
	rec.N = ds.n
	rec.Strategy = t.Strategy
	rec.Fusion = t.Fusion
	rec.Margin = t.Margin
	rec.K = t.K
	rec.Threads = t.Threads
	rec.Fingerprint = ds.fingerprint
	rec.Started = time.Now().UTC()
	for _, g := range t.Sel.Groups {
		rec.Groups = append(rec.Groups, ds.data.Schema.Groups[g].Name)
	}
	rec.Weights = append([]float64(nil), t.Sel.Weights...)
	if t.Route != spec.KindExact {
		rec.Index = t.Index.Name
		rec.Backend = t.Index.Backend
		rec.Build = t.Index.Build
		rec.Search = t.Search
	}
	rec.Extra = map[string]string{"route": t.Route, "weights": t.WeightSet, "groups_label": t.Sel.Label(ds.data.Schema)}
	for _, g := range t.GroupIndexes {
		if g.Config.Name != t.Index.Name {
			rec.Extra["index_"+g.Group] = g.Config.Name
		}
	}
	return rec
}

// save appends the record to results.jsonl and rewrites the other files.
func (r *runState) save(rec results.Record) error {
	if err := results.AppendJSONL(filepath.Join(r.dir, results.JSONLFile), rec); err != nil {
		return err
	}
	r.recs = append(r.recs, rec)
	return results.WriteRunFiles(r.dir, r.recs)
}

// resume reads the run folder's results.jsonl: trials recorded by a run of
// the same spec are done (unless Force). Records of another spec, or all of
// them under Force, are moved aside to a dated file.
func (r *runState) resume() (map[string]bool, error) {
	path := filepath.Join(r.dir, results.JSONLFile)
	done := map[string]bool{}
	if _, err := os.Stat(path); err != nil {
		return done, nil
	}
	recs, warnings, err := results.ReadJSONL(path)
	if err != nil {
		return nil, fmt.Errorf("runner: cannot resume: %w", err)
	}
	for _, w := range warnings {
		r.warn(w)
	}
	stale := r.opt.Force
	for _, rec := range recs {
		stale = stale || rec.SpecHash != r.sp.Hash
	}
	if stale {
		aside := filepath.Join(r.dir, fmt.Sprintf("results.%s.jsonl", time.Now().UTC().Format("20060102T150405Z")))
		if err := os.Rename(path, aside); err != nil {
			return nil, fmt.Errorf("runner: %w", err)
		}
		r.prog.Logf("previous results (another spec, or -force) moved to %s", aside)
		return done, nil
	}
	// Keep finished trials; a failed one is tried again.
	var keep []results.Record
	for _, rec := range recs {
		if rec.Status == results.StatusError {
			continue
		}
		done[rec.Name] = true
		keep = append(keep, rec)
	}
	if len(keep) != len(recs) || len(warnings) > 0 {
		if len(keep) == 0 {
			os.Remove(path)
		} else if err := results.WriteJSONL(path, keep); err != nil {
			return nil, err
		}
	}
	r.recs = keep
	return done, nil
}

// copySpec stores the spec beside the results, for the report.
func (r *runState) copySpec() error {
	data, err := os.ReadFile(r.sp.File)
	if err != nil {
		return nil // a spec parsed from memory has no file to copy
	}
	return results.WriteFileAtomic(filepath.Join(r.dir, "spec.toml"), data)
}

// provenance fills the fields every record of the run carries.
func provenance(sp *spec.Spec) results.Record {
	return results.Record{
		SpecName:   sp.Name,
		SpecHash:   sp.Hash,
		Commit:     gitCommit(),
		GoVersion:  runtime.Version(),
		CPU:        CPUModel(),
		GOOS:       runtime.GOOS,
		GOARCH:     runtime.GOARCH,
		GOMAXPROCS: runtime.GOMAXPROCS(0),
	}
}

// gitCommit is the working tree's commit ("+dirty" when modified), or
// "unknown" outside a Git checkout.
func gitCommit() string {
	out, err := exec.Command("git", "rev-parse", "--short=12", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	c := strings.TrimSpace(string(out))
	if st, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(strings.TrimSpace(string(st))) > 0 {
		c += "+dirty"
	}
	return c
}
