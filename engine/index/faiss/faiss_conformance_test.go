//go:build cgo

package faiss

import (
	"fmt"
	"testing"

	"github.com/ecgbench/ecgbench/engine/index"
	"github.com/ecgbench/ecgbench/engine/index/indextest"
)

// TestConformance runs the shared suite. MinRecall10 for the compressed
// configurations is a documented lower bound: the recall measured here
// (IVF64,PQ8np at nprobe 8: 0.898; HNSW32,SQ8 at efSearch 64: 0.9605) less
// a margin for HNSW's run-to-run variation with 2 build threads.
func TestConformance(t *testing.T) {
	for _, tc := range []struct {
		factory string
		values  map[string]int
		recall  float64
		exact   bool
	}{
		{"Flat", nil, 0.99, true},
		{"HNSW32", map[string]int{"efSearch": 64}, 0.99, false},
		{"HNSW32", map[string]int{"efSearch": 128}, 0.99, false},
		{"IVF64,Flat", map[string]int{"nprobe": 64}, 0.99, true},
		{"IVF64,PQ8np", map[string]int{"nprobe": 8}, 0.85, false},
		{"HNSW32,SQ8", map[string]int{"efSearch": 64}, 0.93, false},
	} {
		name := tc.factory
		for k, v := range tc.values {
			name += fmt.Sprintf("/%s=%d", k, v)
		}
		indextest.Run(t, indextest.Config{
			Name: name,
			New: func(dim int) (index.Index, error) {
				return New(dim, Options{Factory: tc.factory})
			},
			Load:        func(path string) (index.Index, error) { return Load(path) },
			Search:      index.SearchParams{Values: tc.values},
			MinRecall10: tc.recall,
			Exact:       tc.exact,
		})
	}
}
