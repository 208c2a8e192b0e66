package indextest

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/ecgbench/ecgbench/engine/exact"
	"github.com/ecgbench/ecgbench/engine/index"
)

// Config describes one backend configuration under test.
type Config struct {
	// Name labels the configuration in failure messages.
	Name string
	// New returns an empty index of width dim.
	New func(dim int) (index.Index, error)
	// Load reads an index written by the index's Save.
	Load func(path string) (index.Index, error)
	// Search holds the parameters used by every search of the suite.
	Search index.SearchParams
	// MinRecall10 is the recall@10 asserted on 20 K clustered 16-D vectors
	// (0.99 for exact-ish configurations).
	MinRecall10 float64
	// Exact demands answers equal to brute force: the same neighbours, with
	// distances within 1e-4 relative, and exactly min(k, Len) of them.
	Exact bool
}

// Sizes and seeds of the suite's data sets.
const (
	dim         = 16
	clusters    = 32
	smallN      = 2000 // rows of the small data set most tests use
	smallQ      = 40   // fresh queries drawn from the same mixture
	recallN     = 20000
	recallQ     = 200
	recallAdds  = 10 // Add calls the recall data set is split into
	smallSeed   = 1
	recallSeed  = 2
	distRelTol  = 1e-4
	distAbsTol  = 1e-6
	concurrency = 4
)

// Run runs the conformance table against c, as subtests under c.Name. Every index it builds is first
// trained on its own data (or on the small data set when it holds fewer
// rows), so backends that need training pass too.
func Run(t *testing.T, c Config) {
	tests := []struct {
		name string
		run  func(t *testing.T, c Config)
	}{
		{"Empty", testEmpty},
		{"Answers", testAnswers},
		{"KLargerThanN", testKLargerThanN},
		{"BadK", testBadK},
		{"DimensionMismatch", testDimensionMismatch},
		{"NonFinite", testNonFinite},
		{"LenDimAfterBatches", testBatches},
		{"SaveLoad", testSaveLoad},
		{"LoadCorrupt", testLoadCorrupt},
		{"ConcurrentSearch", testConcurrent},
		{"Recall10", testRecall},
	}
	t.Run(c.Name, func(t *testing.T) {
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) { tc.run(t, c) })
		}
	})
}

// smallSet is the data most tests index, and queries from the same mixture:
// smallQ fresh ones followed by copies of rows 0, 7 and 1999 of the data.
func smallSet() (data, queries []float32) {
	all := Clustered(smallN+smallQ, dim, clusters, smallSeed)
	data = all[:smallN*dim]
	queries = append([]float32(nil), all[smallN*dim:]...)
	for _, r := range []int{0, 7, smallN - 1} {
		queries = append(queries, data[r*dim:(r+1)*dim]...)
	}
	return data, queries
}

// build makes an index of the suite's width, trains it on train and adds
// each batch in turn. The index is closed when the test ends.
func build(t *testing.T, c Config, train []float32, batches ...[]float32) index.Index {
	t.Helper()
	idx, err := c.New(dim)
	if err != nil {
		t.Fatalf("%s: New(%d): %v", c.Name, dim, err)
	}
	t.Cleanup(func() {
		if err := idx.Close(); err != nil {
			t.Errorf("%s: Close: %v", c.Name, err)
		}
	})
	if err := idx.Train(train); err != nil {
		t.Fatalf("%s: Train(%d rows): %v", c.Name, len(train)/dim, err)
	}
	for i, b := range batches {
		if err := idx.Add(b); err != nil {
			t.Fatalf("%s: Add batch %d (%d rows): %v", c.Name, i, len(b)/dim, err)
		}
	}
	return idx
}

func search(t *testing.T, c Config, idx index.Index, queries []float32, k int) [][]exact.Neighbor {
	t.Helper()
	got, err := idx.Search(queries, k, c.Search)
	if err != nil {
		t.Fatalf("%s: Search(%d queries, k=%d): %v", c.Name, len(queries)/dim, k, err)
	}
	return got
}

