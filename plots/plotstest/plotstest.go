// Package plotstest makes realistic, deterministic result records and a
// small preprocessed cohort for the tests of the packages that read runs
// (plots, report). The records come from a simple cost and accuracy model
// of the strategies and backends, not from measurements: they have the
// shape of a real run (sweeps, raw per-query latencies and recalls, summary
// fields derived by results.Summarize, provenance, one timed-out trial) so
// figures and tables can be checked without running anything.
package plotstest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/ecgbench/ecgbench/engine/schema"
	"github.com/ecgbench/ecgbench/results"
)

// GroupSet is one query workload: groups, their weights, and the name of
// the weight set when the weights are not uniform.
type GroupSet struct {
	Groups     []string
	Weights    []float64
	WeightName string
}

// ReferenceGroupSets are the seven group sets the reference benchmarked.
var ReferenceGroupSets = []GroupSet{
	{Groups: []string{"heart_rate"}, Weights: []float64{1}},
	{Groups: []string{"risk_scores"}, Weights: []float64{1}},
	{Groups: []string{"embedding", "heart_rate"}, Weights: []float64{1, 1}},
	{Groups: []string{"beat_props", "risk_scores"}, Weights: []float64{1, 1}},
	{Groups: []string{"embedding", "heart_rate", "risk_scores"}, Weights: []float64{1, 1, 1}},
	{Groups: []string{"embedding", "beat_props", "risk_scores"}, Weights: []float64{1, 1, 1}},
	{Groups: []string{"heart_rate", "risk_scores", "embedding", "beat_props"}, Weights: []float64{1, 1, 1, 1}},
}

// Grid chooses which trials Records makes.
type Grid struct {
	Sizes     []int
	Ks        []int
	GroupSets []GroupSet
	// Indexes names the index configs, among "flat", "faiss-hnsw32" and
	// "hnsw"; "hnsw" runs only at sizes ≤ 10 000 (as a spec would cap the
	// single-threaded coder/hnsw build).
	Indexes []string
	Threads int
	Queries int
	Repeats int
	// TimeoutAt names the one trial recorded as timed out: the first trial
	// whose name contains this string ("" for none).
	TimeoutAt string
}

// DefaultGrid is a realistic run: sizes 10 K and 100 K, k 10 and 100, the
// seven reference group sets, the three index configs, 2 threads, and the
// slowest hybrid-rerank trial at 100 K timed out.
func DefaultGrid() Grid {
	return Grid{
		Sizes:     []int{10_000, 100_000},
		Ks:        []int{10, 100},
		GroupSets: ReferenceGroupSets,
		Indexes:   []string{"flat", "faiss-hnsw32", "hnsw"},
		Threads:   2,
		Queries:   20,
		Repeats:   2,
		TimeoutAt: "n=100000/index=faiss-hnsw32/strategy=hybrid-rerank/groups=hr+risk+emb+bp/k=100/efSearch=256/margin=4/",
	}
}

// SmallGrid is a small run for golden tests: two sizes, two k, three group
// sets (one weighted), flat and faiss-hnsw32.
func SmallGrid() Grid {
	return Grid{
		Sizes: []int{10_000, 100_000},
		Ks:    []int{10, 100},
		GroupSets: []GroupSet{
			{Groups: []string{"heart_rate"}, Weights: []float64{1}},
			{Groups: []string{"embedding", "heart_rate"}, Weights: []float64{1, 1}},
			{Groups: []string{"beat_props", "heart_rate"}, Weights: []float64{2, 1}, WeightName: "bp-x2"},
		},
		Indexes:   []string{"flat", "faiss-hnsw32"},
		Threads:   2,
		Queries:   10,
		Repeats:   2,
		TimeoutAt: "n=100000/index=faiss-hnsw32/strategy=hybrid-rrf/groups=emb+hr/k=100/efSearch=256/margin=2/",
	}
}

// groupWidth is the width of each group after preprocessing.
var groupWidth = map[string]int{"heart_rate": 1, "risk_scores": 5, "embedding": 5, "beat_props": 5}

type indexConfig struct {
	name, backend, param string
	sweep                []int
	maxN                 int
}

var indexConfigs = map[string]indexConfig{
	"flat":         {name: "flat", backend: "flat"},
	"faiss-hnsw32": {name: "faiss-hnsw32", backend: "faiss", param: "efSearch", sweep: []int{16, 64, 256}},
	"hnsw":         {name: "hnsw", backend: "hnsw", param: "ef", sweep: []int{16, 64}, maxN: 10_000},
}

var (
	fusions = []string{"zscore", "rrf", "rerank"}
	margins = []float64{2, 4}
	start   = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
)

