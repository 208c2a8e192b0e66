//go:build cgo

package faiss

import (
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ecgbench/ecgbench/engine/exact"
	"github.com/ecgbench/ecgbench/engine/index"
	"github.com/ecgbench/ecgbench/engine/index/indextest"
)

const dim = 16

// split cuts vectors into the first n rows and the rest.
func split(vectors []float32, n int) (data, queries []float32) {
	return vectors[:n*dim], vectors[n*dim:]
}

func mustNew(t testing.TB, factory string) *Index {
	t.Helper()
	ix, err := New(dim, Options{Factory: factory})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// build trains (when needed) and fills an index with data in batches adds.
func build(t testing.TB, factory string, data []float32, batches int) *Index {
	t.Helper()
	ix := mustNew(t, factory)
	if err := ix.Train(data); err != nil {
		t.Fatal(err)
	}
	per := len(data) / dim / batches
	for b := 0; b < batches; b++ {
		lo, hi := b*per*dim, (b+1)*per*dim
		if b == batches-1 {
			hi = len(data)
		}
		if err := ix.Add(data[lo:hi]); err != nil {
			t.Fatal(err)
		}
	}
	return ix
}

func search(t testing.TB, ix index.Index, q []float32, k int, values map[string]int) [][]exact.Neighbor {
	t.Helper()
	got, err := ix.Search(q, k, index.SearchParams{Values: values})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func wantErr(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one containing %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not contain %q", err, p)
		}
	}
}

func TestNewErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		params index.Params
		want   []string
	}{
		{"missing factory", index.Params{}, []string{`"factory" is required`}},
		{"bad factory", index.Params{"factory": "Bogus17"}, []string{`factory "Bogus17"`, "index_factory", "could not parse"}},
		{"factory not a string", index.Params{"factory": int64(3)}, []string{"backend faiss", `"factory"`, "want a string"}},
		{"unknown key", index.Params{"factory": "Flat", "nlist": int64(3)}, []string{"backend faiss", `unknown parameter "nlist"`}},
		{"efConstruction without HNSW", index.Params{"factory": "Flat", "efConstruction": int64(80)}, []string{"efConstruction given, but the index has no HNSW graph"}},
		{"negative threads", index.Params{"factory": "Flat", "threads": int64(-1)}, []string{"threads = -1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ix, err := index.New("faiss", dim, tc.params)
			if err == nil {
				ix.Close()
			}
			wantErr(t, err, tc.want...)
		})
	}
	_, err := New(0, Options{Factory: "Flat"})
	wantErr(t, err, "dimension 0")
}

func TestRegistry(t *testing.T) {
	ix, err := index.New("faiss", dim, index.Params{"factory": "HNSW32", "efConstruction": int64(80), "threads": int64(1)})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.Dim() != dim || ix.Len() != 0 {
		t.Fatalf("Dim, Len = %d, %d, want %d, 0", ix.Dim(), ix.Len(), dim)
	}
	b, _ := index.Lookup("faiss")
	if err := b.CheckSearchParams(map[string]int{"efSearch": 1, "nprobe": 1}); err != nil {
		t.Error(err)
	}
}

