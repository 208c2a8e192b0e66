//go:build cgo

package faiss

/*
#cgo CXXFLAGS: -std=c++17 -O2 -fopenmp
#cgo LDFLAGS: -lfaiss -lopenblas -lgomp -lstdc++ -lm
#include <stdlib.h>
#include "shim.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/ecgbench/ecgbench/engine/exact"
	"github.com/ecgbench/ecgbench/engine/index"
)

// Options are the build parameters of a FAISS index.
type Options struct {
	// Factory is a FAISS index_factory string: "Flat", "HNSW32",
	// "IVF1024,Flat", "IVF1024,PQ8np", "HNSW32,SQ8", "OPQ8,IVF256,PQ8np" …
	// Required.
	Factory string
	// EfConstruction sets HNSW's build-time beam width; 0 keeps FAISS's
	// default (40). Setting it for an index without HNSW graph is an error.
	EfConstruction int
	// Threads is the number of OpenMP threads Train and Add use; 0 means
	// all cores.
	Threads int
}

// Index is a FAISS index. Searches may run concurrently with each other;
// Train, Add, Save and Close wait for running searches and block new ones.
type Index struct {
	mu      sync.RWMutex
	c       *C.ecg_index
	cleanup runtime.Cleanup
	desc    string // factory string, or where the index was loaded from
	threads int    // OpenMP threads for Train, Add and the HNSW flush
	info    C.ecg_info
	efBase  int // efSearch of an HNSW search that names none
	ef      efGate
}

var _ index.Index = (*Index)(nil)

func init() {
	// OpenBLAS threads compete with FAISS's OpenMP threads; see doc.go.
	if os.Getenv("OPENBLAS_NUM_THREADS") == "" {
		SetBLASThreads(1)
	}
}

// live counts the FAISS indexes not yet freed.
var live atomic.Int64

// LiveIndexes is the number of indexes not yet freed, by Close or by the
// runtime cleanup of an index dropped without Close: a leak check.
func LiveIndexes() int { return int(live.Load()) }

// SetBLASThreads sets the number of threads OpenBLAS uses for the whole
// process. The package sets 1 at start-up unless OPENBLAS_NUM_THREADS is set.
func SetBLASThreads(n int) { C.ecg_set_blas_threads(C.int(n)) }

// BLASThreads is the number of threads OpenBLAS uses.
func BLASThreads() int { return int(C.ecg_blas_threads()) }

// New builds an empty index of width dim.
func New(dim int, opt Options) (*Index, error) {
	if dim <= 0 {
		return nil, fmt.Errorf("faiss backend: dimension %d, want ≥ 1", dim)
	}
	if opt.Factory == "" {
		return nil, errors.New(`faiss backend: parameter "factory" is required (e.g. "Flat", "HNSW32", "IVF1024,Flat")`)
	}
	if opt.EfConstruction < 0 || opt.Threads < 0 {
		return nil, fmt.Errorf("faiss backend: efConstruction = %d, threads = %d, want ≥ 0", opt.EfConstruction, opt.Threads)
	}
	cs := C.CString(opt.Factory)
	defer C.free(unsafe.Pointer(cs))
	var c *C.ecg_index
	if err := cerr(C.ecg_new(cs, C.int(dim), C.int(opt.EfConstruction), &c)); err != nil {
		return nil, fmt.Errorf("faiss backend: factory %q: %w", opt.Factory, err)
	}
	return wrap(c, opt.Factory, opt.Threads), nil
}

// Load reads an index written by Save (or by FAISS's write_index).
func Load(path string) (*Index, error) {
	cs := C.CString(path)
	defer C.free(unsafe.Pointer(cs))
	var c *C.ecg_index
	if err := cerr(C.ecg_read(cs, &c)); err != nil {
		return nil, fmt.Errorf("faiss backend: load %s: %w", path, err)
	}
	return wrap(c, "index from "+path, 0), nil
}

func wrap(c *C.ecg_index, desc string, threads int) *Index {
	ix := &Index{c: c, desc: desc, threads: threads}
	live.Add(1)
	ix.cleanup = runtime.AddCleanup(ix, func(c *C.ecg_index) {
		C.ecg_free(c)
		live.Add(-1)
	}, c)
	C.ecg_get_info(c, &ix.info)
	ix.efBase = int(ix.info.ef_search)
	ix.ef.cur = ix.efBase
	return ix
}

// cerr turns a message from the shim into an error and frees it.
func cerr(msg *C.char) error {
	if msg == nil {
		return nil
	}
	defer C.free(unsafe.Pointer(msg))
	return errors.New(C.GoString(msg))
}

// Dim is the vector width.
func (ix *Index) Dim() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return int(ix.info.dim)
}

// Len is the number of vectors added, including HNSW vectors buffered for
// the one add call that builds the graph.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return int(ix.info.ntotal + ix.info.pending)
}

// Train trains the index (IVF centroids, PQ and SQ codebooks, OPQ rotation).
// An index that is already trained, or needs no training, ignores it.
func (ix *Index) Train(data []float32) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if err := ix.usable(); err != nil {
		return err
	}
	if ix.info.is_trained != 0 {
		return nil
	}
	n, err := ix.rows(data, "training vector")
	if err != nil {
		return err
	}
	if min := int(ix.info.min_train); n < min {
		return fmt.Errorf("faiss backend: %s: training needs at least %d vectors (one per k-means centroid; FAISS recommends 39 per centroid), got %d", ix.desc, min, n)
	}
	err = cerr(C.ecg_train(ix.c, C.int64_t(n), cfloats(data), C.int(ix.threads)))
	C.ecg_get_info(ix.c, &ix.info)
	if err != nil {
		return fmt.Errorf("faiss backend: %s: %w", ix.desc, err)
	}
	return nil
}

// Add appends vectors; their ids follow on from Len. An HNSW index keeps
// them in a buffer and builds its graph in one FAISS add call before the
// next search or save (see doc.go).
func (ix *Index) Add(data []float32) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if err := ix.usable(); err != nil {
		return err
	}
	n, err := ix.rows(data, "vector")
	if err != nil || n == 0 {
		return err
	}
	if ix.info.is_trained == 0 {
		return fmt.Errorf("faiss backend: %s: the index needs Train before Add", ix.desc)
	}
	err = cerr(C.ecg_add(ix.c, C.int64_t(n), cfloats(data), C.int(ix.threads)))
	C.ecg_get_info(ix.c, &ix.info)
	if err != nil {
		return fmt.Errorf("faiss backend: %s: %w", ix.desc, err)
	}
	return nil
}

// Search returns up to k neighbours per query, sorted by distance then id.
// p.Values may hold efSearch (HNSW, raised to at least k) and nprobe (IVF,
// capped at nlist);
// absent values keep the index's own. p.Threads = 0 uses all cores.
// Missing results (FAISS's -1 ids) are dropped, so an answer may hold
// fewer than k neighbours. Distances are FAISS's squared L2, approximate for
// compressed codes (PQ, SQ). Concurrent searches run in parallel, except
// HNSW searches with different efSearch, which take turns (see efGate).
func (ix *Index) Search(queries []float32, k int, p index.SearchParams) ([][]exact.Neighbor, error) {
	if k <= 0 {
		return nil, fmt.Errorf("faiss backend: k = %d, want ≥ 1", k)
	}
	if p.Threads < 0 {
		return nil, fmt.Errorf("faiss backend: threads = %d, want ≥ 0", p.Threads)
	}
	var ef, nprobe int
	for key, v := range p.Values {
		if v <= 0 {
			return nil, fmt.Errorf("faiss backend: search parameter %q = %d, want ≥ 1", key, v)
		}
		switch key {
		case "efSearch":
			ef = v
		case "nprobe":
			nprobe = v
		default:
			return nil, fmt.Errorf("faiss backend: unknown search parameter %q (known: %s)", key, strings.Join(searchKeys, ", "))
		}
	}
	if err := ix.flushForSearch(); err != nil {
		return nil, err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if err := ix.usable(); err != nil {
		return nil, err
	}
	nq, err := ix.rows(queries, "query")
	if err != nil {
		return nil, err
	}
	out := make([][]exact.Neighbor, nq)
	n := int(ix.info.ntotal)
	if nq == 0 || n == 0 {
		for i := range out {
			out[i] = []exact.Neighbor{}
		}
		return out, nil
	}
	if ef > 0 && ix.info.is_hnsw == 0 {
		return nil, fmt.Errorf("faiss backend: %s: efSearch given, but the index has no HNSW graph", ix.desc)
	}
	kk := min(k, n)
	if ix.info.is_hnsw != 0 {
		if ef == 0 {
			ef = ix.efBase
		}
		// FAISS 1.7.3 answers short when efSearch < k (about 267 of 500
		// results at efSearch 200 on 1-D data): search with at least k.
		ef = max(ef, kk)
		ix.ef.enter(ef, func(ef int) { C.ecg_set_ef_search(ix.c, C.int(ef)) })
		defer ix.ef.leave()
	}
	dist := make([]float32, nq*kk)
	labels := make([]int64, nq*kk)
	err = cerr(C.ecg_search(ix.c, C.int64_t(nq), cfloats(queries), C.int64_t(kk),
		C.int(nprobe), C.int(p.Threads),
		(*C.float)(unsafe.Pointer(&dist[0])), (*C.int64_t)(unsafe.Pointer(&labels[0]))))
	if err != nil {
		return nil, fmt.Errorf("faiss backend: %s: %w", ix.desc, err)
	}
	for q := range out {
		row := make([]exact.Neighbor, 0, kk)
		for j := q * kk; j < (q+1)*kk; j++ {
			if labels[j] >= 0 {
				row = append(row, exact.Neighbor{ID: labels[j], Dist: dist[j]})
			}
		}
		exact.Sort(row)
		out[q] = row
	}
	return out, nil
}

// flushForSearch builds the HNSW graph from buffered vectors, if any.
func (ix *Index) flushForSearch() error {
	ix.mu.RLock()
	pending := ix.c != nil && ix.info.pending > 0
	ix.mu.RUnlock()
	if !pending {
		return nil
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.c == nil || ix.info.pending == 0 {
		return nil
	}
	err := cerr(C.ecg_flush(ix.c, C.int(ix.threads)))
	C.ecg_get_info(ix.c, &ix.info)
	if err != nil {
		return fmt.Errorf("faiss backend: %s: %w", ix.desc, err)
	}
	return nil
}

// Bytes is the size FAISS's write_index gives the index (counted without
// writing), plus buffered HNSW vectors: the index's own arrays, without
// allocator overhead or spare vector capacity. It is 0 after Close. It waits
// for running searches, as write_index reads efSearch, which a search may set.
func (ix *Index) Bytes() int64 {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.c == nil {
		return 0
	}
	var n C.int64_t
	if err := cerr(C.ecg_serialized_bytes(ix.c, &n)); err != nil {
		// Counting never writes, so only a FAISS type without a writer
		// can fail here; report what the vectors alone take.
		return int64(ix.info.ntotal+ix.info.pending) * int64(ix.info.dim) * 4
	}
	return int64(n)
}

// Save writes the index to path with FAISS's write_index, after building
// the HNSW graph from buffered vectors.
func (ix *Index) Save(path string) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if err := ix.usable(); err != nil {
		return err
	}
	cs := C.CString(path)
	defer C.free(unsafe.Pointer(cs))
	err := cerr(C.ecg_write(ix.c, cs, C.int(ix.threads)))
	C.ecg_get_info(ix.c, &ix.info)
	if err != nil {
		return fmt.Errorf("faiss backend: %s: save %s: %w", ix.desc, path, err)
	}
	return nil
}

// Close frees the FAISS index. Closing twice is allowed; any other use after
// Close is an error. An index that is dropped without Close is freed by a
// runtime cleanup.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.c == nil {
		return nil
	}
	ix.cleanup.Stop()
	C.ecg_free(ix.c)
	ix.c = nil
	live.Add(-1)
	return nil
}

func (ix *Index) usable() error {
	if ix.c == nil {
		return fmt.Errorf("faiss backend: %s: index is closed", ix.desc)
	}
	return nil
}

// rows checks that data holds whole finite vectors of the index's width and
// returns how many.
func (ix *Index) rows(data []float32, what string) (int, error) {
	dim := int(ix.info.dim)
	if len(data)%dim != 0 {
		return 0, fmt.Errorf("faiss backend: %s: %d floats is not a multiple of dimension %d", ix.desc, len(data), dim)
	}
	for i, v := range data {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return 0, fmt.Errorf("faiss backend: %s: %s %d column %d is %v", ix.desc, what, i/dim, i%dim, v)
		}
	}
	return len(data) / dim, nil
}

// cfloats points C at data's first element; nil for an empty slice.
func cfloats(data []float32) *C.float {
	if len(data) == 0 {
		return nil
	}
	return (*C.float)(unsafe.Pointer(&data[0]))
}
