package runner_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"

	"github.com/ecgbench/ecgbench/engine/cohort"
	"github.com/ecgbench/ecgbench/engine/dataset"
	_ "github.com/ecgbench/ecgbench/engine/index/faiss"
	_ "github.com/ecgbench/ecgbench/engine/index/flat"
	_ "github.com/ecgbench/ecgbench/engine/index/hnsw"
	"github.com/ecgbench/ecgbench/results"
	"github.com/ecgbench/ecgbench/runner"
	"github.com/ecgbench/ecgbench/runner/spec"
)

// smoke loads experiments/smoke.toml with its cache in a temp folder.
func smoke(t *testing.T, cache string) *spec.Spec {
	t.Helper()
	sp, err := spec.Load("../experiments/smoke.toml")
	if err != nil {
		t.Fatal(err)
	}
	sp.Run.CacheDir = cache
	return sp
}

func run(t *testing.T, sp *spec.Spec, out string) (string, []results.Record) {
	t.Helper()
	var log bytes.Buffer
	dir, err := runner.Run(context.Background(), sp, runner.Options{Out: out, Log: &log})
	if err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	recs, warnings, err := results.ReadJSONL(filepath.Join(dir, results.JSONLFile))
	if err != nil || len(warnings) > 0 {
		t.Fatalf("read results: %v %v", err, warnings)
	}
	return log.String(), recs
}

func withoutCgo(r results.Record) bool {
	return r.Status == results.StatusError && strings.Contains(r.Error, "without cgo")
}

func TestSmokeEndToEnd(t *testing.T) {
	tmp := t.TempDir()
	sp := smoke(t, filepath.Join(tmp, "cache"))
	out := filepath.Join(tmp, "run")
	_, recs := run(t, sp, out)
	if want := len(sp.Trials()); len(recs) != want {
		t.Fatalf("%d records, want one per trial (%d)", len(recs), want)
	}
	for _, r := range recs {
		if withoutCgo(r) {
			continue
		}
		if r.Status != results.StatusOK {
			t.Errorf("%s: %s %s", r.Name, r.Status, r.Error)
			continue
		}
		exactAnswer := r.Strategy == "exact" || (r.Backend == "flat" && r.Extra["route"] == "single" && r.Margin == 0) ||
			(r.Backend == "flat" && r.Strategy == "subset")
		if exactAnswer && (r.RecallMean != 1 || r.RecallMin != 1) {
			t.Errorf("%s: recall %v (min %v), want exactly 1", r.Name, r.RecallMean, r.RecallMin)
		}
		if r.Fingerprint == "" || r.SpecHash != sp.Hash || r.Queries != sp.Queries.Count || len(r.Recalls) != r.Queries {
			t.Errorf("%s: provenance or raw data missing: %+v", r.Name, r)
		}
		if r.QPS <= 0 || r.LatencyP50Ns <= 0 || r.LatencyP99Ns < r.LatencyP50Ns {
			t.Errorf("%s: timings qps=%v p50=%v p99=%v", r.Name, r.QPS, r.LatencyP50Ns, r.LatencyP99Ns)
		}
	}
	for _, f := range []string{results.JSONLFile, results.CSVFile, results.BenchFile, "spec.toml"} {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s missing or empty: %v", f, err)
		}
	}
	// bench.txt reads back with benchfmt: one line per repeat of each ok trial.
	f, _ := os.Open(filepath.Join(out, results.BenchFile))
	defer f.Close()
	br := benchfmt.NewReader(f, results.BenchFile)
	lines := 0
	for br.Scan() {
		switch rec := br.Result().(type) {
		case *benchfmt.SyntaxError:
			t.Fatalf("bench.txt: %v", rec)
		case *benchfmt.Result:
			lines++
			if _, ok := rec.Value("recall"); !ok {
				t.Errorf("bench line %s has no recall", rec.Name)
			}
		}
	}
	ok := 0
	for _, r := range recs {
		if r.Status == results.StatusOK {
			ok++
		}
	}
	if lines != ok*sp.Run.Repeats {
		t.Errorf("bench.txt has %d result lines, want %d ok trials × %d repeats", lines, ok, sp.Run.Repeats)
	}
}

// TestResume: a run killed half-way (results.jsonl cut mid-record) keeps
// every finished trial, and running the spec again does only the rest.
func TestResume(t *testing.T) {
	tmp := t.TempDir()
	sp := smoke(t, filepath.Join(tmp, "cache"))
	out := filepath.Join(tmp, "run")
	_, full := run(t, sp, out)
	path := filepath.Join(out, results.JSONLFile)
	data, _ := os.ReadFile(path)
	lines := strings.SplitAfter(string(data), "\n")
	half := len(lines) / 2
	cut := strings.Join(lines[:half], "") + lines[half][:len(lines[half])/2]
	if err := os.WriteFile(path, []byte(cut), 0o644); err != nil {
		t.Fatal(err)
	}
	log, again := run(t, sp, out)
	if !strings.Contains(log, "incomplete last record dropped") {
		t.Errorf("the cut record was not reported:\n%s", log)
	}
	if len(again) != len(full) {
		t.Fatalf("%d records after resuming, want %d", len(again), len(full))
	}
	byName := map[string]results.Record{}
	for _, r := range again {
		byName[r.Name] = r
	}
	allOK := true
	for i, r := range full {
		allOK = allOK && r.Status == results.StatusOK
		got, ok := byName[r.Name]
		switch {
		case !ok:
			t.Errorf("trial %s lost", r.Name)
		case i < half && r.Status == results.StatusOK && !got.Started.Equal(r.Started):
			t.Errorf("finished trial %s was run again", r.Name)
		case i >= half && got.Started.Equal(r.Started):
			t.Errorf("unfinished trial %s was not re-run", r.Name)
		}
	}
	// A third run has nothing left to do (failed trials are retried).
	log, _ = run(t, sp, out)
	if !strings.Contains(log, "already done") || allOK && strings.Contains(log, "build ") {
		t.Errorf("a finished run did work again:\n%s", log)
	}
}