// TestFAISSErrors checks that C++ exceptions come back as Go errors that
// carry FAISS's own message.
func TestFAISSErrors(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "missing.index"))
	wantErr(t, err, "load", "missing.index", "read_index", "could not open")

	bad := filepath.Join(t.TempDir(), "bad.index")
	if err := os.WriteFile(bad, []byte("not an index"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(bad)
	wantErr(t, err, "read_index", "Error")

	ix := build(t, "Flat", indextest.Clustered(100, dim, 10, 1), 1)
	err = ix.Save(filepath.Join(t.TempDir(), "no", "such", "dir", "x.index"))
	wantErr(t, err, "write_index", "could not open")
}

func TestTrain(t *testing.T) {
	data := indextest.Clustered(2000, dim, 10, 1)
	ix := mustNew(t, "IVF64,Flat")
	wantErr(t, ix.Add(data), "needs Train before Add")
	wantErr(t, ix.Train(data[:10*dim]), "IVF64,Flat", "at least 64 vectors", "got 10")
	pq := mustNew(t, "IVF16,PQ8np")
	wantErr(t, pq.Train(data[:100*dim]), "at least 256 vectors", "got 100")
	if err := ix.Train(data); err != nil {
		t.Fatal(err)
	}
	if err := ix.Add(data); err != nil {
		t.Fatal(err)
	}
	// Flat needs no training and ignores it.
	if err := mustNew(t, "Flat").Train(data[:dim]); err != nil {
		t.Error(err)
	}
}

func TestBadInput(t *testing.T) {
	data := indextest.Clustered(200, dim, 10, 1)
	nan := append([]float32(nil), data[:2*dim]...)
	nan[dim+3] = float32(math.NaN())
	inf := append([]float32(nil), data[:2*dim]...)
	inf[5] = float32(math.Inf(-1))
	for _, factory := range []string{"Flat", "HNSW32", "IVF4,Flat"} {
		t.Run(factory, func(t *testing.T) {
			ix := build(t, factory, data, 1)
			wantErr(t, ix.Add(nan), "vector 1 column 3 is NaN")
			wantErr(t, ix.Add(data[:dim+1]), "17 floats is not a multiple of dimension 16")
			_, err := ix.Search(inf, 3, index.SearchParams{})
			wantErr(t, err, "query 0 column 5 is -Inf")
			_, err = ix.Search(data[:dim-1], 3, index.SearchParams{})
			wantErr(t, err, "not a multiple of dimension")
			_, err = ix.Search(data[:dim], 0, index.SearchParams{})
			wantErr(t, err, "k = 0")
			_, err = ix.Search(data[:dim], 3, index.SearchParams{Values: map[string]int{"ef": 3}})
			wantErr(t, err, `unknown search parameter "ef"`)
			_, err = ix.Search(data[:dim], 3, index.SearchParams{Values: map[string]int{"nprobe": 0}})
			wantErr(t, err, `"nprobe" = 0`)
			if ix.Len() != 200 {
				t.Errorf("Len = %d after rejected adds, want 200", ix.Len())
			}
		})
	}
	fresh := mustNew(t, "IVF4,Flat")
	wantErr(t, fresh.Train(inf), "training vector 0 column 5 is -Inf")

	_, err := build(t, "Flat", data, 1).Search(data[:dim], 3, index.SearchParams{Values: map[string]int{"nprobe": 2}})
	wantErr(t, err, "nprobe given, but the index has no inverted lists")
	_, err = build(t, "IVF4,Flat", data, 1).Search(data[:dim], 3, index.SearchParams{Values: map[string]int{"efSearch": 2}})
	wantErr(t, err, "efSearch given, but the index has no HNSW graph")
}

// TestSmall covers the empty index, k > n, tie order and that no -1 id
// (FAISS's "no result") escapes.
func TestSmall(t *testing.T) {
	same := make([]float32, 5*dim) // five identical vectors: all distances tie
	for i := range same {
		same[i] = float32(i % dim)
	}
	q := same[:dim]
	for _, factory := range []string{"Flat", "HNSW32", "HNSW32,SQ8", "IVF2,Flat"} {
		t.Run(factory, func(t *testing.T) {
			ix := mustNew(t, factory)
			if err := ix.Train(indextest.Clustered(100, dim, 10, 1)); err != nil {
				t.Fatal(err)
			}
			got := search(t, ix, append(q, q...), 10, nil)
			if len(got) != 2 || len(got[0]) != 0 || len(got[1]) != 0 {
				t.Fatalf("empty index answered %v", got)
			}
			if err := ix.Add(same); err != nil {
				t.Fatal(err)
			}
			got = search(t, ix, q, 10, nil)
			var ids []int64
			for _, nb := range got[0] {
				ids = append(ids, nb.ID)
			}
			if !reflect.DeepEqual(ids, []int64{0, 1, 2, 3, 4}) {
				t.Errorf("k=10 over 5 tied vectors: ids %v, want 0..4 in order", ids)
			}
		})
	}
	// IVF with nprobe 1 over 2 lists may find fewer than k: no -1 ids.
	data := indextest.Clustered(400, dim, 10, 1)
	ix := build(t, "IVF8,Flat", data, 1)
	for qi, ans := range search(t, ix, data[:20*dim], 300, map[string]int{"nprobe": 1}) {
		if len(ans) >= 300 {
			t.Errorf("query %d: %d results from one of 8 lists", qi, len(ans))
		}
		checkAnswer(t, ans, 400)
	}
}

// checkAnswer asserts ids in range and unique, sorted by (distance, id).
func checkAnswer(t *testing.T, ans []exact.Neighbor, n int) {
	t.Helper()
	seen := map[int64]bool{}
	for i, nb := range ans {
		if nb.ID < 0 || nb.ID >= int64(n) || seen[nb.ID] {
			t.Fatalf("bad or repeated id %d in %v", nb.ID, ans)
		}
		seen[nb.ID] = true
		if i > 0 && exact.Less(nb, ans[i-1]) {
			t.Fatalf("answer not sorted at %d: %v", i, ans)
		}
	}
}

func TestSaveLoad(t *testing.T) {
	data, queries := split(indextest.Clustered(3000+50, dim, 10, 3), 3000) // OPQ warns (on stderr) that it wants 39 × 256 points
	for _, tc := range []struct {
		factory string
		values  map[string]int
	}{
		{"Flat", nil},
		{"HNSW32", map[string]int{"efSearch": 32}},
		{"HNSW32,SQ8", map[string]int{"efSearch": 32}},
		{"IVF16,Flat", map[string]int{"nprobe": 3}},
		{"IVF16,PQ4x4np", map[string]int{"nprobe": 3}},
		{"OPQ4,IVF16,PQ4x4np", map[string]int{"nprobe": 3}},
	} {
		t.Run(tc.factory, func(t *testing.T) {
			ix := build(t, tc.factory, data, 3)
			path := filepath.Join(t.TempDir(), "x.index")
			if err := ix.Save(path); err != nil {
				t.Fatal(err)
			}
			back, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			defer back.Close()
			if back.Len() != ix.Len() || back.Dim() != dim {
				t.Fatalf("loaded Len, Dim = %d, %d; want %d, %d", back.Len(), back.Dim(), ix.Len(), dim)
			}
			want := search(t, ix, queries, 10, tc.values)
			if got := search(t, back, queries, 10, tc.values); !reflect.DeepEqual(got, want) {
				t.Errorf("loaded index answers differ:\n got %v\nwant %v", got[0], want[0])
			}
			st, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if ix.Bytes() != st.Size() {
				t.Errorf("Bytes = %d, file has %d", ix.Bytes(), st.Size())
			}
		})
	}
}

// TestHNSWAddsInOneCall would catch FAISS 1.7.3's multi-add trap: the same
// 20 K vectors added to a raw IndexHNSWFlat in 10 add() calls give recall@10
// ≈ 0.89 whatever efSearch (one call: 1.0). The adapter buffers adds (the
// conformance suite's Recall10 adds in 10 batches) and rebuilds the graph
// when vectors arrive after a search or a load, which this test covers.
func TestHNSWAddsInOneCall(t *testing.T) {
	const n, k = 20000, 10
	data, queries := split(indextest.Clustered(n+200, dim, 10, 1), n)
	truth, err := exact.Search(data, exact.L2(dim), queries, k, exact.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		batches int
		search  bool // search after every batch: each later add rebuilds
		reload  bool // the last batch goes to an index read from disk
	}{
		{"search between batches", 4, true, false},
		{"add after load", 10, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ix index.Index = mustNew(t, "HNSW32")
			per := n / tc.batches
			for b := 0; b < tc.batches; b++ {
				if b == tc.batches-1 && tc.reload {
					path := filepath.Join(t.TempDir(), "h.index")
					if err := ix.Save(path); err != nil {
						t.Fatal(err)
					}
					if ix, err = Load(path); err != nil {
						t.Fatal(err)
					}
					defer ix.Close()
				}
				if err := ix.Add(data[b*per*dim : (b+1)*per*dim]); err != nil {
					t.Fatal(err)
				}
				if tc.search {
					search(t, ix, queries[:dim], 1, nil)
				}
			}
			if ix.Len() != n {
				t.Fatalf("Len = %d, want %d", ix.Len(), n)
			}
			got := search(t, ix, queries, k, map[string]int{"efSearch": 64})
			if r := indextest.Recall(got, truth, k); r < 0.99 {
				t.Errorf("recall@10 = %.4f, want ≥ 0.99", r)
			}
		})
	}
}

