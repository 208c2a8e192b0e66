package spec_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ecgbench/ecgbench/engine/index"
	_ "github.com/ecgbench/ecgbench/engine/index/faiss"
	_ "github.com/ecgbench/ecgbench/engine/index/flat"
	_ "github.com/ecgbench/ecgbench/engine/index/hnsw"
	"github.com/ecgbench/ecgbench/engine/schema"
	"github.com/ecgbench/ecgbench/runner/spec"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// golden compares got with the file at path, or rewrites it with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s: got\n%s\nwant\n%s", path, got, want)
	}
}

// TestBadSpecs checks the errors of each kind of mistake against
// testdata/bad/NAME.golden.
func TestBadSpecs(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bad specs: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			s, err := spec.Load(f)
			if err == nil {
				t.Fatalf("no error; spec %+v", s)
			}
			var se *spec.Error
			if !errors.As(err, &se) {
				t.Fatalf("error %T, want *spec.Error: %v", err, err)
			}
			for _, p := range se.Problems {
				if p.File != f {
					t.Errorf("problem %q names file %q, want %q", p, p.File, f)
				}
			}
			golden(t, strings.TrimSuffix(f, ".toml")+".golden", err.Error()+"\n")
		})
	}
}

// TestWarnings checks the warnings of valid specs against
// testdata/warn/NAME.golden.
func TestWarnings(t *testing.T) {
	files, err := filepath.Glob("testdata/warn/*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no specs with warnings: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			s, err := spec.Load(f)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, w := range s.Warnings {
				b.WriteString(w.String() + "\n")
			}
			golden(t, strings.TrimSuffix(f, ".toml")+".golden", b.String())
		})
	}
}