// Records returns the records of a run over g, in run order, with summary
// fields derived from the raw ones by results.Summarize.
func Records(g Grid) []results.Record {
	rng := rand.New(rand.NewPCG(42, 6))
	var recs []results.Record
	clock := start
	add := func(r results.Record) {
		r.Started = clock
		clock = clock.Add(time.Duration(r.Seconds * float64(time.Second)))
		recs = append(recs, r)
	}
	for _, n := range g.Sizes {
		for _, k := range g.Ks {
			for _, gs := range g.GroupSets {
				add(g.trial(rng, n, k, gs, indexConfig{}, "exact", "", 0, 0))
				for _, name := range g.Indexes {
					ic, ok := indexConfigs[name]
					if !ok {
						panic(fmt.Sprintf("plotstest: unknown index config %q", name))
					}
					if ic.maxN > 0 && n > ic.maxN {
						continue
					}
					sweep := ic.sweep
					if sweep == nil {
						sweep = []int{0}
					}
					for _, p := range sweep {
						for i, m := range margins {
							// Like the runner, a trial where the margin does
							// not apply runs once, without one.
							if m, ok := marginFor("single", gs, m, i); ok {
								add(g.trial(rng, n, k, gs, ic, "single", "", p, m))
							}
							for _, f := range fusions {
								if m, ok := marginFor("hybrid", gs, m, i); ok {
									add(g.trial(rng, n, k, gs, ic, "hybrid", f, p, m))
								}
							}
						}
					}
				}
			}
		}
	}
	return recs
}

// marginFor returns the margin a trial records: none where it does not
// apply (single on an equal-weight query of every group goes straight to
// its index; hybrid on one group asks that group's index for k answers),
// and then only for the first margin of the sweep (i = 0).
func marginFor(strategy string, gs GroupSet, m float64, i int) (float64, bool) {
	direct := false
	switch strategy {
	case "single":
		direct = len(gs.Groups) == 4 && gs.WeightName == ""
	case "hybrid":
		direct = len(gs.Groups) == 1
	}
	if direct {
		return 0, i == 0
	}
	return m, true
}

// trial makes one record from the model.
func (g Grid) trial(rng *rand.Rand, n, k int, gs GroupSet, ic indexConfig, strategy, fusion string, param int, margin float64) results.Record {
	short := make([]string, len(gs.Groups))
	for i, name := range gs.Groups {
		short[i] = schema.Abbrev(name)
	}
	groupsLabel := strings.Join(short, "+")
	stratLabel := strategy
	if fusion != "" {
		stratLabel += "-" + fusion
	}
	// Named like the runner's trials.
	name := fmt.Sprintf("Search/n=%d/index=%s/strategy=%s/groups=%s", n, ic.name, stratLabel, groupsLabel)
	if strategy == "exact" {
		name = fmt.Sprintf("Search/n=%d/strategy=exact/groups=%s", n, groupsLabel)
	}
	weightSet := "uniform"
	if gs.WeightName != "" {
		weightSet = gs.WeightName
		name += "/weights=" + gs.WeightName
	}
	name += fmt.Sprintf("/k=%d", k)
	var search map[string]int
	if ic.param != "" {
		search = map[string]int{ic.param: param}
		name += fmt.Sprintf("/%s=%d", ic.param, param)
	}
	if margin > 0 {
		name += fmt.Sprintf("/margin=%g", margin)
	}
	name += fmt.Sprintf("/threads=%d", g.Threads)
	r := results.Record{
		Name: name, Status: results.StatusOK,
		N: n, Index: ic.name, Backend: ic.backend, Search: search,
		Strategy: strategy, Fusion: fusion, Margin: margin,
		Groups: gs.Groups, Weights: gs.Weights, K: k,
		Queries: g.Queries, Threads: g.Threads,
		Extra:    map[string]string{"groups_label": groupsLabel, "route": strategy, "weights": weightSet},
		SpecName: "default", SpecHash: "5f3a9c2e7b1d4e60",
		Fingerprint: fmt.Sprintf("cohort-%x", n*2654435761%(1<<32)),
		Commit:      "d094041", GoVersion: "go1.26.8", CPU: "AMD EPYC 7B13", GOOS: "linux", GOARCH: "amd64",
		GOMAXPROCS: 2,
	}
	if ic.backend != "" {
		r.Build = map[string]any{"factory": ic.name}
	}
	if g.TimeoutAt != "" && strings.Contains(name, g.TimeoutAt) {
		r.Status = results.StatusTimeout
		r.Error = "trial exceeded the run timeout of 20m0s"
		r.Seconds = 1200
		return r
	}
	lat, recall := model(n, k, gs, ic, strategy, fusion, param, margin)
	build, bytes := buildModel(n, ic, strategy)
	r.BuildSeconds, r.IndexBytes = build, bytes
	r.PeakRSSBytes = bytes + 180<<20
	for range g.Repeats {
		var sum float64
		for range g.Queries {
			// Log-normal noise with a slow tail: p99 ≈ 2-3 × p50.
			l := lat * math.Exp(0.25*rng.NormFloat64())
			if rng.IntN(20) == 0 {
				l *= 2.5
			}
			r.LatenciesNs = append(r.LatenciesNs, math.Round(l))
			sum += l
		}
		meanLat := sum / float64(g.Queries)
		r.Repeats = append(r.Repeats, results.Repeat{QPS: math.Round(float64(g.Threads) * 0.9e9 / meanLat * (1 + 0.03*rng.NormFloat64()))})
	}
	for range g.Queries {
		q := recall + 0.04*rng.NormFloat64()*(1-recall+0.02)
		q = math.Round(math.Min(1, math.Max(0, q))*float64(k)) / float64(k)
		r.Recalls = append(r.Recalls, q)
		share := math.Min(1, math.Max(0, 0.7+0.25*q+0.05*rng.NormFloat64()))
		r.SameClusterShares = append(r.SameClusterShares, math.Round(share*float64(k))/float64(k))
	}
	if err := results.Summarize(&r); err != nil {
		panic(err)
	}
	if strategy != "exact" {
		r.Candidates = float64(k) * max(margin, 1) * float64(len(gs.Groups))
	}
	r.Seconds = math.Round(r.LatencyMeanNs*float64(g.Queries*g.Repeats)/1e7+float64(n)/1e5) / 100
	return r
}

