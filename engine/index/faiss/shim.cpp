//go:build cgo

// shim.cpp implements shim.h over FAISS 1.7.3's C++ API. Each exported
// function runs its body inside guard, which turns every C++ exception into a
// malloc'd message. OpenMP's thread count is a per-OS-thread setting and Go
// moves goroutines between OS threads, so every call that may run parallel
// FAISS code sets the thread count itself, inside the same C call.

#include "shim.h"

#include <faiss/Index.h>
#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVF.h>
#include <faiss/IndexIVFPQ.h>
#include <faiss/IndexPQ.h>
#include <faiss/IndexPreTransform.h>
#include <faiss/VectorTransform.h>
#include <faiss/impl/io.h>
#include <faiss/index_factory.h>
#include <faiss/index_io.h>
#include <faiss/utils/distances.h>
#include <omp.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

extern "C" void openblas_set_num_threads(int);
extern "C" int openblas_get_num_threads(void);

struct ecg_index {
	faiss::Index* idx = nullptr;
	// HNSW vectors not yet in the graph, row-major, in input space.
	std::vector<float> pending;
	~ecg_index() { delete idx; }
};

namespace {

typedef faiss::Index::idx_t idx_t;

// guard runs f and returns NULL, or the message of the exception it threw.
template <class F>
char* guard(const char* what, F f) {
	try {
		f();
		return nullptr;
	} catch (const std::exception& e) {
		return strdup((std::string(what) + ": " + e.what()).c_str());
	} catch (...) {
		return strdup((std::string(what) + ": unknown C++ exception").c_str());
	}
}

void set_threads(int threads) {
	omp_set_num_threads(threads > 0 ? threads : omp_get_num_procs());
}

// hnsw_core is the HNSW graph that answers searches, looking through one
// pre-transform (OPQ, PCA); *pt is that pre-transform or NULL.
faiss::IndexHNSW* hnsw_core(faiss::Index* idx, faiss::IndexPreTransform** pt) {
	*pt = dynamic_cast<faiss::IndexPreTransform*>(idx);
	if (*pt) {
		idx = (*pt)->index;
	}
	return dynamic_cast<faiss::IndexHNSW*>(idx);
}

// min_train is the fewest training vectors idx accepts: one per k-means
// centroid of its IVF lists and of its product quantizers.
int64_t min_train(const faiss::Index* idx) {
	int64_t m = 1;
	if (auto p = dynamic_cast<const faiss::IndexPreTransform*>(idx)) {
		for (auto* vt : p->chain) {
			if (dynamic_cast<const faiss::OPQMatrix*>(vt)) {
				m = std::max<int64_t>(m, 256); // OPQ trains an 8-bit PQ
			}
		}
		return std::max(m, min_train(p->index));
	}
	if (auto ivf = dynamic_cast<const faiss::IndexIVF*>(idx)) {
		m = std::max<int64_t>(m, ivf->nlist);
	}
	if (auto ivfpq = dynamic_cast<const faiss::IndexIVFPQ*>(idx)) {
		m = std::max<int64_t>(m, ivfpq->pq.ksub);
	}
	if (auto pq = dynamic_cast<const faiss::IndexPQ*>(idx)) {
		m = std::max<int64_t>(m, pq->pq.ksub);
	}
	if (auto h = dynamic_cast<const faiss::IndexHNSW*>(idx)) {
		m = std::max(m, min_train(h->storage));
	}
	return m;
}

// ParamTree builds, per call, the faiss::SearchParameters tree that mirrors
// the index structure down to its inverted lists, and owns it. (1.7.3 reads
// SearchParametersHNSW::efSearch nowhere: HNSW's efSearch is a field of the
// index, set by ecg_set_ef_search.)
struct ParamTree {
	std::vector<std::unique_ptr<faiss::SearchParameters>> owned;

	template <class T>
	T* make() {
		T* p = new T;
		owned.emplace_back(p);
		return p;
	}

	bool nprobe_used = false;