// checkAnswers asserts the shape every answer must have: one list per query,
// at most min(k, n) neighbours (exactly that many for Exact configs), ids
// unique and in [0, n), finite non-negative distances sorted by (distance,
// id). For Exact configs it also compares with brute force over data.
func checkAnswers(t *testing.T, c Config, got [][]exact.Neighbor, data, queries []float32, k int) {
	t.Helper()
	n := len(data) / dim
	nq := len(queries) / dim
	if len(got) != nq {
		t.Fatalf("%s: k=%d: %d answer lists for %d queries", c.Name, k, len(got), nq)
	}
	want := min(k, n)
	for qi, g := range got {
		if len(g) > want || (c.Exact && len(g) != want) {
			t.Errorf("%s: k=%d query %d: %d neighbours, want %d (n=%d)", c.Name, k, qi, len(g), want, n)
		}
		seen := map[int64]bool{}
		for j, nb := range g {
			if nb.ID < 0 || nb.ID >= int64(n) {
				t.Errorf("%s: k=%d query %d rank %d: id %d outside [0,%d)", c.Name, k, qi, j, nb.ID, n)
			}
			if seen[nb.ID] {
				t.Errorf("%s: k=%d query %d rank %d: id %d repeated", c.Name, k, qi, j, nb.ID)
			}
			seen[nb.ID] = true
			if d := float64(nb.Dist); math.IsNaN(d) || math.IsInf(d, 0) || d < 0 {
				t.Errorf("%s: k=%d query %d rank %d: distance %v", c.Name, k, qi, j, nb.Dist)
			}
			if j > 0 && !exact.Less(g[j-1], nb) {
				t.Errorf("%s: k=%d query %d rank %d: %+v after %+v, want ascending (dist, id)", c.Name, k, qi, j, nb, g[j-1])
			}
		}
	}
	if !c.Exact || t.Failed() {
		return
	}
	truth, err := exact.Search(data, exact.L2(dim), queries, k, exact.Options{})
	if err != nil {
		t.Fatalf("exact.Search: %v", err)
	}
	for qi := range got {
		for j, nb := range got[qi] {
			w := truth[qi][j].Dist
			if diff := math.Abs(float64(nb.Dist - w)); diff > distRelTol*math.Abs(float64(w))+distAbsTol {
				t.Errorf("%s: k=%d query %d rank %d: distance %v, brute force %v", c.Name, k, qi, j, nb.Dist, w)
			}
		}
	}
	if r := Recall(Rescore(data, queries, dim, got), truth, k); r != 1 {
		t.Errorf("%s: k=%d: recall %v against brute force, want 1", c.Name, k, r)
	}
}

func testEmpty(t *testing.T, c Config) {
	data, queries := smallSet()
	fresh, err := c.New(dim)
	if err != nil {
		t.Fatalf("%s: New(%d): %v", c.Name, dim, err)
	}
	t.Cleanup(func() {
		if err := fresh.Close(); err != nil {
			t.Errorf("%s: Close: %v", c.Name, err)
		}
	})
	for name, idx := range map[string]index.Index{"untrained": fresh, "trained": build(t, c, data)} {
		if idx.Len() != 0 || idx.Dim() != dim {
			t.Errorf("%s: %s empty index has Len %d Dim %d, want 0 and %d", c.Name, name, idx.Len(), idx.Dim(), dim)
		}
		got := search(t, c, idx, queries, 10)
		if len(got) != len(queries)/dim {
			t.Fatalf("%s: %s empty index: %d answer lists for %d queries", c.Name, name, len(got), len(queries)/dim)
		}
		for qi, g := range got {
			if len(g) != 0 {
				t.Errorf("%s: %s empty index answered query %d with %v", c.Name, name, qi, g)
			}
		}
	}
}

func testAnswers(t *testing.T, c Config) {
	data, queries := smallSet()
	idx := build(t, c, data, data)
	for _, k := range []int{1, 10, 100} {
		checkAnswers(t, c, search(t, c, idx, queries, k), data, queries, k)
	}
	// A query that is a row of the data finds that row at distance 0 first.
	if !c.Exact {
		return
	}
	got := search(t, c, idx, queries[smallQ*dim:], 1)
	for i, r := range []int64{0, 7, smallN - 1} {
		if len(got[i]) != 1 || got[i][0].ID != r || got[i][0].Dist != 0 {
			t.Errorf("%s: query equal to row %d answered %v, want {%d 0}", c.Name, r, got[i], r)
		}
	}
}

