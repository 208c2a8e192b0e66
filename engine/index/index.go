// Package index is the one interface every ANN backend of ecgbench sits
// behind, and the registry that builds a backend from parameters given as
// data (a TOML table). Backends live in their own packages (flat, faiss,
// hnsw) and register themselves in init; the conformance suite in
// indextest runs the same table of tests against each.
package index

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/ecgbench/ecgbench/engine/exact"
)

// Index is a vector index over squared Euclidean distance. Vectors are
// row-major float32; the i-th vector added gets id i.
type Index interface {
	// Dim is the vector width.
	Dim() int
	// Len is the number of vectors added.
	Len() int
	// Train fits what the index needs before Add (IVF centroids, PQ codes).
	// Indexes that need no training accept and ignore it.
	Train(data []float32) error
	// Add appends vectors; their ids follow on from Len.
	Add(data []float32) error
	// Search returns, for each query, up to k neighbours sorted by distance
	// then id, with squared-L2 distances. k > Len returns Len results.
	Search(queries []float32, k int, p SearchParams) ([][]exact.Neighbor, error)
	// Bytes is the memory the index holds, as well as the backend can tell.
	Bytes() int64
	// Save writes the index to path; the backend's Load reads it back.
	Save(path string) error
	// Close frees the index; it must not be used afterwards.
	Close() error
}

// Params are build parameters, as decoded from TOML: values are string,
// int64, float64 or bool.
type Params map[string]any

// SearchParams are per-search settings.
type SearchParams struct {
	// Values holds backend search parameters such as efSearch or nprobe.
	Values map[string]int
	// Threads is the number of threads a batch search may use; 0 means the
	// backend's default (all cores).
	Threads int
}

// Backend describes one registered backend.
type Backend struct {
	// Name is what specs call it: "flat", "faiss", "hnsw".
	Name string
	// New builds an empty index of width dim from build parameters. Unknown
	// or ill-typed parameters are errors naming the backend and the key.
	New func(dim int, p Params) (Index, error)
	// Load reads an index written by Save.
	Load func(path string) (Index, error)
	// SearchKeys are the SearchParams.Values keys the backend accepts.
	SearchKeys []string
}

var (
	mu       sync.Mutex
	backends = map[string]Backend{}
)

// Register makes a backend available by name. It panics on a duplicate name,
// which is a programming error.
func Register(b Backend) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := backends[b.Name]; dup {
		panic("index: backend registered twice: " + b.Name)
	}
	backends[b.Name] = b
}

// Lookup returns the backend called name.
func Lookup(name string) (Backend, error) {
	mu.Lock()
	defer mu.Unlock()
	b, ok := backends[name]
	if !ok {
		return Backend{}, fmt.Errorf("unknown index backend %q (known: %s)", name, strings.Join(namesLocked(), ", "))
	}
	return b, nil
}

// Names lists the registered backends, sorted.
func Names() []string {
	mu.Lock()
	defer mu.Unlock()
	return namesLocked()
}

func namesLocked() []string {
	var out []string
	for n := range backends {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// New builds an index with the named backend.
func New(backend string, dim int, p Params) (Index, error) {
	b, err := Lookup(backend)
	if err != nil {
		return nil, err
	}
	return b.New(dim, p)
}

// CheckSearchParams reports search parameter keys the backend does not know.
func (b Backend) CheckSearchParams(p map[string]int) error {
	for k := range p {
		ok := false
		for _, s := range b.SearchKeys {
			ok = ok || s == k
		}
		if !ok {
			return fmt.Errorf("backend %s: unknown search parameter %q (known: %s)", b.Name, k, strings.Join(b.SearchKeys, ", "))
		}
	}
	return nil
}

// Finisher is implemented by indexes that defer work from Add to their
// first search (the FAISS adapter adds HNSW vectors in one call, because
// FAISS 1.7.3 loses recall over several). Finish does that work now.
type Finisher interface {
	Finish() error
}

// Finish completes a build: it calls idx.Finish when the index defers
// work, so that build timings include it, and does nothing otherwise.
func Finish(idx Index) error {
	if f, ok := idx.(Finisher); ok {
		return f.Finish()
	}
	return nil
}
