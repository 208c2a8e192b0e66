package report

import (
	"reflect"
	"testing"

	"github.com/ecgbench/ecgbench/results"
)

func TestHeadlines(t *testing.T) {
	rec := func(groups string, ef int, recall, qps float64, status string) results.Record {
		return results.Record{
			Name: groups + string(rune('0'+ef)), Status: status, N: 1000, K: 10, Threads: 2,
			Index: "hnsw", Strategy: "hybrid", Fusion: "rerank", Search: map[string]int{"ef": ef},
			Groups: []string{groups}, Weights: []float64{1}, RecallMean: recall, QPS: qps,
		}
	}
	recs := []results.Record{
		// ef=1: worst recall 0.96, harmonic-mean QPS 2/(1/100 + 1/300) = 150.
		rec("heart_rate", 1, 0.96, 100, results.StatusOK),
		rec("embedding", 1, 0.99, 300, results.StatusOK),
		// ef=2: worst recall 0.995, QPS 50.
		rec("heart_rate", 2, 0.999, 50, results.StatusOK),
		rec("embedding", 2, 0.995, 50, results.StatusOK),
		// ef=3: perfect and fast, but it timed out on one group set, so
		// it does not count.
		rec("heart_rate", 3, 1, 1000, results.StatusOK),
		rec("embedding", 3, 0, 0, results.StatusTimeout),
		// single: margin 2 and 4 on one group set; the other, where the
		// margin does not apply, was run once without one and counts for
		// both: margin 2 has recall 0.96, QPS 2/(1/200 + 1/200) = 200.
		{Name: "s-hr-2", Status: results.StatusOK, N: 1000, K: 10, Threads: 2, Index: "hnsw", Strategy: "single", Margin: 2,
			Groups: []string{"heart_rate"}, Weights: []float64{1}, RecallMean: 0.96, QPS: 200},
		{Name: "s-hr-4", Status: results.StatusOK, N: 1000, K: 10, Threads: 2, Index: "hnsw", Strategy: "single", Margin: 4,
			Groups: []string{"heart_rate"}, Weights: []float64{1}, RecallMean: 0.999, QPS: 100},
		{Name: "s-emb", Status: results.StatusOK, N: 1000, K: 10, Threads: 2, Index: "hnsw", Strategy: "single",
			Groups: []string{"embedding"}, Weights: []float64{1}, RecallMean: 1, QPS: 200},
		// hybrid-zscore: heart rate is searched by an override config and
		// has no search parameters, so it counts for ef=1 and ef=2:
		// ef=1 QPS 2/(1/400 + 1/100) = 160, ef=2 2/(1/400 + 1/50) ≈ 89.
		{Name: "z-hr", Status: results.StatusOK, N: 1000, K: 10, Threads: 2, Index: "hnsw", Strategy: "hybrid", Fusion: "zscore",
			Groups: []string{"heart_rate"}, Weights: []float64{1}, RecallMean: 1, QPS: 400},
		{Name: "z-emb-1", Status: results.StatusOK, N: 1000, K: 10, Threads: 2, Index: "hnsw", Strategy: "hybrid", Fusion: "zscore",
			Search: map[string]int{"ef": 1}, Groups: []string{"embedding"}, Weights: []float64{1}, RecallMean: 0.97, QPS: 100},
		{Name: "z-emb-2", Status: results.StatusOK, N: 1000, K: 10, Threads: 2, Index: "hnsw", Strategy: "hybrid", Fusion: "zscore",
			Search: map[string]int{"ef": 2}, Groups: []string{"embedding"}, Weights: []float64{1}, RecallMean: 0.995, QPS: 50},
		// exact: one group set only finished.
		{Name: "exact-hr", Status: results.StatusOK, N: 1000, K: 10, Threads: 2, Strategy: "exact",
			Groups: []string{"heart_rate"}, Weights: []float64{1}, RecallMean: 1, QPS: 10},
	}
	tables := headlines(recs, []float64{0.95, 0.99, 0.999})
	if len(tables) != 1 {
		t.Fatalf("%d tables, want 1", len(tables))
	}
	want := [][]string{
		{"exact", "—", "", "—", "", "—", "", "—", "no setting finished on every group set (at most 1 of 2)"},
		{"hnsw · hybrid-rerank", "150", "ef=1", "50", "ef=2", "—", "", "0.995", "ef=2"},
		{"hnsw · hybrid-zscore", "160", "ef=1", "89", "ef=2", "—", "", "0.995", "ef=2"},
		{"hnsw · single", "200", "margin=2", "133", "margin=4", "133", "margin=4", "0.999", "margin=4"},
	}
	if !reflect.DeepEqual(tables[0].Rows, want) {
		t.Errorf("rows\n got %q\nwant %q", tables[0].Rows, want)
	}
	if tables[0].ID != "headline-n1000-k10-t2" || len(tables[0].Header) != len(want[0]) {
		t.Errorf("table %s with header %q", tables[0].ID, tables[0].Header)
	}
}

func TestRecall3(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{{0.95, "0.950"}, {0.9499, "0.949"}, {1, "1.000"}, {0.99999, "0.999"}, {0.7 + 0.25, "0.950"}} {
		if got := recall3(c.in); got != c.want {
			t.Errorf("recall3(%v) = %s, want %s", c.in, got, c.want)
		}
	}
}
