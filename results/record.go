// Package results defines the record of one trial — one configuration of
// dataset, index, strategy, query set and k, measured — and reads and writes
// the run files built from them: results.jsonl (every measure plus the raw
// per-query latencies and recalls), results.csv (the summary columns) and
// bench.txt (Go benchmark format, one line per repeat, for benchstat).
//
// Records are derived from raw per-query data, so a new metric needs no
// re-run: Summarize recomputes the summary fields from the raw fields.
package results

import "time"

// Trial status values.
const (
	StatusOK      = "ok"
	StatusTimeout = "timeout"
	StatusError   = "error"
)

// Record is one trial. Fields are grouped as: identity, configuration,
// summary measures, raw measures, provenance.
type Record struct {
	// Name is the benchmark name, e.g.
	// "Search/n=100000/index=faiss-hnsw32/strategy=hybrid-rerank/groups=hr+bp/k=100".
	// It is unique within a run and is the resume key.
	Name   string `json:"name"`
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`

	// Configuration.
	N        int               `json:"n"`
	Index    string            `json:"index"`   // index config name from the spec ("" for exact)
	Backend  string            `json:"backend"` // flat, faiss, hnsw ("" for exact)
	Build    map[string]any    `json:"build,omitempty"`
	Search   map[string]int    `json:"search,omitempty"` // efSearch, nprobe …
	Strategy string            `json:"strategy"`         // exact, single, hybrid, auto
	Fusion   string            `json:"fusion,omitempty"` // zscore, rrf, rerank
	Margin   float64           `json:"margin,omitempty"`
	Groups   []string          `json:"groups"`
	Weights  []float64         `json:"weights"`
	K        int               `json:"k"`
	Queries  int               `json:"queries"`
	Threads  int               `json:"threads"` // goroutines of the throughput pass
	Extra    map[string]string `json:"extra,omitempty"`

	// Summary measures (derived from the raw fields by Summarize).
	LatencyMeanNs float64 `json:"latency_mean_ns"`
	LatencyP50Ns  float64 `json:"latency_p50_ns"`
	LatencyP95Ns  float64 `json:"latency_p95_ns"`
	LatencyP99Ns  float64 `json:"latency_p99_ns"`
	QPS           float64 `json:"qps"` // measured with Threads goroutines
	RecallMean    float64 `json:"recall_mean"`
	RecallP5      float64 `json:"recall_p5"`
	RecallMin     float64 `json:"recall_min"`
	SameCluster   float64 `json:"same_cluster"`    // share of answers in the query's cluster
	ShortAnswers  int     `json:"short_answers"`   // queries answered with fewer than k results
	Candidates    float64 `json:"candidates_mean"` // candidates scored per query (strategies)

	BuildSeconds float64 `json:"build_seconds"`
	IndexBytes   int64   `json:"index_bytes"` // the indexes the trial searched
	// StrategyBytes is the memory the strategy holds: its indexes plus any
	// full matrix it keeps for re-ranking (exact: the matrix).
	StrategyBytes int64 `json:"strategy_bytes"`
	PeakRSSBytes  int64 `json:"peak_rss_bytes"`

	// Raw measures.
	// Repeats has one entry per timed pass over the query set.
	Repeats []Repeat `json:"repeats"`
	// LatenciesNs holds every single-thread query latency of every repeat,
	// repeat-major.
	LatenciesNs []float64 `json:"latencies_ns"`
	// Recalls holds the recall of each query (deterministic across repeats).
	Recalls []float64 `json:"recalls"`
	// SameClusterShares holds, per query, the share of its answers that
	// lie in the query's cluster; Summarize derives SameCluster from it.
	SameClusterShares []float64 `json:"same_cluster_shares,omitempty"`

	// Provenance.
	SpecName    string    `json:"spec_name"`
	SpecHash    string    `json:"spec_hash"`
	Fingerprint string    `json:"fingerprint"` // dataset fingerprint
	Commit      string    `json:"commit"`
	GoVersion   string    `json:"go_version"`
	CPU         string    `json:"cpu"`
	GOOS        string    `json:"goos,omitempty"`
	GOARCH      string    `json:"goarch,omitempty"`
	GOMAXPROCS  int       `json:"gomaxprocs"`
	Started     time.Time `json:"started"`
	Seconds     float64   `json:"seconds"` // wall time of the whole trial
}

// Repeat is one timed pass over the query set.
type Repeat struct {
	NsPerOp float64 `json:"ns_per_op"` // mean single-thread latency of the pass
	QPS     float64 `json:"qps"`       // throughput pass with Threads goroutines
}
