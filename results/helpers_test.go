package results

import (
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

func nan() float64 { return math.NaN() }
func inf() float64 { return math.Inf(1) }

// sampleRecords returns a small run: two finished trials (one per dataset
// fingerprint) and one that timed out.
func sampleRecords() []Record {
	started := time.Date(2026, 3, 1, 12, 0, 0, 123456789, time.UTC)
	base := Record{
		Status: StatusOK, Threads: 2, Queries: 3,
		SpecName: "smoke", SpecHash: "5f3a9c", Commit: "d094041", GoVersion: "go1.26.8",
		CPU: "AMD EPYC 7B13", GOOS: "linux", GOARCH: "amd64", GOMAXPROCS: 2, Started: started,
	}
	exact := base
	exact.Name = "Search/n=1000/index=exact/strategy=exact/groups=hr+bp/k=10"
	exact.N, exact.Strategy, exact.K = 1000, "exact", 10
	exact.Groups, exact.Weights = []string{"heart_rate", "beat_props"}, []float64{1, 2}
	exact.Fingerprint = "ds-1000-aa11"
	exact.Repeats = []Repeat{{QPS: 25000.5}, {QPS: 24800}}
	exact.LatenciesNs = []float64{41000, 39000, 40000, 40500, 40100, 39900}
	exact.Recalls = []float64{1, 1, 1}
	exact.SameClusterShares = []float64{1, 0.9, 0.8}
	exact.Seconds = 0.25

	hnsw := base
	hnsw.Name = "Search/n=10000/index=faiss-hnsw32/strategy=hybrid-rerank/groups=hr+bp/k=10"
	hnsw.N, hnsw.Index, hnsw.Backend, hnsw.Strategy, hnsw.Fusion, hnsw.Margin, hnsw.K = 10000, "faiss-hnsw32", "faiss", "hybrid", "rerank", 4, 10
	hnsw.Build = map[string]any{"factory": "HNSW32", "efConstruction": float64(40)}
	hnsw.Search = map[string]int{"efSearch": 64}
	hnsw.Extra = map[string]string{"note": "risk_afib mapped to risk_scores"}
	hnsw.Groups, hnsw.Weights = []string{"heart_rate", "beat_props"}, []float64{1, 0.5}
	hnsw.Fingerprint = "ds-10000-bb22"
	hnsw.Repeats = []Repeat{{QPS: 90000}, {QPS: 91000.25}, {QPS: 89000}}
	hnsw.LatenciesNs = []float64{12000, 11000, 13000, 12500, 11500, 12000, 12100, 11900, 12345.5}
	hnsw.Recalls = []float64{1, 0.9, 0.8}
	hnsw.SameClusterShares = []float64{1, 1, 0.7}
	hnsw.BuildSeconds, hnsw.IndexBytes, hnsw.StrategyBytes, hnsw.PeakRSSBytes, hnsw.ShortAnswers, hnsw.Candidates = 1.75, 1234567, 1874567, 987654321, 1, 80
	hnsw.Seconds = 2.5

	timeout := base
	timeout.Name = "Search/n=10000/index=hnsw/strategy=single/groups=all/k=10"
	timeout.Status, timeout.Error = StatusTimeout, "trial exceeded 20m0s"
	timeout.Groups = []string{"heart_rate", "risk_scores", "embedding", "beat_props"}

	recs := []Record{exact, hnsw, timeout}
	for i := range recs {
		if err := Summarize(&recs[i]); err != nil {
			panic(err)
		}
	}
	return recs
}

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}