	// build returns the parameters for idx, or NULL when idx takes none.
	// nprobe <= 0 keeps each IVF's own.
	faiss::SearchParameters* build(const faiss::Index* idx, int nprobe) {
		if (auto p = dynamic_cast<const faiss::IndexPreTransform*>(idx)) {
			faiss::SearchParameters* inner = build(p->index, nprobe);
			if (!inner) {
				return nullptr;
			}
			auto* sp = make<faiss::SearchParametersPreTransform>();
			sp->index_params = inner;
			return sp;
		}
		if (auto ivf = dynamic_cast<const faiss::IndexIVF*>(idx)) {
			auto* sp = make<faiss::SearchParametersIVF>();
			sp->nprobe = ivf->nprobe;
			if (nprobe > 0) {
				sp->nprobe = nprobe;
				nprobe_used = true;
			}
			sp->nprobe = std::min(sp->nprobe, ivf->nlist);
			sp->max_codes = ivf->max_codes;
			// An HNSW quantizer keeps its own efSearch; FAISS raises it
			// to nprobe.
			sp->quantizer_params = build(ivf->quantizer, 0);
			return sp;
		}
		return nullptr;
	}
};

// CountingWriter counts the bytes write_index produces and stores none.
struct CountingWriter : faiss::IOWriter {
	size_t n = 0;
	size_t operator()(const void*, size_t size, size_t nitems) override {
		n += size * nitems;
		return nitems;
	}
};

// Batch-independent answers. A flat index (searched directly, or as an IVF
// quantizer) computes the distances of 20 queries or more as
// |x|² + |q|² - 2x·q through BLAS: off by ~1e-6 (4e-6 for an identical
// vector), and different from the direct computation used for fewer
// queries. search_any recomputes those distances directly, so the answer to
// a query does not depend on the batch it came in, nor on the thread count.

// rescore_flat replaces the distances flat returned by direct ones.
void rescore_flat(const faiss::IndexFlat* flat, idx_t n, const float* x, idx_t k, float* D, const idx_t* I) {
	const float* xb = flat->get_xb();
	const size_t d = flat->d;
	for (idx_t i = 0; i < n * k; i++) {
		if (I[i] >= 0) {
			D[i] = faiss::fvec_L2sqr(x + (i / k) * d, xb + I[i] * d, d);
		}
	}
}

// search_ivf is IndexIVF::search (one slice of queries per thread, each
// assigned to lists by the quantizer, then scanned) with the distances to
// the probed centroids of a flat quantizer recomputed directly: IVF-PQ adds
// them to its codes' distances.
void search_ivf(const faiss::IndexIVF* ivf, idx_t n, const float* x, idx_t k, float* D, idx_t* I,
		const faiss::SearchParametersIVF* sp) {
	const size_t nprobe = sp->nprobe;
	const size_t d = ivf->d;
	const auto* flat = dynamic_cast<const faiss::IndexFlat*>(ivf->quantizer);
	const int nt = (int)std::max<idx_t>(1, std::min<idx_t>(omp_get_max_threads(), n));
	std::mutex mu;
	std::string failure;
#pragma omp parallel for if (nt > 1) num_threads(nt)
	for (int s = 0; s < nt; s++) {
		const idx_t i0 = n * s / nt, i1 = n * (s + 1) / nt;
		if (i1 <= i0) {
			continue;
		}
		try {
			const idx_t m = i1 - i0;
			const float* xs = x + i0 * d;
			std::vector<idx_t> assign(m * nprobe);
			std::vector<float> cdis(m * nprobe);
			ivf->quantizer->search(m, xs, nprobe, cdis.data(), assign.data(), sp->quantizer_params);
			if (flat) {
				rescore_flat(flat, m, xs, nprobe, cdis.data(), assign.data());
			}
			ivf->search_preassigned(m, xs, k, assign.data(), cdis.data(), D + i0 * k, I + i0 * k, false, sp);
		} catch (const std::exception& e) {
			std::lock_guard<std::mutex> lock(mu);
			failure = e.what();
		} catch (...) {
			std::lock_guard<std::mutex> lock(mu);
			failure = "unknown C++ exception";
		}
	}
	if (!failure.empty()) {
		throw std::runtime_error(failure);
	}
}

// search_any searches idx with the parameters ParamTree built for it.
void search_any(const faiss::Index* idx, idx_t n, const float* x, idx_t k, float* D, idx_t* I,
		const faiss::SearchParameters* sp) {
	if (auto p = dynamic_cast<const faiss::IndexPreTransform*>(idx)) {
		const float* xt = p->apply_chain(n, x);
		std::unique_ptr<const float[]> del(xt == x ? nullptr : xt);
		auto* spt = dynamic_cast<const faiss::SearchParametersPreTransform*>(sp);
		search_any(p->index, n, xt, k, D, I, spt ? spt->index_params : nullptr);
		return;
	}
	auto* spi = dynamic_cast<const faiss::SearchParametersIVF*>(sp);
	if (auto ivf = dynamic_cast<const faiss::IndexIVF*>(idx); ivf && spi) {
		search_ivf(ivf, n, x, k, D, I, spi);
		return;
	}
	idx->search(n, x, k, D, I, sp);
	if (auto flat = dynamic_cast<const faiss::IndexFlat*>(idx)) {
		rescore_flat(flat, n, x, k, D, I);
	}
}

void flush(ecg_index* ix, int threads) {
	if (ix->pending.empty()) {
		return;
	}
	faiss::IndexPreTransform* pt;
	faiss::IndexHNSW* h = hnsw_core(ix->idx, &pt);
	if (!h) {
		throw std::logic_error("ecgbench shim: vectors buffered for an index without HNSW graph");
	}
	set_threads(threads);
	const idx_t n = (idx_t)(ix->pending.size() / ix->idx->d);
	if (h->ntotal == 0) {
		ix->idx->add(n, ix->pending.data());
	} else {
		// FAISS 1.7.3 links a second add() call poorly into the graph:
		// rebuild from every vector in one call instead.
		const float* xt = ix->pending.data();
		std::unique_ptr<const float[]> del;
		if (pt) {
			xt = pt->apply_chain(n, xt);
			if (xt != ix->pending.data()) {
				del.reset(xt);
			}
		}
		const size_t d = h->d;
		const idx_t n0 = h->ntotal;
		std::vector<float> all((n0 + n) * d);
		h->reconstruct_n(0, n0, all.data());
		std::copy(xt, xt + n * d, all.begin() + n0 * d);
		h->reset();
		h->add(n0 + n, all.data());
		if (pt) {
			pt->ntotal = h->ntotal;
		}
	}
	std::vector<float>().swap(ix->pending);
}

} // namespace

