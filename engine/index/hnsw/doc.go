// Package hnsw is ecgbench's adapter for github.com/coder/hnsw v0.6.1, a
// pure-Go HNSW graph, registered as the backend "hnsw".
//
// # Pipeline
//
// New makes a coder.Graph keyed by row id with a seeded level generator and
// squared Euclidean distance (squaredL2, registered with the library so
// Export can name it). Add copies each batch and inserts its rows one by one
// with the library's EfSearch set to EfConstruction, restoring it afterwards.
// Search validates the queries, takes a shallow copy of the graph header
// with EfSearch set to the search's efSearch (so concurrent searches with
// different efSearch need no lock: the library's Search only reads the
// shared layers), asks the library for max(k, efSearch) nodes, computes their
// exact squared-L2 distances with exact.L2 and keeps the best k sorted by
// (distance, id). Save wraps the library's Export in a header holding what it
// lacks (width, efConstruction, seed) and a CRC-32C; Load checks both before
// Import. Library panics become errors at this boundary.
//
// # What the library gets wrong, and what the adapter can do about it
//
// v0.6.1 is the only version the module proxy serves. Its layer search
// keeps a result set bounded by k rather than ef, evicts the last element of
// a min-heap's array believing it is the maximum (heap Max), bounds the
// candidate queue the same way, and stops as soon as one expansion does not
// improve the single best distance. Its Add uses the same search with k = M,
// and refills pruned neighbour lists with cosine distance whatever the
// graph's distance. None of this can be patched from outside; the adapter:
//
//   - asks for max(k, efSearch) results, which bounds the result set by ef
//     as HNSW intends and, through the stop rule, lets the search run longer:
//     the main gain (recall@10 at 20 K vectors, efSearch 64: 0.23 → 0.38);
//   - sorts those results by exact distance before keeping k, instead of
//     taking the library's heap order (0.38 → 0.41 at efSearch 64, 0.56 →
//     0.69 at efSearch 400).
//
// EfSearch alone changes nothing: the library's Search(q, k) gave recall@10
// 0.227 at every efSearch from 10 to 400 in the same measurement. The
// benchmarks measure all three modes; the README has the figures. The graph
// is not reproducible even with a seed: the library picks insertion entry
// points and refill order by walking Go maps, whose order is random.
package hnsw
