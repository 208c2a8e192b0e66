package runner

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/ecgbench/ecgbench/engine/exact"
	"github.com/ecgbench/ecgbench/engine/schema"
	"github.com/ecgbench/ecgbench/engine/search"
	"github.com/ecgbench/ecgbench/results"
)

// liar answers with the right number of rows, but the wrong ones: the
// harness must expose it however fast it is.
type liar struct{ n int }

func (l liar) Name() string { return "liar" }
func (l liar) Bytes() int64 { return 0 }
func (l liar) Search(q search.Query) (search.Answer, error) {
	var a search.Answer
	for i := 0; i < q.K; i++ {
		// Claims distance 0 for arbitrary rows.
		a.Neighbors = append(a.Neighbors, exact.Neighbor{ID: int64((i * 7919) % l.n), Dist: 0})
	}
	return a, nil
}

func workload(t *testing.T, n, nq, k int) (*Workload, schema.Selection) {
	t.Helper()
	s := schema.Default(2)
	dim := s.Dim()
	rng := rand.New(rand.NewPCG(1, 2))
	rows := make([]float32, n*dim)
	for i := range rows {
		rows[i] = float32(rng.NormFloat64())
	}
	qs := make([]float32, nq*dim)
	for i := range qs {
		qs[i] = float32(rng.NormFloat64())
	}
	clusters := make([]uint8, n)
	qc := make([]uint8, nq)
	d := &search.Data{Schema: s, Scales: []float64{1, 2, 3, 4}, Rows: rows}
	sel, err := s.Select([]string{"heart_rate", "beat_props"}, []float64{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := d.Metric(sel)
	truth, err := exact.Search(rows, m, qs, k, exact.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return &Workload{Data: d, Clusters: clusters, Queries: qs, QueryClusters: qc, Truth: truth}, sel
}

func TestMeasureExposesWrongAnswers(t *testing.T) {
	w, sel := workload(t, 3000, 12, 10)
	q := search.Query{Sel: sel, K: 10, Margin: 1}
	tm := Timing{Warmup: 3, Repeats: 2, Threads: 2}

	var good results.Record
	if err := Measure(context.Background(), search.NewExact(w.Data), w, q, tm, &good); err != nil {
		t.Fatal(err)
	}
	if err := results.Summarize(&good); err != nil {
		t.Fatal(err)
	}
	if good.RecallMean != 1 || good.RecallMin != 1 {
		t.Errorf("exact: recall mean %v min %v, want 1", good.RecallMean, good.RecallMin)
	}
	if len(good.LatenciesNs) != 24 || len(good.Repeats) != 2 || len(good.Recalls) != 12 {
		t.Errorf("raw sizes: %d latencies, %d repeats, %d recalls", len(good.LatenciesNs), len(good.Repeats), len(good.Recalls))
	}
	if good.SameCluster != 1 || good.Repeats[0].QPS <= 0 {
		t.Errorf("same-cluster %v, qps %v", good.SameCluster, good.Repeats[0].QPS)
	}

	var bad results.Record
	if err := Measure(context.Background(), liar{n: 3000}, w, q, tm, &bad); err != nil {
		t.Fatal(err)
	}
	if err := results.Summarize(&bad); err != nil {
		t.Fatal(err)
	}
	if bad.RecallMean > 0.2 {
		t.Errorf("a strategy claiming distance 0 for arbitrary rows scored recall %v", bad.RecallMean)
	}
}

func TestMeasureTimeout(t *testing.T) {
	w, sel := workload(t, 500, 5, 5)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var rec results.Record
	err := Measure(ctx, search.NewExact(w.Data), w, search.Query{Sel: sel, K: 5}, Timing{Repeats: 1, Threads: 1}, &rec)
	if !errors.Is(err, ErrTimeout) {
		t.Errorf("cancelled trial: %v, want ErrTimeout", err)
	}
}