// TestHNSWShortAnswers: with efSearch < k FAISS 1.7.3 returns fewer than k
// results (≈ 267 of 500 at efSearch 200 on 1-D data); the adapter searches
// with efSearch ≥ k.
func TestHNSWShortAnswers(t *testing.T) {
	data := indextest.Clustered(20000, 1, 10, 1)
	ix, err := New(1, Options{Factory: "HNSW32"})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Add(data); err != nil {
		t.Fatal(err)
	}
	for qi, ans := range search(t, ix, data[:20], 500, map[string]int{"efSearch": 200}) {
		if len(ans) != 500 {
			t.Errorf("query %d: %d results, want 500", qi, len(ans))
		}
		checkAnswer(t, ans, 20000)
	}
}

// TestConcurrentSearch runs searches with different parameters and thread
// counts at once (run with -race) and compares them with serial answers.
func TestConcurrentSearch(t *testing.T) {
	data, queries := split(indextest.Clustered(4000+40, dim, 10, 5), 4000)
	for _, tc := range []struct {
		factory string
		key     string
		values  []int
	}{
		{"HNSW32", "efSearch", []int{8, 16, 64}},
		{"IVF32,Flat", "nprobe", []int{1, 4, 32}},
		{"Flat", "", []int{0}},
	} {
		t.Run(tc.factory, func(t *testing.T) {
			ix := build(t, tc.factory, data, 1)
			params := func(v int) index.SearchParams {
				if tc.key == "" {
					return index.SearchParams{}
				}
				return index.SearchParams{Values: map[string]int{tc.key: v}}
			}
			want := map[int][][]exact.Neighbor{}
			for _, v := range tc.values {
				want[v] = search(t, ix, queries, 10, params(v).Values)
			}
			var wg sync.WaitGroup
			for g := 0; g < 12; g++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					v := tc.values[g%len(tc.values)]
					p := params(v)
					p.Threads = 1 + g%2
					got, err := ix.Search(queries, 10, p)
					if err != nil {
						t.Error(err)
						return
					}
					if !reflect.DeepEqual(got, want[v]) {
						t.Errorf("goroutine %d (%s=%d, %d threads): answers differ from serial", g, tc.key, v, p.Threads)
					}
				}()
			}
			wg.Wait()
		})
	}
}

