package plots

import (
	"slices"
	"strings"
	"testing"

	"github.com/ecgbench/ecgbench/plots/plotstest"
	"github.com/ecgbench/ecgbench/results"
)

func TestOperatingPoint(t *testing.T) {
	rec := func(name string, recall, p50 float64) results.Record {
		return results.Record{Name: name, RecallMean: recall, LatencyP50Ns: p50}
	}
	tests := []struct {
		name  string
		sweep []results.Record
		want  string
	}{
		{"fastest reaching the target", []results.Record{rec("ef16", 0.90, 10), rec("ef64", 0.96, 30), rec("ef256", 0.99, 90), rec("ef32", 0.95, 20)}, "ef32"},
		{"none reaches: most accurate", []results.Record{rec("a", 0.60, 10), rec("b", 0.80, 50), rec("c", 0.70, 20)}, "b"},
		{"accuracy tie: faster", []results.Record{rec("slow", 0.80, 50), rec("fast", 0.80, 40)}, "fast"},
		{"one", []results.Record{rec("only", 0.1, 1)}, "only"},
	}
	for _, tt := range tests {
		if got := OperatingPoint(tt.sweep).Name; got != tt.want {
			t.Errorf("%s: OperatingPoint = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestPooled(t *testing.T) {
	recs := []results.Record{
		{LatenciesNs: []float64{4e6, 1e6, 2e6}, Recalls: []float64{1, 0.5}},
		{LatenciesNs: []float64{3e6, 100e6}, Recalls: []float64{0}},
	}
	p := pooled(recs)
	// Pooled latencies 1, 2, 3, 4, 100 ms: nearest-rank p50 is the 3rd,
	// p99 the 5th; recalls 1, 0.5, 0 average 0.5.
	if p.p50Ms != 3 || p.p99Ms != 100 || p.recall != 0.5 {
		t.Errorf("pooled = %+v, want p50 3 ms, p99 100 ms, recall 0.5", p)
	}
}

func TestLabels(t *testing.T) {
	r := results.Record{
		Index: "faiss-hnsw32", Strategy: "hybrid", Fusion: "rrf", Margin: 4,
		Search: map[string]int{"efSearch": 64, "nprobe": 8},
		Groups: []string{"beat_props", "heart_rate", "custom"}, Weights: []float64{2, 1, 0.5},
	}
	checks := []struct{ got, want string }{
		{StrategyLabel(r), "hybrid-rrf"},
		{SeriesLabel(r), "faiss-hnsw32 · hybrid-rrf"},
		{GroupsLabel(r), "bp×2+hr+custom×0.5"},
		{SettingsLabel(r), "efSearch=64 nprobe=8 margin=4"},
		{slug(GroupsLabel(r)), "bpx2+hr+customx0.5"},
		{SeriesLabel(results.Record{Strategy: "exact"}), "exact"},
		{IndexLabel(results.Record{Strategy: "exact"}), "none"},
		{SettingsLabel(results.Record{Strategy: "exact"}), "default"},
		{GroupsLabel(results.Record{Groups: []string{"heart_rate", "embedding"}, Weights: []float64{1, 1}}), "hr+emb"},
	}
	for i, c := range checks {
		if c.got != c.want {
			t.Errorf("check %d: got %q, want %q", i, c.got, c.want)
		}
	}
}

// TestMissingWorkloadNotes checks that a workload lost entirely (every
// setting failed) is named in the latency and bar figures' notes rather
// than silently left out.
func TestMissingWorkloadNotes(t *testing.T) {
	recs := plotstest.Records(plotstest.SmallGrid())
	for i, r := range recs {
		if r.N == 100_000 && r.K == 100 && r.Index == "faiss-hnsw32" && StrategyLabel(r) == "hybrid-rrf" && GroupsLabel(r) == "emb+hr" {
			recs[i].Status = results.StatusError
		}
	}
	var notes []string
	for _, f := range Build(recs) {
		notes = append(notes, f.Notes...)
	}
	for _, want := range []string{
		"hybrid-rrf at N = 100,000 pools 2 of 3 workloads (the others failed or were not run).",
		"hybrid-rrf at 2 groups pools 1 of 2 workloads (the others failed or were not run).",
		"hybrid-rrf at k = 100 pools 2 of 3 workloads (the others failed or were not run).",
		"hybrid-rrf has no finished trial on emb+hr: its bar is empty.",
	} {
		if !slices.Contains(notes, want) {
			t.Errorf("no note %q in:\n%s", want, strings.Join(notes, "\n"))
		}
	}
}
