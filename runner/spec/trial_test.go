package spec_test

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/ecgbench/ecgbench/runner/spec"
)

// exampleSpecs are the specs in experiments/, with their trial and build
// counts worked out by hand from the expansion rules (see the comments at
// the top of each file).
var exampleSpecs = []struct {
	file           string
	trials, builds int
}{
	// 4 (group set, weight set) pairs: exact 4; single 3 configs × 4;
	// subset 1 config × 4 (one index each); hybrid 2 configs × 4 pairs ×
	// 2 fusions.
	{"smoke.toml", 4 + 3*4 + 4 + 2*4*2, 3 + 4 + 2*4},
	// Per size: exact 7×2 k; single HNSW32 7×2×2 efSearch, IVF 7×2×2
	// nprobe; hybrid HNSW32 (heart rate alone, all flat: 2 fusions × 2 k;
	// six sets × 2 fusions × 2 k); at the two sizes ≤ 100 K also coder/hnsw
	// 7×2 and hybrid flat-groups six sets × 2 × 2 (heart rate alone repeats
	// the HNSW32 strategy's trials) and subset 7×2. Builds per size: full
	// vector HNSW32 and IVF, flat heart rate, three HNSW32 groups; ≤ 100 K
	// also coder/hnsw, three more flat groups and seven subset graphs.
	{"default.toml", 3*(14+28+28+(4+24)) + 2*(14+24+14), 3*(2+1+3) + 2*(1+3+7)},
	// Per size and k: exact 7; auto: all groups → single (1), six sets ×
	// 2 fusions. Builds per size: full vector, three HNSW groups, flat.
	{"seed-replica.toml", 4 * 3 * (7 + 1 + 6*2), 4 * 5},
	// Per size: exact 7; single all groups 1 + six sets × 4 margins;
	// hybrid: each single group zscore 1 + rrf 1 + rerank 4 margins, five
	// multi-group sets × 3 fusions × 4 margins; subset seven sets × 2
	// margins. Builds per size: full vector, four groups, and seven subset
	// graphs (the all-group one is scaled like single's, but keyed apart).
	{"strategies.toml", 2 * (7 + (1 + 6*4) + (2*(1+1+4) + 5*3*4) + 7*2), 2 * (5 + 7)},
	// exact 3; single flat 3, HNSW32 3; hybrid rerank 3. Builds: two full
	// vector, flat heart rate, three HNSW32 groups.
	{"ci.toml", 3 + 3 + 3 + 3, 6},
}

func loadExample(t *testing.T, file string) *spec.Spec {
	t.Helper()
	s, err := spec.Load(filepath.Join("..", "..", "experiments", file))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestExampleSpecs checks that every example parses, without warnings other
// than FAISS missing from a build without cgo, and expands as counted.
func TestExampleSpecs(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "experiments", "*.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(exampleSpecs) {
		t.Errorf("experiments/ holds %d specs, the test knows %d: add the new one to exampleSpecs", len(files), len(exampleSpecs))
	}
	for _, ex := range exampleSpecs {
		t.Run(ex.file, func(t *testing.T) {
			s := loadExample(t, ex.file)
			for _, w := range s.Warnings {
				if !strings.Contains(w.Msg, "without cgo") {
					t.Errorf("warning: %s", w)
				}
			}
			if got := len(s.Trials()); got != ex.trials {
				t.Errorf("%d trials, want %d", got, ex.trials)
			}
			if got := len(s.Builds()); got != ex.builds {
				t.Errorf("%d builds, want %d", got, ex.builds)
			}
			checkTrials(t, s)
		})
	}
}

// checkTrials checks what holds for the trials of any spec: unique names,
// every build a trial needs listed once in Builds, settings in range.
func checkTrials(t *testing.T, s *spec.Spec) {
	t.Helper()
	trials := s.Trials()
	names := map[string]bool{}
	for _, tr := range trials {
		if names[tr.Name] {
			t.Errorf("duplicate trial name %s", tr.Name)
		}
		names[tr.Name] = true
		if strings.ContainsAny(tr.Name, " \t") || !strings.HasPrefix(tr.Name, "Search/n=") {
			t.Errorf("bad name %q", tr.Name)
		}
		if tr.K < 1 || tr.Threads < 1 || len(tr.Sel.Groups) == 0 || len(tr.Sel.Groups) != len(tr.Sel.Weights) {
			t.Errorf("%s: k %d threads %d selection %+v", tr.Name, tr.K, tr.Threads, tr.Sel)
		}
	}
	builds := map[spec.BuildKey]bool{}
	for _, b := range s.Builds() {
		if builds[b.Key] {
			t.Errorf("build %s listed twice", b.Key)
		}
		builds[b.Key] = true
		if b.Dim < 1 || len(b.Configs) == 0 {
			t.Errorf("build %s: dim %d, configs %v", b.Key, b.Dim, b.Configs)
		}
	}
	for _, tr := range trials {
		for _, k := range tr.Builds {
			if !builds[k] {
				t.Errorf("%s needs build %s, which Builds does not list", tr.Name, k)
			}
		}
	}
}

