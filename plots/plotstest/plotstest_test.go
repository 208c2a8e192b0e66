package plotstest

import (
	"testing"

	"github.com/ecgbench/ecgbench/results"
)

func TestRecords(t *testing.T) {
	recs := Records(DefaultGrid())
	names := map[string]bool{}
	timeouts := 0
	for _, r := range recs {
		if names[r.Name] {
			t.Fatalf("duplicate record name %s", r.Name)
		}
		names[r.Name] = true
		switch r.Status {
		case results.StatusTimeout:
			timeouts++
		case results.StatusOK:
			if r.RecallMean < 0 || r.RecallMean > 1 || r.QPS <= 0 || r.LatencyP99Ns < r.LatencyP50Ns {
				t.Errorf("%s: implausible summary recall %v qps %v p50 %v p99 %v", r.Name, r.RecallMean, r.QPS, r.LatencyP50Ns, r.LatencyP99Ns)
			}
			if r.Strategy == "exact" && r.RecallMean != 1 {
				t.Errorf("%s: exact recall %v, want 1", r.Name, r.RecallMean)
			}
		}
	}
	if timeouts != 1 {
		t.Errorf("%d timed-out trials, want 1", timeouts)
	}
	// 2 sizes × 2 k × 7 group sets × (exact + flat 8 + faiss 24) + the
	// 10 K hnsw trials (2 k × 7 × 16).
	if want := 2*2*7*(1+8+24) + 2*7*16; len(recs) != want {
		t.Errorf("%d records, want %d", len(recs), want)
	}
}

func TestCohort(t *testing.T) {
	rows, dim, clusters, names := Cohort(500)
	if len(rows) != 500*dim || len(clusters) != 500 || len(names) != 6 {
		t.Fatalf("Cohort(500): %d values, dim %d, %d clusters, %d names", len(rows), dim, len(clusters), len(names))
	}
	seen := map[uint8]bool{}
	for _, c := range clusters {
		seen[c] = true
	}
	if len(seen) != 6 {
		t.Errorf("%d clusters present, want 6", len(seen))
	}
}
