// Package faiss is the "faiss" index backend: FAISS 1.7.3 (Debian's
// libfaiss-dev, static) through ecgbench's own thin cgo layer.
//
// # Layers
//
// shim.h / shim.cpp are a small C interface over FAISS's C++ API: extern "C"
// functions that return NULL or a malloc'd error message, with every C++
// exception caught inside (a FAISS message such as "Error in … Clustering.cpp:
// … Number of training points (10) should be at least as large as number of
// clusters (64)" becomes a Go error that carries it). faiss.go wraps it as an
// index.Index; register.go registers the backend with build parameters
// factory (string, required), efConstruction (int, HNSW) and threads (int,
// OpenMP threads for Train and Add, 0 = all cores). Search parameters are
// efSearch (HNSW) and nprobe (IVF). The package needs cgo; nocgo.go registers
// a "faiss" backend that fails with a clear message in a CGO_ENABLED=0 build.
//
// # Threads
//
// OpenMP's thread count is a per-OS-thread setting and goroutines move
// between OS threads, so each C call that runs FAISS code sets the thread
// count itself (SearchParams.Threads, Options.Threads; 0 = all cores).
// OpenBLAS threads compete with OpenMP's: the package sets OpenBLAS to one
// thread at start-up unless OPENBLAS_NUM_THREADS is set (SetBLASThreads
// changes it); two BLAS threads never measured faster here, and IVF1024
// training took 3.0–3.6 s with one against 3.4–5.6 s with two. For one query
// at a time use Threads = 1: a 2-thread HNSW search of one query took
// 170–220 µs against 135 µs. OMP_WAIT_POLICY is read by libgomp when the
// process starts, so it can only be set in the environment: with the default
// (spinning) policy on a busy machine, a 2-thread Flat batch search ran 10×
// slower in 2 of 3 runs (1.1 s against 0.11 s: OpenMP barriers wait for a
// descheduled thread), and OMP_WAIT_POLICY=PASSIVE removed that. The README's
// FAISS section has the measurements.
//
// # FAISS 1.7.3 traps, and what the adapter does
//
//   - An HNSW graph built through several add() calls loses recall (20 K
//     vectors in 10 calls: recall@10 ≈ 0.89 whatever efSearch; 1 M in 10
//     calls: recall@100 ≈ 0.64). Add buffers HNSW vectors; Finish, or else
//     the next search or save, builds the graph with one add(). Vectors
//     added to a graph that already exists (after a search, or to a loaded
//     index) trigger a rebuild
//     from every vector, reconstructed from storage (exact for Flat storage,
//     decoded codes for SQ/PQ storage), again in one call.
//   - SearchParametersHNSW::efSearch is ignored: efSearch is a field of the
//     index. HNSW searches with the same efSearch run concurrently; one with
//     another value waits for them (efGate). nprobe does go per call
//     (SearchParametersIVF, through OPQ/PCA pre-transforms), so IVF searches
//     never wait for each other.
//   - With efSearch < k HNSW answers short (≈ 267 of 500 results at efSearch
//     200 on 1-D data): the adapter searches with efSearch = max(efSearch, k).
//   - A flat index computes the distances of 20 queries or more through BLAS
//     as |x|² + |q|² − 2x·q, off by ~1e-6 (4e-6 instead of 0 for a query
//     equal to a row) and different from the direct sums used for fewer
//     queries; IVF-PQ adds those coarse distances to its codes'. The shim
//     recomputes them directly (for Flat results and for a flat IVF
//     quantizer's probed centroids), so a query's answer does not depend on
//     the batch it came in or the thread count.
//   - Missing results come back as id -1: they are dropped, so an answer may
//     hold fewer than k neighbours (e.g. IVF with a small nprobe).
//   - Training with fewer points than centroids fails; the adapter says how
//     many it needs. Between that and 39 points per centroid FAISS only
//     prints a WARNING on stderr. "IVF…,PQ8" trains polysemous codes
//     (≈ 90 s at 100 K); "PQ8np" skips that.
//
// Answers are sorted by (distance, id) like exact search. Bytes is the size
// write_index would write. Close frees the index; an index dropped without
// Close is freed by a runtime cleanup after garbage collection.
package faiss