func testKLargerThanN(t *testing.T, c Config) {
	train, queries := smallSet()
	for _, n := range []int{1, 7} {
		data := train[:n*dim]
		idx := build(t, c, train, data)
		for _, k := range []int{n, n + 1, 50} {
			checkAnswers(t, c, search(t, c, idx, queries, k), data, queries, k)
		}
	}
}

func testBadK(t *testing.T, c Config) {
	data, queries := smallSet()
	idx := build(t, c, data, data)
	for _, k := range []int{0, -1} {
		if _, err := idx.Search(queries, k, c.Search); err == nil {
			t.Errorf("%s: Search with k=%d succeeded, want an error", c.Name, k)
		}
	}
}

func testDimensionMismatch(t *testing.T, c Config) {
	data, queries := smallSet()
	idx := build(t, c, data, data[:100*dim])
	for _, n := range []int{dim - 1, dim + 1, 3*dim + 5} {
		if err := idx.Add(data[:n]); err == nil {
			t.Errorf("%s: Add of %d floats to a %d-wide index succeeded, want an error", c.Name, n, dim)
		}
		if _, err := idx.Search(queries[:n], 5, c.Search); err == nil {
			t.Errorf("%s: Search with %d floats of queries on a %d-wide index succeeded, want an error", c.Name, n, dim)
		}
	}
	if idx.Len() != 100 {
		t.Errorf("%s: Len %d after rejected Adds, want 100", c.Name, idx.Len())
	}
}

func testNonFinite(t *testing.T, c Config) {
	data, queries := smallSet()
	idx := build(t, c, data, data[:100*dim])
	for _, v := range []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))} {
		for _, col := range []int{0, dim - 1, 2*dim + 3} {
			bad := append([]float32(nil), data[:3*dim]...)
			bad[col] = v
			if err := idx.Add(bad); err == nil {
				t.Errorf("%s: Add with %v at float %d succeeded, want an error", c.Name, v, col)
			}
			q := append([]float32(nil), queries[:3*dim]...)
			q[col] = v
			if _, err := idx.Search(q, 5, c.Search); err == nil {
				t.Errorf("%s: Search with %v at float %d succeeded, want an error", c.Name, v, col)
			}
		}
	}
	if idx.Len() != 100 {
		t.Errorf("%s: Len %d after rejected Adds, want 100", c.Name, idx.Len())
	}
}

func testBatches(t *testing.T, c Config) {
	data, queries := smallSet()
	sizes := []int{1, 99, 500, 0, 1400}
	var batches [][]float32
	off := 0
	for _, s := range sizes {
		batches = append(batches, data[off*dim:(off+s)*dim])
		off += s
	}
	idx := build(t, c, data)
	for i, b := range batches {
		before := idx.Len()
		if err := idx.Add(b); err != nil {
			t.Fatalf("%s: Add batch %d (%d rows): %v", c.Name, i, len(b)/dim, err)
		}
		if idx.Len() != before+len(b)/dim || idx.Dim() != dim {
			t.Errorf("%s: after batch %d of %d rows: Len %d Dim %d, want %d and %d", c.Name, i, len(b)/dim, idx.Len(), idx.Dim(), before+len(b)/dim, dim)
		}
	}
	if b := idx.Bytes(); b <= 0 {
		t.Errorf("%s: Bytes = %d with %d rows, want > 0", c.Name, b, idx.Len())
	}
	checkAnswers(t, c, search(t, c, idx, queries, 10), data, queries, 10)
}

func testSaveLoad(t *testing.T, c Config) {
	data, queries := smallSet()
	idx := build(t, c, data, data[:1000*dim], data[1000*dim:])
	path := filepath.Join(t.TempDir(), "index")
	if err := idx.Save(path); err != nil {
		t.Fatalf("%s: Save(%s): %v", c.Name, path, err)
	}
	loaded, err := c.Load(path)
	if err != nil {
		t.Fatalf("%s: Load(%s): %v", c.Name, path, err)
	}
	defer func() {
		if err := loaded.Close(); err != nil {
			t.Errorf("%s: Close loaded index: %v", c.Name, err)
		}
	}()
	if loaded.Len() != idx.Len() || loaded.Dim() != idx.Dim() {
		t.Errorf("%s: loaded Len %d Dim %d, saved %d and %d", c.Name, loaded.Len(), loaded.Dim(), idx.Len(), idx.Dim())
	}
	for _, k := range []int{1, 10, 100} {
		before := search(t, c, idx, queries, k)
		after := search(t, c, loaded, queries, k)
		if diff := firstDiff(before, after); diff != "" {
			t.Errorf("%s: k=%d: loaded index answers differently: %s", c.Name, k, diff)
		}
	}
}

