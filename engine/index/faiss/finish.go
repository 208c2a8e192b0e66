//go:build cgo

package faiss

import "github.com/ecgbench/ecgbench/engine/index"

var _ index.Finisher = (*Index)(nil)

// Finish builds the HNSW graph from the vectors Add buffered (FAISS 1.7.3
// loses recall when HNSW data comes in several add() calls), so that a
// build's timing includes the graph. Other index types have nothing to do.
func (ix *Index) Finish() error {
	ix.mu.RLock()
	err := ix.usable()
	ix.mu.RUnlock()
	if err != nil {
		return err
	}
	return ix.flushForSearch()
}
