//go:build cgo

package faiss

import (
	"testing"

	"github.com/ecgbench/ecgbench/engine/index"
	"github.com/ecgbench/ecgbench/engine/index/indextest"
)

// TestFinishBuildsTheGraph: after Finish nothing is left buffered, and
// Bytes counts the graph, not only the vectors.
func TestFinishBuildsTheGraph(t *testing.T) {
	data := indextest.Clustered(2000, 16, 8, 1)
	ix, err := New(16, Options{Factory: "HNSW32"})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Add(data); err != nil {
		t.Fatal(err)
	}
	before := ix.Bytes()
	if err := index.Finish(ix); err != nil {
		t.Fatal(err)
	}
	if ix.info.pending != 0 || ix.info.ntotal != 2000 {
		t.Errorf("after Finish: %d pending, %d in the graph", ix.info.pending, ix.info.ntotal)
	}
	if after := ix.Bytes(); after <= before {
		t.Errorf("Bytes %d after Finish, %d before: the graph links are not counted", after, before)
	}
	ix.Close()
	if err := ix.Finish(); err == nil {
		t.Error("Finish after Close succeeded")
	}
}
