# ecgbench — see README.md. `make bench` runs the main job, `make test` the tests.
GO      ?= go
export OPENBLAS_NUM_THREADS ?= 1

.PHONY: deps build test test-nocgo bench vet

deps:
	@scripts/deps.sh

build: deps
	$(GO) build ./...
	CGO_ENABLED=0 $(GO) build ./...

vet: deps
	$(GO) vet ./...

test: deps vet
	$(GO) test -count=1 ./...
	CGO_ENABLED=0 $(GO) test -count=1 ./...

bench: deps
	$(GO) test -run '^$$' -bench . -benchtime 3x ./engine/cohort/ ./engine/exact/