// TestDefaults checks every default of a minimal spec.
func TestDefaults(t *testing.T) {
	s, err := spec.Parse("min.toml", []byte("name = \"min\"\n[dataset]\nsizes = [100]\n[[strategy]]\nkind = \"exact\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := spec.Spec{
		Name: "min",
		Seed: 42,
		Dataset: spec.Dataset{
			Source: "synthetic", Sizes: []int{100}, EmbeddingDim: 64, PCA: 5, Normalize: "group-scale",
		},
		Queries: spec.Queries{
			Count: 100, Mode: "holdout", K: []int{10},
			Groups:  [][]string{{"heart_rate", "risk_scores", "embedding", "beat_props"}},
			Weights: []spec.WeightSet{{Name: "uniform"}},
		},
		Strategies: []spec.Strategy{{Kind: "exact"}},
		Run: spec.Run{
			Repeats: 6, Warmup: 10, Threads: []int{1}, Timeout: 20 * time.Minute, CacheDir: ".cache", OutDir: "runs",
		},
	}
	got := *s
	got.File, got.Hash, got.Schema, got.Warnings = "", "", schema.Schema{}, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if s.Schema.Dim() != 16 {
		t.Errorf("schema is %d wide, want 16", s.Schema.Dim())
	}
	if len(s.Hash) != 64 {
		t.Errorf("hash %q", s.Hash)
	}
}

// TestHash checks that the hash covers decoded values, not text: comments,
// layout, spelled-out defaults and equal durations do not change it, any
// value does.
func TestHash(t *testing.T) {
	base := `name = "h"
[dataset]
sizes = [100]
[[strategy]]
kind = "exact"
`
	hash := func(src string) string {
		t.Helper()
		s, err := spec.Parse("h.toml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return s.Hash
	}
	h := hash(base)
	for _, same := range []string{
		"# a comment\n" + base,
		strings.ReplaceAll(base, "sizes = [100]", "sizes = [ 100, ]  # one size"),
		base + "[run]\nrepeats = 6\ntimeout = \"1200s\"\n",
		"seed = 42\n" + base,
	} {
		if got := hash(same); got != h {
			t.Errorf("hash changed for\n%s", same)
		}
	}
	for _, other := range []string{
		"seed = 1\n" + base,
		strings.ReplaceAll(base, "100", "101"),
		base + "[run]\nrepeats = 7\n",
		base + "[queries]\nk = [10, 20]\n",
	} {
		if got := hash(other); got == h {
			t.Errorf("hash unchanged for\n%s", other)
		}
	}
}

// TestDatasetPaths checks that profile and file paths resolve against the
// spec's directory.
func TestDatasetPaths(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"cohort.toml", "outputs.csv"} {
		if err := os.WriteFile(filepath.Join(dir, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	syn, err := spec.Load(write("syn.toml", "name = \"syn\"\n[dataset]\nsizes = [10]\nprofile = \"cohort.toml\"\n[[strategy]]\nkind = \"exact\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "cohort.toml"); syn.Dataset.ProfilePath != want || syn.Dataset.Profile != "cohort.toml" {
		t.Errorf("profile %q → %q, want cohort.toml → %q", syn.Dataset.Profile, syn.Dataset.ProfilePath, want)
	}
	file, err := spec.Load(write("file.toml", "name = \"file\"\n[dataset]\nsource = \"file\"\nfile = \"outputs.csv\"\n[[strategy]]\nkind = \"exact\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "outputs.csv"); file.Dataset.FilePath != want {
		t.Errorf("file resolves to %q, want %q", file.Dataset.FilePath, want)
	}
	if got := file.Dataset.Sizes; !reflect.DeepEqual(got, []int{0}) || file.Dataset.EmbeddingDim != 0 {
		t.Errorf("file source: sizes %v, embedding_dim %d; want [0] (every row) and 0 (from the file)", got, file.Dataset.EmbeddingDim)
	}
	if name := file.Trials()[0].Name; !strings.HasPrefix(name, "Search/n=all/") {
		t.Errorf("trial %s, want n=all", name)
	}
}

func TestParseBytes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
	}{
		{"20GiB", 20 << 30},
		{"512 MiB", 512 << 20},
		{"1.5GB", 1_500_000_000},
		{"1048576", 1 << 20},
		{"64KB", 64_000},
		{"2TiB", 2 << 40},
		{"10B", 10},
	} {
		got, err := spec.ParseBytes(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseBytes(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "GiB", "20 gigs", "-1GiB", "0", "NaN", "Inf", "1e30TiB", "0.5B"} {
		if got, err := spec.ParseBytes(bad); err == nil {
			t.Errorf("ParseBytes(%q) = %d, want an error", bad, got)
		}
	}
}

// FuzzParse checks that no input makes Parse or the expansion panic, and
// that a spec Parse accepts expands into uniquely named trials.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"testdata/*/*.toml", "../../experiments/*.toml"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := spec.Parse("fuzz.toml", data)
		if err != nil {
			var se *spec.Error
			if !errors.As(err, &se) || len(se.Problems) == 0 {
				t.Fatalf("error %v (%T) is not a *spec.Error with problems", err, err)
			}
			return
		}
		trials := s.Trials()
		if len(trials) > 100_000 {
			return
		}
		seen := map[string]bool{}
		for _, tr := range trials {
			if seen[tr.Name] {
				t.Fatalf("duplicate trial %s", tr.Name)
			}
			seen[tr.Name] = true
		}
		s.Builds()
	})
}

// TestFaissBuildParams checks that build parameters are tried at every width
// the trials build: PQ8 cannot split 1 or 5 columns into 8 sub-vectors.
func TestFaissBuildParams(t *testing.T) {
	if idx, err := index.New("faiss", 8, index.Params{"factory": "Flat"}); err != nil {
		t.Skipf("faiss unavailable: %v", err)
	} else {
		idx.Close()
	}
	_, err := spec.Parse("pq.toml", []byte(`name = "pq"
[dataset]
sizes = [1000]
[queries]
groups = [["embedding", "heart_rate"]]
[[index]]
name = "ivfpq"
backend = "faiss"
build = { factory = "IVF16,PQ8np" }
[[strategy]]
kind = "hybrid"
index = ["ivfpq"]
`))
	var se *spec.Error
	if !errors.As(err, &se) || len(se.Problems) != 1 {
		t.Fatalf("got %v, want one problem", err)
	}
	p := se.Problems[0]
	if p.Line != 9 || p.Key != "index[0].build" ||
		!strings.Contains(p.Msg, "a 1-wide index for group heart_rate; a 5-wide index for group embedding") {
		t.Errorf("got %s", p)
	}
}

// TestNoCgoWarning checks that a backend built without cgo is a warning,
// not an error: the spec still loads.
func TestNoCgoWarning(t *testing.T) {
	if idx, err := index.New("faiss", 8, index.Params{"factory": "Flat"}); err == nil {
		idx.Close()
		t.Skip("faiss is available in this build")
	}
	s := loadExample(t, "ci.toml")
	found := false
	for _, w := range s.Warnings {
		found = found || (w.Key == "index[1].build" && strings.Contains(w.Msg, "without cgo"))
	}
	if !found {
		t.Errorf("no warning about faiss in %v", s.Warnings)
	}
}