// model returns the typical single-query latency (ns) and mean recall of a
// trial.
func model(n, k int, gs GroupSet, ic indexConfig, strategy, fusion string, param int, margin float64) (lat, recall float64) {
	dims := 0
	for _, name := range gs.Groups {
		dims += groupWidth[name]
	}
	groups := len(gs.Groups)
	scan := func(width int) float64 { return 0.35 * float64(n*width) }
	ann := func(width int) (float64, float64) {
		if ic.backend == "flat" {
			return scan(width) + 2000, 1
		}
		speed := 1.0
		if ic.backend == "hnsw" {
			speed = 2.2 // pure Go graph walk
		}
		ef := math.Max(float64(param), float64(k))
		l := speed * (3000 + 9*ef*math.Log2(float64(n))*(1+float64(width)/16))
		r := 1 - 0.12*math.Exp(-float64(param)/(0.5*float64(k)+10))*(1+math.Log10(float64(n)/1e4))
		return l, r
	}
	switch strategy {
	case "exact":
		return scan(dims) + 5000, 1
	case "single":
		l, r := ann(16)
		fullQuery := groups == 4 && !slices.ContainsFunc(gs.Weights, func(w float64) bool { return w != 1 })
		if fullQuery {
			return l, r
		}
		// Candidates from the full-vector index re-ranked on the selection:
		// the fewer dimensions selected, the further the index metric is
		// from the query's.
		loss := 0.5 * (1 - float64(dims)/16) / margin
		return l + 40*float64(k)*margin, r * (1 - loss)
	}
	var total float64
	r := 1.0
	for _, name := range gs.Groups {
		l, gr := ann(groupWidth[name])
		total += l
		r = math.Min(r, gr)
	}
	if groups == 1 {
		return total, r
	}
	g := float64(groups - 1)
	switch fusion {
	case "zscore":
		r *= 0.86 - 0.07*g
		total += 60 * float64(k) * margin * float64(groups)
	case "rrf":
		r *= 1 - 0.08*g/math.Sqrt(margin)
		total += 50 * float64(k) * margin * float64(groups)
	case "rerank":
		r *= 1 - 0.05*g/(margin*margin)
		total += 120 * float64(k) * margin * float64(groups)
	}
	return total, r
}

// buildModel returns build seconds and index bytes of a trial's indexes:
// one over the full vector for single, one per group (all four, whatever
// the query selects) for hybrid.
func buildModel(n int, ic indexConfig, strategy string) (float64, int64) {
	width := func(w int) (float64, int64) {
		switch ic.backend {
		case "flat":
			return 1e-8 * float64(n*w), int64(n * w * 4)
		case "faiss":
			return 1.1e-4 * float64(n) * (0.5 + float64(w)/32), int64(n * (w*4 + 32*2*4 + 16))
		default:
			return 9e-4 * float64(n) * (0.5 + float64(w)/32), int64(n * (w*4 + 32*2*8 + 48))
		}
	}
	switch strategy {
	case "exact":
		return 0, int64(n * 16 * 4)
	case "single":
		return width(16)
	}
	var s float64
	var b int64
	for _, name := range []string{"heart_rate", "risk_scores", "embedding", "beat_props"} {
		ws, wb := width(groupWidth[name])
		s += ws
		b += wb
	}
	return math.Round(s*1000) / 1000, b
}

// Cohort returns n preprocessed rows of dim 16 in six well separated
// clusters with the shares of the reference cohort, their cluster of each
// row, and the cluster names.
func Cohort(n int) (rows []float32, dim int, clusters []uint8, names []string) {
	names = []string{"normal", "afib_prone", "bradycardia", "tachycardia", "ischemia", "pvc_heavy"}
	shares := []float64{0.4, 0.2, 0.1, 0.1, 0.1, 0.1}
	dim = 16
	rng := rand.New(rand.NewPCG(7, 16))
	centres := make([][]float64, len(names))
	for c := range centres {
		centres[c] = make([]float64, dim)
		for j := range dim {
			centres[c][j] = 3 * rng.NormFloat64()
		}
	}
	for range n {
		u, c := rng.Float64(), 0
		for c < len(shares)-1 && u >= shares[c] {
			u -= shares[c]
			c++
		}
		clusters = append(clusters, uint8(c))
		for j := range dim {
			rows = append(rows, float32(centres[c][j]+rng.NormFloat64()))
		}
	}
	return rows, dim, clusters, names
}