func testLoadCorrupt(t *testing.T, c Config) {
	data, _ := smallSet()
	idx := build(t, c, data, data)
	dir := t.TempDir()
	path := filepath.Join(dir, "index")
	if err := idx.Save(path); err != nil {
		t.Fatalf("%s: Save(%s): %v", c.Name, path, err)
	}
	whole, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]byte{
		"empty":     nil,
		"truncated": whole[:len(whole)/2],
		"garbage":   []byte("this is not an index file, not even close to one."),
	}
	if _, err := c.Load(filepath.Join(dir, "missing")); err == nil {
		t.Errorf("%s: Load of a missing file succeeded, want an error", c.Name)
	}
	for name, b := range cases {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if got, err := c.Load(p); err == nil {
			got.Close()
			t.Errorf("%s: Load of a %s file (%d bytes) succeeded, want an error", c.Name, name, len(b))
		}
	}
}

func testConcurrent(t *testing.T, c Config) {
	data, queries := smallSet()
	idx := build(t, c, data, data)
	const k = 10
	nq := len(queries) / dim
	want := search(t, c, idx, queries, k)
	var wg sync.WaitGroup
	for g := 0; g < concurrency; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := 0; round < 2; round++ {
				got, err := idx.Search(queries, k, c.Search)
				if err != nil {
					t.Errorf("%s: goroutine %d: batch Search: %v", c.Name, g, err)
					return
				}
				if diff := firstDiff(want, got); diff != "" {
					t.Errorf("%s: goroutine %d: concurrent batch answers differ: %s", c.Name, g, diff)
				}
				for qi := (g + round) % concurrency; qi < nq; qi += concurrency {
					one, err := idx.Search(queries[qi*dim:(qi+1)*dim], k, c.Search)
					if err != nil {
						t.Errorf("%s: goroutine %d: Search of query %d: %v", c.Name, g, qi, err)
						return
					}
					if diff := firstDiff(want[qi:qi+1], one); diff != "" {
						t.Errorf("%s: goroutine %d: query %d alone answers differently: %s", c.Name, g, qi, diff)
					}
				}
			}
		}()
	}
	wg.Wait()
}

func testRecall(t *testing.T, c Config) {
	if raceEnabled {
		t.Skip("recall is checked without -race: the 20 K build is too slow under the race detector")
	}
	all := Clustered(recallN+recallQ, dim, clusters, recallSeed)
	data, queries := all[:recallN*dim], all[recallN*dim:]
	var batches [][]float32
	per := recallN / recallAdds
	for b := 0; b < recallAdds; b++ {
		batches = append(batches, data[b*per*dim:(b+1)*per*dim])
	}
	idx := build(t, c, data, batches...)
	const k = 10
	got := search(t, c, idx, queries, k)
	checkAnswers(t, c, got, data, queries, k)
	truth, err := exact.Search(data, exact.L2(dim), queries, k, exact.Options{})
	if err != nil {
		t.Fatalf("exact.Search: %v", err)
	}
	r := Recall(Rescore(data, queries, dim, got), truth, k)
	t.Logf("%s: recall@%d = %.4f on %d×%d-D clustered vectors added in %d batches, %d queries", c.Name, k, r, recallN, dim, recallAdds, recallQ)
	if r < c.MinRecall10 {
		t.Errorf("%s: recall@%d = %.4f, want ≥ %.4f", c.Name, k, r, c.MinRecall10)
	}
}

// firstDiff describes the first difference between two answer sets, or
// returns "" when they are identical (ids and bit-equal distances).
func firstDiff(a, b [][]exact.Neighbor) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%d answer lists vs %d", len(a), len(b))
	}
	for qi := range a {
		if len(a[qi]) != len(b[qi]) {
			return fmt.Sprintf("query %d: %d neighbours vs %d", qi, len(a[qi]), len(b[qi]))
		}
		for j := range a[qi] {
			if a[qi][j] != b[qi][j] {
				return fmt.Sprintf("query %d rank %d: %+v vs %+v", qi, j, a[qi][j], b[qi][j])
			}
		}
	}
	return ""
}
