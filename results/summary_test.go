package results

import (
	"slices"
	"strings"
	"testing"
)

func TestPercentile(t *testing.T) {
	hundred := make([]float64, 100)
	for i := range hundred {
		hundred[i] = float64(i + 1)
	}
	tests := []struct {
		name   string
		sorted []float64
		p      float64
		want   float64
	}{
		{"p0 is the minimum", []float64{1, 2, 3}, 0, 1},
		{"p100 is the maximum", []float64{1, 2, 3}, 100, 3},
		{"one value", []float64{7}, 99, 7},
		{"p50 of odd count", []float64{1, 2, 3, 4, 5}, 50, 3},
		{"p50 of even count is the lower middle", []float64{1, 2, 3, 4}, 50, 2},
		{"p95 of 20", hundred[:20], 95, 19},
		{"p99 of 20 rounds up", hundred[:20], 99, 20},
		{"p5 of 10 rounds up to rank 1", hundred[:10], 5, 1},
		{"p7 of 100 is rank 7 exactly", hundred, 7, 7},
		{"p95 of 100", hundred, 95, 95},
		{"p99 of 100", hundred, 99, 99},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Percentile(tt.sorted, tt.p); got != tt.want {
				t.Errorf("Percentile(%v, %v) = %v, want %v", tt.sorted, tt.p, got, tt.want)
			}
		})
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		sorted []float64
		want   float64
	}{
		{[]float64{4}, 4},
		{[]float64{1, 4}, 2.5},
		{[]float64{1, 2, 9}, 2},
		{[]float64{1, 2, 3, 100}, 2.5},
	}
	for _, tt := range tests {
		if got := Median(tt.sorted); got != tt.want {
			t.Errorf("Median(%v) = %v, want %v", tt.sorted, got, tt.want)
		}
	}
}

func TestSummarize(t *testing.T) {
	r := Record{
		Name:    "Search/k=2",
		Queries: 4,
		Repeats: []Repeat{{QPS: 100}, {QPS: 300}, {QPS: 200}},
		// Three repeats of four queries, repeat-major.
		LatenciesNs:       []float64{10, 20, 30, 40, 50, 60, 70, 80, 5, 5, 5, 5},
		Recalls:           []float64{1, 0.5, 1, 0.75},
		SameClusterShares: []float64{1, 1, 0.5, 0.5},
	}
	if err := Summarize(&r); err != nil {
		t.Fatal(err)
	}
	wantNs := []float64{25, 65, 5}
	for i, rep := range r.Repeats {
		if rep.NsPerOp != wantNs[i] {
			t.Errorf("Repeats[%d].NsPerOp = %v, want %v", i, rep.NsPerOp, wantNs[i])
		}
	}
	got := []float64{r.LatencyMeanNs, r.LatencyP50Ns, r.LatencyP95Ns, r.LatencyP99Ns, r.QPS, r.RecallMean, r.RecallP5, r.RecallMin, r.SameCluster}
	// Sorted latencies: 5 5 5 5 10 20 30 40 50 60 70 80 (12 values):
	// p50 rank 6 → 20, p95 rank ⌈11.4⌉=12 → 80, p99 rank 12 → 80.
	want := []float64{380.0 / 12, 20, 80, 80, 200, 0.8125, 0.5, 0.5, 0.75}
	if !slices.Equal(got, want) {
		t.Errorf("summary = %v, want %v", got, want)
	}
}

func TestSummarizeKeepsSummariesWithoutRaw(t *testing.T) {
	r := Record{Name: "Search/timeout", Status: StatusTimeout, RecallMean: 0.5, LatencyP99Ns: 7, SameCluster: 0.25}
	if err := Summarize(&r); err != nil {
		t.Fatal(err)
	}
	if r.RecallMean != 0.5 || r.LatencyP99Ns != 7 || r.SameCluster != 0.25 {
		t.Errorf("summaries changed without raw data: %+v", r)
	}
}

func TestSummarizeErrors(t *testing.T) {
	tests := []struct {
		name string
		rec  Record
		want string
	}{
		{"latencies without repeats", Record{Queries: 2, LatenciesNs: []float64{1, 2}}, "2 latencies but no repeats"},
		{"latency count", Record{Queries: 2, Repeats: make([]Repeat, 2), LatenciesNs: []float64{1, 2, 3}}, "3 latencies, want queries (2) × repeats (2)"},
		{"recall count", Record{Queries: 3, Recalls: []float64{1}}, "1 recalls, want one per query (3)"},
		{"same-cluster count", Record{Queries: 1, SameClusterShares: []float64{1, 1}}, "2 same_cluster_shares, want one per query (1)"},
		{"negative latency", Record{Queries: 1, Repeats: make([]Repeat, 1), LatenciesNs: []float64{-1}}, "latencies_ns[0] = -1"},
		{"NaN recall", Record{Queries: 2, Recalls: []float64{1, nan()}}, "recalls[1] = NaN"},
		{"infinite qps", Record{Repeats: []Repeat{{QPS: inf()}}}, "repeats[0].qps = +Inf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.rec.Name = "Search/bad"
			err := Summarize(&tt.rec)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "Search/bad") {
				t.Errorf("Summarize error = %v, want one naming the record and containing %q", err, tt.want)
			}
		})
	}
}
