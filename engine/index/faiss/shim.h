//go:build cgo

// shim.h is ecgbench's thin C interface over FAISS's C++ API (libfaiss-dev
// 1.7.3). Every function that can fail returns NULL on success or an error
// message allocated with malloc, which the caller frees; no C++ exception
// crosses this boundary.

#ifndef ECGBENCH_FAISS_SHIM_H
#define ECGBENCH_FAISS_SHIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// ecg_index is an opaque handle: a faiss::Index plus the HNSW vectors waiting
// to be added in one call.
typedef struct ecg_index ecg_index;

// ecg_info describes an index.
typedef struct {
	int dim;
	int64_t ntotal;  // vectors in the FAISS index
	int64_t pending; // HNSW vectors buffered, not yet in the graph
	int is_trained;
	int is_hnsw;   // the searched index (after any pre-transform) is an HNSW graph
	int ef_search; // that graph's efSearch
	int64_t min_train; // fewest training vectors the index accepts (0: no training)
} ecg_info;

// ecg_new builds an empty index from a FAISS factory string, L2 metric.
// ef_construction > 0 sets HNSW's efConstruction (an error if there is no HNSW).
char* ecg_new(const char* factory, int dim, int ef_construction, ecg_index** out);

// ecg_read loads an index written by ecg_write.
char* ecg_read(const char* path, ecg_index** out);

// ecg_write flushes buffered vectors (with threads) and writes the index.
char* ecg_write(ecg_index* ix, const char* path, int threads);

// ecg_free releases the index; NULL is ignored.
void ecg_free(ecg_index* ix);

// ecg_get_info fills out.
void ecg_get_info(const ecg_index* ix, ecg_info* out);

// ecg_train trains on n vectors with threads OpenMP threads (0: all cores).
char* ecg_train(ecg_index* ix, int64_t n, const float* x, int threads);

// ecg_add adds n vectors. For an HNSW index the vectors are buffered until
// ecg_flush, because FAISS 1.7.3 builds a worse graph from several add calls.
char* ecg_add(ecg_index* ix, int64_t n, const float* x, int threads);

// ecg_flush adds the buffered HNSW vectors in one call. When the graph already
// holds vectors it is rebuilt from them (reconstructed from storage) plus the
// new ones, again in one add call.
char* ecg_flush(ecg_index* ix, int threads);

// ecg_set_ef_search sets the efSearch of the index's HNSW graph, if any.
// FAISS 1.7.3 has no per-call efSearch: the caller must not search at the
// same time.
void ecg_set_ef_search(ecg_index* ix, int ef_search);

// ecg_search searches n queries for k neighbours each, writing n*k distances
// and labels (-1 where FAISS found fewer than k). nprobe <= 0 keeps the
// index's own; nprobe is passed per call (faiss::SearchParametersIVF), so
// concurrent searches with different nprobe do not interfere.
char* ecg_search(const ecg_index* ix, int64_t n, const float* x, int64_t k,
		int nprobe, int threads, float* distances, int64_t* labels);

// ecg_serialized_bytes is the number of bytes write_index produces, counted
// without writing, plus the buffered vectors.
char* ecg_serialized_bytes(const ecg_index* ix, int64_t* out);

// ecg_set_blas_threads sets OpenBLAS's thread count for the process.
void ecg_set_blas_threads(int n);

// ecg_blas_threads is OpenBLAS's current thread count.
int ecg_blas_threads(void);

// ecg_num_procs is the number of cores OpenMP sees.
int ecg_num_procs(void);

#ifdef __cplusplus
}
#endif

#endif
