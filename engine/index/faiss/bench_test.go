//go:build cgo

package faiss

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ecgbench/ecgbench/engine/exact"
	"github.com/ecgbench/ecgbench/engine/index"
	"github.com/ecgbench/ecgbench/engine/index/indextest"
)

// benchQueries is the size of the query set: recall is measured over all of
// it, and timed searches cycle through it one query at a time.
const benchQueries = 500

// benchCacheDir holds built benchmark indexes, so re-runs skip the builds
// (1 M HNSW builds take minutes). ECGBENCH_FAISS_BENCH_CACHE overrides it;
// delete the directory to rebuild.
func benchCacheDir() string {
	if d := os.Getenv("ECGBENCH_FAISS_BENCH_CACHE"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "ecgbench-faiss-bench")
}

// benchConfig is one index to build and the search-parameter values to
// sweep on it (key "" sweeps nothing).
type benchConfig struct {
	factory string
	efc     int // HNSW efConstruction; 0 keeps FAISS's 40
	key     string
	values  []int
}

// name labels the index in benchmark names.
func (c benchConfig) name() string {
	if c.efc > 0 {
		return fmt.Sprintf("%s-efc%d", c.factory, c.efc)
	}
	return c.factory
}

func benchConfigs(n int) []benchConfig {
	nlist := 256
	if n >= 1_000_000 {
		nlist = 1024
	}
	probes := []int{1, 4, 16, 64}
	return []benchConfig{
		{"Flat", 0, "", []int{0}},
		{"HNSW32", 0, "efSearch", []int{16, 32, 64, 128, 256}},
		{"HNSW32", 200, "efSearch", []int{16, 32, 64, 128, 256}},
		{fmt.Sprintf("IVF%d,Flat", nlist), 0, "nprobe", probes},
		{fmt.Sprintf("IVF%d,PQ8np", nlist), 0, "nprobe", probes},
		{"HNSW32,SQ8", 0, "efSearch", []int{16, 64, 256}},
	}
}

// benchSet is the data, queries and exact top-100 of one size.
type benchSet struct {
	data, queries []float32
	truth         [][]exact.Neighbor
}

var (
	benchSetsMu sync.Mutex
	benchSets   = map[int]*benchSet{}
)

func getBenchSet(b *testing.B, n int) *benchSet {
	benchSetsMu.Lock()
	defer benchSetsMu.Unlock()
	if s, ok := benchSets[n]; ok {
		return s
	}
	data, queries := indextest.BenchData(n, benchQueries)
	truth, err := exact.Search(data, exact.L2(indextest.BenchDim), queries, 100, exact.Options{})
	if err != nil {
		b.Fatal(err)
	}
	s := &benchSet{data, queries, truth}
	benchSets[n] = s
	return s
}

// cachedIndex loads the index c describes, built over data, from the cache,
// or builds (train + add + graph build, all cores) and caches it. It returns
// the build seconds measured when it was built.
func cachedIndex(b *testing.B, c benchConfig, data []float32) (*Index, float64) {
	n := len(data) / indextest.BenchDim
	name := fmt.Sprintf("%s-n%d-seed%d", strings.ReplaceAll(c.name(), ",", "_"), n, indextest.BenchSeed)
	path := filepath.Join(benchCacheDir(), name+".index")
	if raw, err := os.ReadFile(path + ".build-s"); err == nil {
		if secs, err := strconv.ParseFloat(strings.TrimSpace(string(raw)), 64); err == nil {
			if ix, err := Load(path); err == nil {
				return ix, secs
			}
		}
	}
	start := time.Now()
	ix, err := New(indextest.BenchDim, Options{Factory: c.factory, EfConstruction: c.efc})
	if err != nil {
		b.Fatal(err)
	}
	if err := ix.Train(data); err != nil {
		b.Fatal(err)
	}
	if err := ix.Add(data); err != nil {
		b.Fatal(err)
	}
	if err := ix.Finish(); err != nil {
		b.Fatal(err)
	}
	secs := time.Since(start).Seconds()
	if err := os.MkdirAll(benchCacheDir(), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := ix.Save(path); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(path+".build-s", []byte(strconv.FormatFloat(secs, 'f', 3, 64)), 0o644); err != nil {
		b.Fatal(err)
	}
	return ix, secs
}

// BenchmarkSearch times one query at a time on one thread over
// indextest.BenchData (clustered 16-D vectors), for each index and search
// parameter value, at k = 10 and 100. It reports recall@k over
// benchQueries queries (distances rescored exactly, ann-benchmarks rule),
// the build seconds (all cores; from the cache when the index was cached),
// and Bytes. HNSW searches use efSearch = max(efSearch, k). Select one size
// with -bench 'Search/n=100000$/' (the pattern of each level is unanchored).
func BenchmarkSearch(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			set := getBenchSet(b, n)
			for _, cfg := range benchConfigs(n) {
				b.Run("index="+cfg.name(), func(b *testing.B) {
					ix, build := cachedIndex(b, cfg, set.data)
					defer ix.Close()
					bytes := ix.Bytes()
					for _, v := range cfg.values {
						p := index.SearchParams{Threads: 1}
						name := "default"
						if cfg.key != "" {
							p.Values = map[string]int{cfg.key: v}
							name = fmt.Sprintf("%s=%d", cfg.key, v)
						}
						b.Run(name, func(b *testing.B) {
							benchSearch(b, ix, set, p, build, bytes)
						})
					}
				})
			}
		})
	}
}

func benchSearch(b *testing.B, ix *Index, set *benchSet, p index.SearchParams, build float64, bytes int64) {
	d := indextest.BenchDim
	for _, k := range []int{10, 100} {
		all := p
		all.Threads = 0
		got, err := ix.Search(set.queries, k, all)
		if err != nil {
			b.Fatal(err)
		}
		truth := make([][]exact.Neighbor, len(set.truth))
		for i, t := range set.truth {
			truth[i] = t[:k]
		}
		recall := indextest.Recall(indextest.Rescore(set.data, set.queries, d, got), truth, k)
		b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) {
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				q := i % benchQueries
				if _, err := ix.Search(set.queries[q*d:(q+1)*d], k, p); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(recall, "recall-at-k")
			b.ReportMetric(build, "build-s")
			b.ReportMetric(float64(bytes), "bytes")
		})
	}
}
