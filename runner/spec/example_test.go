package spec_test

import (
	"fmt"

	"github.com/ecgbench/ecgbench/runner/spec"
)

// A spec with one index config and two strategies expands into one trial
// per dataset size, strategy, index config, group set, k and sweep point.
func Example() {
	s, err := spec.Parse("example.toml", []byte(`
name = "example"

[dataset]
sizes = [10_000]

[queries]
k = [10]
groups = [["heart_rate", "beat_props"]]

[[index]]
name = "hnsw16"
backend = "hnsw"
build = { M = 16 }
search = { efSearch = [32, 64] }

[[strategy]]
kind = "exact"

[[strategy]]
kind = "hybrid"
index = ["hnsw16"]
group_index = { heart_rate = "flat" }
fusion = ["rerank"]
margin = [4]

[[index]]
name = "flat"
backend = "flat"
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range s.Trials() {
		fmt.Println(t.Name)
	}
	for _, b := range s.Builds() {
		fmt.Println(b.Key, b.Dim)
	}
	// Output:
	// Search/n=10000/strategy=exact/groups=hr+bp/k=10/threads=1
	// Search/n=10000/index=hnsw16+hr:flat/strategy=hybrid-rerank/groups=hr+bp/k=10/efSearch=32/margin=4/threads=1
	// Search/n=10000/index=hnsw16+hr:flat/strategy=hybrid-rerank/groups=hr+bp/k=10/efSearch=64/margin=4/threads=1
	// n=10000/group=heart_rate/backend=flat/params= 1
	// n=10000/group=beat_props/backend=hnsw/params=M=16 5
}

// Every problem of a spec comes back at once, each with its file, line and
// key.
func ExampleParse_errors() {
	_, err := spec.Parse("bad.toml", []byte(`
name = "bad"
seed = -1

[dataset]
sizes = [10_000, 0]
pca = 80

[[strategy]]
kind = "hybrid"
index = ["faiss-hnsw32"]
fusion = ["max"]
`))
	fmt.Println(err)
	// Output:
	// bad.toml:3: seed: -1 is too small, want an integer ≥ 0
	// bad.toml:6: dataset.sizes[1]: 0 is too small, want an integer ≥ 1
	// bad.toml:7: dataset.pca: 80 components of a 64-wide embedding: want 1..embedding_dim
	// bad.toml:11: strategy[0].index[0]: unknown index config "faiss-hnsw32": the spec has no [[index]] tables
	// bad.toml:12: strategy[0].fusion[0]: "max": want zscore, rrf or rerank
}
