//go:build cgo

package faiss

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/ecgbench/ecgbench/engine/index"
	"github.com/ecgbench/ecgbench/engine/index/indextest"
)

// BenchmarkThreads compares thread settings side by side on 100 K
// BenchData vectors. Run it once as is and once with OMP_WAIT_POLICY=PASSIVE
// in the environment (libgomp reads it at start-up only):
//
//   - batch: all benchQueries queries in one Search call, k = 10, with
//     OpenMP threads omp and OpenBLAS threads blas (ns/op is per batch);
//   - single: one query at a time, k = 10, OpenMP threads omp, reporting
//     the p50 and p99 latency besides the mean;
//   - train: IVF1024 k-means training on the 100 K vectors, by BLAS threads;
//   - build: HNSW32 graph build (one add of 100 K vectors), by OpenMP threads.
func BenchmarkThreads(b *testing.B) {
	const n = 100_000
	d := indextest.BenchDim
	data, queries := indextest.BenchData(n, benchQueries)
	defer SetBLASThreads(BLASThreads())
	for _, cfg := range []struct {
		factory string
		values  map[string]int
	}{
		{"Flat", nil},
		{"HNSW32", map[string]int{"efSearch": 64}},
		{"IVF256,Flat", map[string]int{"nprobe": 16}},
	} {
		b.Run("index="+cfg.factory, func(b *testing.B) {
			ix, _ := cachedIndex(b, benchConfig{factory: cfg.factory}, data)
			defer ix.Close()
			for _, blas := range []int{1, 2} {
				for _, omp := range []int{1, 2} {
					b.Run(fmt.Sprintf("batch/omp=%d/blas=%d", omp, blas), func(b *testing.B) {
						SetBLASThreads(blas)
						p := index.SearchParams{Values: cfg.values, Threads: omp}
						for i := 0; i < b.N; i++ {
							if _, err := ix.Search(queries, 10, p); err != nil {
								b.Fatal(err)
							}
						}
					})
				}
			}
			SetBLASThreads(1)
			for _, omp := range []int{1, 2} {
				b.Run(fmt.Sprintf("single/omp=%d", omp), func(b *testing.B) {
					p := index.SearchParams{Values: cfg.values, Threads: omp}
					lat := make([]time.Duration, 0, b.N)
					for i := 0; i < b.N; i++ {
						q := i % benchQueries
						t0 := time.Now()
						if _, err := ix.Search(queries[q*d:(q+1)*d], 10, p); err != nil {
							b.Fatal(err)
						}
						lat = append(lat, time.Since(t0))
					}
					b.StopTimer()
					slices.Sort(lat)
					b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
					b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds()), "p99-ns")
				})
			}
		})
	}
	for _, blas := range []int{1, 2} {
		b.Run(fmt.Sprintf("train/index=IVF1024,Flat/blas=%d", blas), func(b *testing.B) {
			SetBLASThreads(blas)
			for i := 0; i < b.N; i++ {
				ix, err := New(d, Options{Factory: "IVF1024,Flat", Threads: 2})
				if err != nil {
					b.Fatal(err)
				}
				if err := ix.Train(data); err != nil {
					b.Fatal(err)
				}
				ix.Close()
			}
		})
	}
	SetBLASThreads(1)
	for _, omp := range []int{1, 2} {
		b.Run(fmt.Sprintf("build/index=HNSW32/omp=%d", omp), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				ix, err := New(d, Options{Factory: "HNSW32", Threads: omp})
				if err != nil {
					b.Fatal(err)
				}
				if err := ix.Add(data); err != nil {
					b.Fatal(err)
				}
				if err := ix.Finish(); err != nil {
					b.Fatal(err)
				}
				ix.Close()
			}
		})
	}
}
