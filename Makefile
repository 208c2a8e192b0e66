# ecgbench — see README.md. `make bench` runs the main job, `make test` the tests.
GO  ?= go
BIN := bin/ecgbench
# FAISS through OpenBLAS: one BLAS thread, the OpenMP threads do the work
# (see the FAISS section of README.md).
export OPENBLAS_NUM_THREADS ?= 1
# Idle OpenMP threads sleep instead of spinning: spinning threads stalled
# single-query timings on these 2-core machines (README, FAISS section).
export OMP_WAIT_POLICY ?= PASSIVE

.PHONY: deps deps-browser build test bench bench-check baseline vet clean

deps:
	@scripts/deps.sh

deps-browser:
	@scripts/deps.sh chromium fonts-liberation

$(BIN): deps $(shell find . -name '*.go' -o -name '*.cpp' -o -name '*.h' | grep -v '^./bin') go.mod go.sum
	$(GO) build -o $(BIN) ./cmd/ecgbench

build: $(BIN)
	CGO_ENABLED=0 $(GO) build ./...

vet: deps
	$(GO) vet ./...

# Unit, conformance and end-to-end tests with cgo (FAISS), the concurrency
# tests under the race detector, and everything again without cgo.
test: deps deps-browser vet
	$(GO) test -count=1 ./...
	$(GO) test -count=1 -race ./engine/exact/ ./engine/index/... ./engine/search/
	CGO_ENABLED=0 $(GO) vet ./...
	CGO_ENABLED=0 $(GO) test -count=1 ./...

# The main job: experiments/default.toml end to end, then its report.
bench: $(BIN)
	@dir=$$($(BIN) run experiments/default.toml) && $(BIN) report $$dir

# The CI regression gate: a small spec compared with the committed baseline.
bench-check: $(BIN)
	$(BIN) run -out runs/ci experiments/ci.toml
	$(BIN) compare -gate experiments/gate/ci.toml results/baseline/bench.txt runs/ci/bench.txt

# Refresh the baseline on purpose (commit results/baseline/bench.txt after).
baseline: $(BIN)
	$(BIN) run -force -out runs/ci experiments/ci.toml
	mkdir -p results/baseline && cp runs/ci/bench.txt results/baseline/bench.txt

clean:
	rm -rf bin runs .cache