// TestCorruptCacheRebuilt: a damaged cache entry is detected, reported and
// rebuilt, and the results do not change.
func TestCorruptCacheRebuilt(t *testing.T) {
	tmp := t.TempDir()
	cache := filepath.Join(tmp, "cache")
	sp := smoke(t, cache)
	_, first := run(t, sp, filepath.Join(tmp, "a"))
	for _, kind := range []string{"dataset", "truth", "index"} {
		files, _ := filepath.Glob(filepath.Join(cache, kind, "*"))
		for _, f := range files {
			if strings.HasSuffix(f, ".json") {
				continue
			}
			data, _ := os.ReadFile(f)
			os.WriteFile(f, data[:len(data)*2/3], 0o644)
		}
	}
	log, second := run(t, sp, filepath.Join(tmp, "b"))
	if !strings.Contains(log, "unreadable") || !strings.Contains(log, "rebuilding") {
		t.Errorf("corruption not reported:\n%s", log)
	}
	for i := range first {
		if nondeterministic(first[i]) {
			continue
		}
		if first[i].Fingerprint != second[i].Fingerprint || first[i].RecallMean != second[i].RecallMean {
			t.Errorf("%s changed after rebuilding the cache: fingerprint %s→%s recall %v→%v",
				first[i].Name, first[i].Fingerprint, second[i].Fingerprint, first[i].RecallMean, second[i].RecallMean)
		}
	}
}

// TestRecallIndependentOfThreads: the same spec gives the same fingerprint
// and per-query recalls with GOMAXPROCS 1 and 2 (ground truth and data are
// computed on as many cores as there are).
func TestRecallIndependentOfThreads(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var got [2][]results.Record
	for i, procs := range []int{1, 2} {
		runtime.GOMAXPROCS(procs)
		tmp := t.TempDir()
		sp := smoke(t, filepath.Join(tmp, "cache"))
		sp.Run.Threads = []int{procs}
		_, got[i] = run(t, sp, filepath.Join(tmp, "run"))
	}
	for i := range got[0] {
		a, b := got[0][i], got[1][i]
		if a.Fingerprint != b.Fingerprint {
			t.Fatalf("fingerprint differs: %s vs %s", a.Fingerprint, b.Fingerprint)
		}
		if nondeterministic(a) {
			continue
		}
		for q := range a.Recalls {
			if a.Recalls[q] != b.Recalls[q] {
				t.Errorf("%s query %d: recall %v with 1 thread, %v with 2", a.Name, q, a.Recalls[q], b.Recalls[q])
				break
			}
		}
	}
}

// nondeterministic reports graph indexes whose builds differ run to run:
// coder/hnsw walks Go maps while inserting, FAISS HNSW builds on several
// threads. Their recall is compared only through the cache.
func nondeterministic(r results.Record) bool {
	return r.Backend == "hnsw" || r.Backend == "faiss" && strings.Contains(strings.ToUpper(r.Index), "HNSW")
}

// TestFileSource: a CSV of model outputs runs like the synthetic cohort:
// holdout queries are the file's last rows, kept out of the data.
func TestFileSource(t *testing.T) {
	tmp := t.TempDir()
	g, err := cohort.NewGenerator(cohort.DefaultProfile(), 3)
	if err != nil {
		t.Fatal(err)
	}
	var csv bytes.Buffer
	w, err := dataset.NewCSVWriter(&csv, g.Profile().EmbeddingDim, g.Profile().ClusterNames())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(g.Generate(0, 0, 1500, nil)); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	os.WriteFile(filepath.Join(tmp, "outputs.csv"), csv.Bytes(), 0o644)
	specText := `
name = "file"
[dataset]
source = "file"
file = "outputs.csv"
sizes = [0, 1000]
[queries]
count = 30
k = [5]
groups = [["heart_rate", "beat_props"]]
[[index]]
name = "flat"
backend = "flat"
[[strategy]]
kind = "exact"
[[strategy]]
kind = "hybrid"
index = ["flat"]
fusion = ["rerank"]
margin = [1000]
[run]
repeats = 1
warmup = 0
`
	specPath := filepath.Join(tmp, "file.toml")
	os.WriteFile(specPath, []byte(specText), 0o644)
	sp, err := spec.Load(specPath)
	if err != nil {
		t.Fatal(err)
	}
	sp.Run.CacheDir = filepath.Join(tmp, "cache")
	_, recs := run(t, sp, filepath.Join(tmp, "run"))
	if len(recs) != 4 {
		t.Fatalf("%d records, want 4", len(recs))
	}
	for _, r := range recs {
		if r.Status != results.StatusOK || r.RecallMean != 1 {
			t.Errorf("%s: %s %s recall %v", r.Name, r.Status, r.Error, r.RecallMean)
		}
		want := 1470 // every row but the 30 holdout queries
		if strings.HasPrefix(r.Name, "Search/n=1000/") {
			want = 1000
		}
		if r.N != want {
			t.Errorf("%s: n = %d, want %d", r.Name, r.N, want)
		}
		if r.SameCluster < 0.5 {
			t.Errorf("%s: same-cluster %v: clusters from the file column not used?", r.Name, r.SameCluster)
		}
	}
}
