package compare

import (
	"bytes"
	"flag"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/ecgbench/ecgbench/results"
)

var update = flag.Bool("update", false, "rewrite the generated inputs and golden files under testdata")

// config is one synthetic benchmark configuration: the centre of each
// measure, around which repeats scatter.
type config struct {
	name    string
	nsPerOp float64
	qps     float64
	recall  float64
	same    float64
	bytes   int64
	build   float64
}

var baseConfigs = []config{
	{"Search/n=10000/index=exact/strategy=exact/groups=hr+bp/k=10", 2.1e6, 950, 1, 0.9512, 0, 0},
	{"Search/n=10000/index=faiss-hnsw32/strategy=single/groups=hr+bp/k=10", 61000, 31000, 0.982, 0.9455, 2411724, 1.25},
	{"Search/n=10000/index=faiss-hnsw32/strategy=hybrid-rerank/groups=hr+bp/k=10", 112000, 17300, 0.997, 0.9506, 1642112, 0.82},
	{"Search/n=10000/index=hnsw/strategy=hybrid-zscore/groups=hr+bp/k=10", 153000, 12100, 0.913, 0.9321, 1987340, 3.4},
}

// run is one side of a scenario.
type run struct {
	seed    uint64
	repeats int
	noise   float64 // log-normal sigma of latency and throughput
	cpu     string
	configs []config
}

// records turns a run into finished trial records: each repeat's latency
// and throughput scatter log-normally around the configuration's centre;
// recall and same-cluster are exact, as they are in real runs.
func (r run) records(commit string) []results.Record {
	rng := rand.New(rand.NewPCG(r.seed, 7))
	var recs []results.Record
	for _, c := range r.configs {
		rec := results.Record{
			Name: c.name, Status: results.StatusOK, Queries: 200, Threads: 2,
			RecallMean: c.recall, SameCluster: c.same, IndexBytes: c.bytes, BuildSeconds: c.build,
			Commit: commit, GoVersion: "go1.26.8", CPU: r.cpu, GOOS: "linux", GOARCH: "amd64",
			SpecName: "ci", SpecHash: "9c1e0f2ab3", Fingerprint: "ds-10000-5d1c",
		}
		for range r.repeats {
			rec.Repeats = append(rec.Repeats, results.Repeat{
				NsPerOp: math.Round(c.nsPerOp * math.Exp(r.noise*rng.NormFloat64())),
				QPS:     math.Round(c.qps * math.Exp(r.noise*rng.NormFloat64())),
			})
		}
		recs = append(recs, rec)
	}
	return recs
}

// scale returns configs with latency multiplied and throughput divided by
// the factor of each name (1 when absent).
func scale(configs []config, factors map[string]float64) []config {
	out := make([]config, len(configs))
	for i, c := range configs {
		f, ok := factors[c.name]
		if !ok {
			f = factors["*"]
		}
		if f == 0 {
			f = 1
		}
		c.nsPerOp *= f
		c.qps /= f
		out[i] = c
	}
	return out
}

func withRecall(configs []config, name string, recall float64) []config {
	out := append([]config(nil), configs...)
	for i := range out {
		if out[i].name == name {
			out[i].recall = recall
		}
	}
	return out
}

const cpu = "AMD EPYC 7B13"

var (
	single = baseConfigs[1].name
	rerank = baseConfigs[2].name
	zscore = baseConfigs[3].name
)

// scenarios are the golden comparisons: testdata/NAME/{old,new}.txt are
// generated from them, testdata/NAME/gate.toml (when present) configures
// the gate, and testdata/NAME.golden holds the report.
var scenarios = []struct {
	name     string
	old, new run
	gate     string // gate file contents, "" for defaults
	fail     bool
}{
	{
		name: "same",
		old:  run{seed: 1, repeats: 10, noise: 0.03, cpu: cpu, configs: baseConfigs},
		new:  run{seed: 2, repeats: 10, noise: 0.03, cpu: cpu, configs: baseConfigs},
	},
	{
		name: "recall-drop",
		old:  run{seed: 1, repeats: 10, noise: 0.03, cpu: cpu, configs: baseConfigs},
		new:  run{seed: 2, repeats: 10, noise: 0.03, cpu: cpu, configs: withRecall(baseConfigs, rerank, 0.975)},
		fail: true,
	},
	{
		name: "slowdown",
		old:  run{seed: 1, repeats: 10, noise: 0.03, cpu: cpu, configs: baseConfigs},
		new:  run{seed: 2, repeats: 10, noise: 0.03, cpu: cpu, configs: scale(baseConfigs, map[string]float64{single: 2})},
		fail: true,
	},
	{
		name: "few-samples",
		old:  run{seed: 1, repeats: 5, noise: 0.03, cpu: cpu, configs: baseConfigs},
		new:  run{seed: 2, repeats: 5, noise: 0.03, cpu: cpu, configs: scale(baseConfigs, map[string]float64{single: 2})},
	},
	{
		name: "machine-slowdown",
		old:  run{seed: 1, repeats: 10, noise: 0.03, cpu: cpu, configs: baseConfigs},
		new:  run{seed: 2, repeats: 10, noise: 0.03, cpu: "Slower CPU", configs: scale(baseConfigs, map[string]float64{"*": 2})},
		gate: "reference = \"index=exact,strategy=exact\"\n",
	},
	{
		name: "relative-slowdown",
		old:  run{seed: 1, repeats: 10, noise: 0.03, cpu: cpu, configs: baseConfigs},
		new:  run{seed: 2, repeats: 10, noise: 0.03, cpu: "Slower CPU", configs: scale(baseConfigs, map[string]float64{"*": 2, zscore: 4})},
		gate: "reference = \"index=exact,strategy=exact\"\n",
		fail: true,
	},
	{
		name: "hnsw-rebuild",
		old:  run{seed: 1, repeats: 10, noise: 0.03, cpu: cpu, configs: baseConfigs},
		new:  run{seed: 2, repeats: 10, noise: 0.03, cpu: cpu, configs: withRecall(baseConfigs, single, 0.978)},
		gate: "# FAISS HNSW builds with 2 threads vary by about ±0.005 in recall.\nrecall_tolerance = 0.01\n",
	},
	{
		name: "added-removed",
		old:  run{seed: 1, repeats: 10, noise: 0.03, cpu: cpu, configs: baseConfigs},
		new: run{seed: 2, repeats: 10, noise: 0.03, cpu: cpu, configs: append(baseConfigs[:3:3],
			config{"Search/n=10000/index=faiss-hnsw32/strategy=single/groups=hr+bp/k=100", 98000, 19500, 0.991, 0.9401, 2411724, 1.25})},
	},
}

// TestTestdataInputs checks that the committed inputs are what the
// scenarios generate (go test -update rewrites them).
func TestTestdataInputs(t *testing.T) {
	for _, sc := range scenarios {
		dir := filepath.Join("testdata", sc.name)
		files := map[string][]byte{}
		for _, side := range []struct {
			file   string
			r      run
			commit string
		}{{"old.txt", sc.old, "3f9a2c1"}, {"new.txt", sc.new, "8b71d0e"}} {
			var buf bytes.Buffer
			if err := results.WriteBench(&buf, side.r.records(side.commit)); err != nil {
				t.Fatal(err)
			}
			files[side.file] = buf.Bytes()
		}
		if sc.gate != "" {
			files["gate.toml"] = []byte(sc.gate)
		}
		for name, want := range files {
			path := filepath.Join(dir, name)
			if *update {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, want, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test -update generates it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s is not what scenario %s generates (go test -update rewrites it)", path, sc.name)
			}
		}
	}
}
