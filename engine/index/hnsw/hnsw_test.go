package hnsw

import (
	"testing"

	"github.com/ecgbench/ecgbench/engine/index"
	"github.com/ecgbench/ecgbench/engine/index/indextest"
)

// TestConformance runs the shared suite on the default build parameters
// (M 16, Ml 0.25, efConstruction 100) at efSearch 64.
//
// MinRecall10 is a documented expectation, not a target: coder/hnsw v0.6.1
// measured recall@10 = 0.388–0.427 (mean 0.408, 8 runs; the graph differs
// from build to build) on the suite's 20 K clustered 16-D vectors, with
// Search's workarounds in place. A library that fixes its search will pass
// far above it: update the figure and the README then.
func TestConformance(t *testing.T) {
	indextest.Run(t, indextest.Config{
		Name:        "hnsw",
		New:         func(dim int) (index.Index, error) { return New(dim, Params{}) },
		Load:        func(path string) (index.Index, error) { return Load(path) },
		Search:      index.SearchParams{Values: map[string]int{"efSearch": 64}},
		MinRecall10: 0.35,
	})
}