func TestCloseAndBytes(t *testing.T) {
	data := indextest.Clustered(1000, dim, 10, 1)
	ix := mustNew(t, "HNSW32")
	if err := ix.Add(data); err != nil {
		t.Fatal(err)
	}
	// The vectors, and the header of an empty HNSW index.
	if b, vec := ix.Bytes(), int64(len(data)*4); b < vec || b > vec+1024 {
		t.Errorf("Bytes of 1000 buffered vectors = %d, want %d plus a header", b, vec)
	}
	search(t, ix, data[:dim], 1, nil)
	// HNSW32: the vectors plus 32 + 2·32 = 96 int32 links per vector at
	// least (level 0 has 2M links).
	if b, low := ix.Bytes(), int64(1000*(dim*4+64*4)); b < low {
		t.Errorf("Bytes of HNSW32 over 1000 vectors = %d, want ≥ %d", b, low)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	_, err := ix.Search(data[:dim], 1, index.SearchParams{})
	wantErr(t, err, "index is closed")
	wantErr(t, ix.Add(data), "index is closed")
	if ix.Bytes() != 0 {
		t.Errorf("Bytes after Close = %d", ix.Bytes())
	}
}

// TestNoLeak creates and frees 3000 indexes, by Close and by the runtime
// cleanup, and checks the resident set stays bounded: leaked, they would
// hold about 200 MiB of vectors alone.
func TestNoLeak(t *testing.T) {
	data := indextest.Clustered(2000, dim, 10, 1)
	make1 := func(i int) *Index {
		factory := [...]string{"Flat", "HNSW16", "IVF4,Flat"}[i%3]
		ix, err := New(dim, Options{Factory: factory, Threads: 1})
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.Train(data[:400*dim]); err != nil {
			t.Fatal(err)
		}
		n := 2000
		if factory == "HNSW16" {
			n = 200 // HNSW builds are slow; its graph still allocates
		}
		if err := ix.Add(data[:n*dim]); err != nil {
			t.Fatal(err)
		}
		if _, err := ix.Search(data[:dim], 5, index.SearchParams{Threads: 1}); err != nil {
			t.Fatal(err)
		}
		return ix
	}
	closeRound := func(n int) {
		for i := 0; i < n; i++ {
			make1(i).Close()
		}
	}
	start := LiveIndexes()
	closeRound(300) // warm up allocator arenas
	before := vmRSS(t)
	closeRound(1500)
	for r := 0; r < 15; r++ {
		for i := 0; i < 100; i++ {
			make1(i) // dropped without Close: the runtime cleanup frees it
		}
		deadline := time.Now().Add(10 * time.Second)
		for LiveIndexes() > start {
			if time.Now().After(deadline) {
				t.Fatalf("%d indexes still live 10 s after being dropped", LiveIndexes()-start)
			}
			runtime.GC()
			time.Sleep(time.Millisecond)
		}
	}
	if grown := vmRSS(t) - before; grown > 32<<20 {
		t.Errorf("RSS grew by %d MiB over 3000 indexes (from %d MiB)", grown>>20, before>>20)
	}
}

// vmRSS is the process's resident set from /proc/self/status, in bytes.
func vmRSS(t *testing.T) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skipf("no /proc/self/status: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "VmRSS:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmRSS line in /proc/self/status")
	return 0
}

func TestThreadsGiveSameAnswers(t *testing.T) {
	data, queries := split(indextest.Clustered(5000+64, dim, 10, 7), 5000) // ≥ 20 queries: Flat takes the BLAS path
	for _, factory := range []string{"Flat", "HNSW32", "IVF16,Flat"} {
		ix := build(t, factory, data, 1)
		one, err := ix.Search(queries, 10, index.SearchParams{Threads: 1})
		if err != nil {
			t.Fatal(err)
		}
		all, err := ix.Search(queries, 10, index.SearchParams{Threads: 0})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(one, all) {
			t.Errorf("%s: 1 thread and all cores answer differently", factory)
		}
	}
	if BLASThreads() != 1 && os.Getenv("OPENBLAS_NUM_THREADS") == "" {
		t.Errorf("OpenBLAS threads = %d, want 1 set at init", BLASThreads())
	}
}
