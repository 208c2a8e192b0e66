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
	// Per index config and search parameter, over the 7 group sets:
	// single × 2 margins + hybrid × 3 fusions × 2 margins, except that the
	// margin does not apply (one trial) to single on all four groups and
	// to hybrid on one group: 5 (hr) + 5 (risk) + 4 × 8 + 7 (all) = 49.
	// Then 2 sizes × 2 k × (7 exact + 49 flat + 3 × 49 faiss) and the 10 K
	// hnsw trials, 2 k × 2 × 49.
	if want := 2*2*(7+49+3*49) + 2*2*49; len(recs) != want {
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