extern "C" {

char* ecg_new(const char* factory, int dim, int ef_construction, ecg_index** out) {
	*out = nullptr;
	return guard("index_factory", [&] {
		std::unique_ptr<ecg_index> ix(new ecg_index);
		ix->idx = faiss::index_factory(dim, factory, faiss::METRIC_L2);
		if (ef_construction > 0) {
			faiss::IndexPreTransform* pt;
			faiss::IndexHNSW* h = hnsw_core(ix->idx, &pt);
			if (!h) {
				throw std::invalid_argument("efConstruction given, but the index has no HNSW graph");
			}
			h->hnsw.efConstruction = ef_construction;
		}
		*out = ix.release();
	});
}

char* ecg_read(const char* path, ecg_index** out) {
	*out = nullptr;
	return guard("read_index", [&] {
		std::unique_ptr<ecg_index> ix(new ecg_index);
		ix->idx = faiss::read_index(path);
		*out = ix.release();
	});
}

char* ecg_write(ecg_index* ix, const char* path, int threads) {
	return guard("write_index", [&] {
		flush(ix, threads);
		faiss::write_index(ix->idx, path);
	});
}

void ecg_free(ecg_index* ix) {
	delete ix;
}

void ecg_get_info(const ecg_index* ix, ecg_info* out) {
	faiss::IndexPreTransform* pt;
	out->dim = ix->idx->d;
	out->ntotal = ix->idx->ntotal;
	out->pending = (int64_t)(ix->pending.size() / ix->idx->d);
	out->is_trained = ix->idx->is_trained;
	faiss::IndexHNSW* h = hnsw_core(ix->idx, &pt);
	out->is_hnsw = h != nullptr;
	out->ef_search = h ? h->hnsw.efSearch : 0;
	out->min_train = ix->idx->is_trained ? 0 : min_train(ix->idx);
}

char* ecg_train(ecg_index* ix, int64_t n, const float* x, int threads) {
	return guard("train", [&] {
		set_threads(threads);
		ix->idx->train(n, x);
	});
}

char* ecg_add(ecg_index* ix, int64_t n, const float* x, int threads) {
	return guard("add", [&] {
		if (!ix->idx->is_trained) {
			throw std::invalid_argument("the index is not trained: call Train before Add");
		}
		faiss::IndexPreTransform* pt;
		if (hnsw_core(ix->idx, &pt)) {
			ix->pending.insert(ix->pending.end(), x, x + n * ix->idx->d);
			return;
		}
		set_threads(threads);
		ix->idx->add(n, x);
	});
}

char* ecg_flush(ecg_index* ix, int threads) {
	return guard("add", [&] { flush(ix, threads); });
}

void ecg_set_ef_search(ecg_index* ix, int ef_search) {
	faiss::IndexPreTransform* pt;
	if (faiss::IndexHNSW* h = hnsw_core(ix->idx, &pt)) {
		h->hnsw.efSearch = ef_search;
	}
}

char* ecg_search(const ecg_index* ix, int64_t n, const float* x, int64_t k,
		int nprobe, int threads, float* distances, int64_t* labels) {
	return guard("search", [&] {
		ParamTree tree;
		faiss::SearchParameters* sp = tree.build(ix->idx, nprobe);
		if (nprobe > 0 && !tree.nprobe_used) {
			throw std::invalid_argument("nprobe given, but the index has no inverted lists (IVF)");
		}
		set_threads(threads);
		search_any(ix->idx, n, x, k, distances, labels, sp);
	});
}

char* ecg_serialized_bytes(const ecg_index* ix, int64_t* out) {
	return guard("write_index", [&] {
		CountingWriter w;
		faiss::write_index(ix->idx, &w);
		*out = (int64_t)(w.n + ix->pending.size() * sizeof(float));
	});
}

void ecg_set_blas_threads(int n) {
	openblas_set_num_threads(n);
}

int ecg_blas_threads(void) {
	return openblas_get_num_threads();
}

int ecg_num_procs(void) {
	return omp_get_num_procs();
}

} // extern "C"