// TestTrialsGrid checks the full expansion of a small grid that exercises
// every rule against testdata/trials/grid.golden, and its count by hand.
func TestTrialsGrid(t *testing.T) {
	s, err := spec.Load("testdata/trials/grid.toml")
	if err != nil {
		t.Fatal(err)
	}
	trials := s.Trials()
	// n=100: exact 5 (group, weight) pairs × 2 threads; single 5 × 2
	// efSearch × 2 threads; auto on hnsw: heart rate alone (flat
	// override: rrf, rerank × 2 margins) 3 × 2, hr+emb × 2 weight sets ×
	// (2 fusions × 2 margins) × 2 efSearch × 2 threads, all groups routed
	// to single: uniform 2 efSearch × 2 threads, emb-x3 × 2 margins;
	// auto on flat: heart rate alone repeats, hr+emb 2 × 4 × 2, all
	// groups 2 + 4. n=1000: hnsw is capped, except heart rate alone,
	// which never searches it.
	n100 := 10 + 20 + (6 + 16 + 16 + 4 + 8) + (8 + 8 + 2 + 4)
	n1000 := 10 + 6 + (8 + 8 + 2 + 4)
	if len(trials) != n100+n1000 {
		t.Errorf("%d trials, want %d", len(trials), n100+n1000)
	}
	checkTrials(t, s)
	var b strings.Builder
	for _, tr := range trials {
		fmt.Fprintf(&b, "%s\n", tr.Name)
		fmt.Fprintf(&b, "\troute=%s fusion=%q margin=%v rrf_k=%v weights=%v search=%v\n", tr.Route, tr.Fusion, tr.Margin, tr.RRFK, tr.Sel.Weights, tr.Search)
		for _, g := range tr.GroupIndexes {
			fmt.Fprintf(&b, "\t%s: %s %v\n", g.Group, g.Config.Name, g.Search)
		}
		for _, k := range tr.Builds {
			fmt.Fprintf(&b, "\tbuild %s\n", k)
		}
	}
	golden(t, "testdata/trials/grid.golden", b.String())
}

// TestTrialsDeterministic checks that two expansions agree.
func TestTrialsDeterministic(t *testing.T) {
	s := loadExample(t, "default.toml")
	a, b := s.Trials(), s.Trials()
	for i := range a {
		if a[i].Name != b[i].Name {
			t.Fatalf("trial %d: %s, then %s", i, a[i].Name, b[i].Name)
		}
	}
}

func TestShard(t *testing.T) {
	for _, ex := range exampleSpecs {
		s := loadExample(t, ex.file)
		all := s.Trials()
		for n := 1; n <= 5; n++ {
			shardOf := map[string]int{}
			builtBy := map[spec.BuildKey]int{}
			for i := 0; i < n; i++ {
				for _, tr := range spec.Shard(all, i, n) {
					if j, dup := shardOf[tr.Name]; dup {
						t.Errorf("%s %d/%d: %s also in shard %d", ex.file, i, n, tr.Name, j)
					}
					shardOf[tr.Name] = i
					for _, k := range tr.Builds {
						if j, ok := builtBy[k]; ok && j != i {
							t.Errorf("%s /%d: build %s in shards %d and %d", ex.file, n, k, j, i)
						}
						builtBy[k] = i
					}
				}
			}
			if len(shardOf) != len(all) {
				t.Errorf("%s /%d: shards hold %d trials, want %d", ex.file, n, len(shardOf), len(all))
			}
		}
	}
	if got := spec.Shard(loadExample(t, "ci.toml").Trials(), 3, 3); got != nil {
		t.Errorf("shard 3/3 gave %d trials, want none", len(got))
	}
}

func TestShardKeepsOrder(t *testing.T) {
	all := loadExample(t, "smoke.toml").Trials()
	pos := map[string]int{}
	for i, tr := range all {
		pos[tr.Name] = i
	}
	for i := 0; i < 3; i++ {
		sh := spec.Shard(all, i, 3)
		if !sort.SliceIsSorted(sh, func(a, b int) bool { return pos[sh[a].Name] < pos[sh[b].Name] }) {
			t.Errorf("shard %d/3 reorders the trials", i)
		}
	}
}

func TestParseShard(t *testing.T) {
	for _, tc := range []struct {
		in   string
		i, n int
		ok   bool
	}{
		{"0/1", 0, 1, true},
		{"3/4", 3, 4, true},
		{" 1 / 2 ", 1, 2, true},
		{"4/4", 0, 0, false},
		{"-1/4", 0, 0, false},
		{"1/0", 0, 0, false},
		{"1", 0, 0, false},
		{"a/b", 0, 0, false},
	} {
		i, n, err := spec.ParseShard(tc.in)
		if (err == nil) != tc.ok || i != tc.i || n != tc.n {
			t.Errorf("ParseShard(%q) = %d, %d, %v; want %d, %d, ok %v", tc.in, i, n, err, tc.i, tc.n, tc.ok)
		}
	}
}
