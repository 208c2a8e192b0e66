package cohort

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"runtime"
	"sync"
	"testing"
)

// statRows is the size of the statistical sample: large enough that 5-sigma
// bounds are tight, small enough to draw in well under a second on 2 cores.
const statRows = 200_000

var (
	statOnce  sync.Once
	statBatch *Batch
	statGen   *Generator
)

func statSample(t *testing.T) (*Generator, *Batch) {
	t.Helper()
	statOnce.Do(func() {
		g, err := NewGenerator(nil, 1)
		if err != nil {
			panic(err)
		}
		statGen, statBatch = g, g.Generate(0, 0, statRows, nil)
	})
	return statGen, statBatch
}

// moments returns the mean, the variance and the standard errors of both
// (the latter from the sample's fourth central moment).
func moments(xs []float64) (mean, variance, seMean, seVar float64) {
	n := float64(len(xs))
	for _, x := range xs {
		mean += x
	}
	mean /= n
	var m2, m4 float64
	for _, x := range xs {
		d := (x - mean) * (x - mean)
		m2 += d
		m4 += d * d
	}
	m2 /= n
	m4 /= n
	return mean, m2, math.Sqrt(m2 / n), math.Sqrt((m4 - m2*m2) / n)
}

func within(t *testing.T, what string, got, want, se float64) {
	t.Helper()
	if math.Abs(got-want) > 5*se {
		t.Errorf("%s = %.6g, want %.6g ± %.3g (5 standard errors)", what, got, want, 5*se)
	}
}

// TestCohortStatistics checks 200 K rows against the table of DESIGN §2.
func TestCohortStatistics(t *testing.T) {
	g, b := statSample(t)
	p := g.Profile()
	n := b.Len()
	rows := make([][]int, len(p.Clusters))
	for i, c := range b.Cluster {
		rows[c] = append(rows[c], i)
	}
	for c, cl := range p.Clusters {
		nc := float64(len(rows[c]))
		// Cluster share: binomial count.
		within(t, cl.Name+" count", nc, float64(n)*cl.Share, math.Sqrt(float64(n)*cl.Share*(1-cl.Share)))

		col := func(get func(i int) float64) []float64 {
			out := make([]float64, len(rows[c]))
			for j, i := range rows[c] {
				out[j] = get(i)
			}
			return out
		}
		for r := range NumRisks {
			xs := col(func(i int) float64 { return float64(b.Risks[i*NumRisks+r]) })
			mean, v, seMean, seVar := moments(xs)
			within(t, cl.Name+" mean risk_"+RiskKeys[r], mean, cl.RiskMean[r], seMean)
			within(t, cl.Name+" variance risk_"+RiskKeys[r], v, p.RiskVariance[r], seVar)
		}
		alpha0 := p.BeatConcentration
		for k := range NumBeats {
			xs := col(func(i int) float64 { return float64(b.Props[i*NumBeats+k]) })
			mean, v, _, seVar := moments(xs)
			pk := cl.BeatProps[k]
			dirVar := pk * (1 - pk) / (alpha0 + 1)
			within(t, cl.Name+" mean beat prop", mean, pk, math.Sqrt(dirVar/nc))
			within(t, cl.Name+" variance beat prop", v, dirVar, seVar)
		}
		hr := col(func(i int) float64 { return float64(b.HeartRate[i]) })
		mean, v, seMean, seVar := moments(hr)
		within(t, cl.Name+" mean heart rate", mean, cl.HRMu, seMean)
		within(t, cl.Name+" heart rate variance", v, cl.HRSigma*cl.HRSigma, seVar)
		for _, d := range []int{0, p.EmbeddingDim - 1} {
			xs := col(func(i int) float64 { return float64(b.Embedding[i*p.EmbeddingDim+d]) })
			mean, v, seMean, seVar := moments(xs)
			within(t, cl.Name+" embedding mean", mean, g.Centre(c)[d], seMean)
			within(t, cl.Name+" embedding variance", v, cl.EmbeddingScale*cl.EmbeddingScale, seVar)
		}
	}
	for i := range n {
		if h := b.HeartRate[i]; !(h >= 30 && h <= 200) {
			t.Fatalf("row %d: heart rate %v outside [30, 200]", i, h)
		}
		sum := 0.0
		for _, v := range b.Props[i*NumBeats : (i+1)*NumBeats] {
			if !(v > 0 && v < 1) {
				t.Fatalf("row %d: beat proportion %v outside (0, 1)", i, v)
			}
			sum += float64(v)
		}
		if math.Abs(sum-1) > 1e-6 {
			t.Fatalf("row %d: beat proportions sum to %v", i, sum)
		}
		for _, v := range b.Risks[i*NumRisks : (i+1)*NumRisks] {
			if !(v >= 0 && v <= 1) {
				t.Fatalf("row %d: risk %v outside [0, 1]", i, v)
			}
		}
	}
}

// TestHeartRateClip uses a profile whose normal cluster sits at the clip
// bound, so half its rows must be clipped to exactly the bound.
func TestHeartRateClip(t *testing.T) {
	p := *DefaultProfile()
	p.Clusters = append([]Cluster(nil), p.Clusters...)
	p.Clusters[0].HRMu = 30
	g, err := NewGenerator(&p, 3)
	if err != nil {
		t.Fatal(err)
	}
	b := g.Generate(0, 0, 20_000, nil)
	atBound, normal := 0, 0
	for i, c := range b.Cluster {
		if c != 0 {
			continue
		}
		normal++
		if b.HeartRate[i] < 30 {
			t.Fatalf("row %d: heart rate %v below the clip", i, b.HeartRate[i])
		}
		if b.HeartRate[i] == 30 {
			atBound++
		}
	}
	within(t, "rows clipped to 30 bpm", float64(atBound), float64(normal)/2, math.Sqrt(float64(normal)/4))
}

// digest hashes every field of a batch.
func digest(b *Batch) string {
	h := sha256.New()
	binary.Write(h, binary.LittleEndian, b.Cluster)
	binary.Write(h, binary.LittleEndian, b.HeartRate)
	binary.Write(h, binary.LittleEndian, b.Risks)
	binary.Write(h, binary.LittleEndian, b.Embedding)
	binary.Write(h, binary.LittleEndian, b.Props)
	return hex.EncodeToString(h.Sum(nil))
}

// TestDeterminism: the rows depend on (seed, stream) only, never on the
// chunk size, the thread count or GOMAXPROCS.
func TestDeterminism(t *testing.T) {
	const n = 3*BlockRows + 1234
	g, err := NewGenerator(nil, 7)
	if err != nil {
		t.Fatal(err)
	}
	whole := g.Generate(0, 0, n, nil)
	want := digest(whole)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2} {
		runtime.GOMAXPROCS(procs)
		for _, threads := range []int{0, 1, 3} {
			for _, chunk := range []int{1000, 7777, n} {
				g.Threads = threads
				all := NewBatch(g.Profile().EmbeddingDim, n, true)
				err := g.Stream(0, n, chunk, func(b *Batch) error {
					if b.Start != int64(all.Len()) {
						t.Fatalf("chunk starts at %d after %d rows", b.Start, all.Len())
					}
					for i := range b.Len() {
						all.Append(b, i)
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if got := digest(all); got != want {
					t.Errorf("GOMAXPROCS=%d threads=%d chunk=%d: digest %s, want %s", procs, threads, chunk, got, want)
				}
			}
		}
	}
	g2, _ := NewGenerator(nil, 7)
	if digest(g2.Generate(0, 0, n, nil)) != want {
		t.Error("a second generator with the same seed differs")
	}
}

func TestStreamsAndSeeds(t *testing.T) {
	g, _ := NewGenerator(nil, 7)
	h, _ := NewGenerator(nil, 8)
	a := g.Generate(0, 0, 100, nil)
	if digest(g.Generate(1, 0, 100, nil)) == digest(a) {
		t.Error("streams 0 and 1 are equal")
	}
	if digest(h.Generate(0, 0, 100, nil)) == digest(a) {
		t.Error("seeds 7 and 8 give equal rows")
	}
	if g.Centre(0)[0] == h.Centre(0)[0] {
		t.Error("seeds 7 and 8 give equal centres")
	}
	q := g.Generate(1, 5, 1, nil)
	if a.ID(5) != "ecg_5" || q.ID(0) != "ecg_s1_5" {
		t.Errorf("ids %q and %q", a.ID(5), q.ID(0))
	}
	if err := g.Stream(0, 10, 0, func(*Batch) error { return nil }); err == nil {
		t.Error("chunk 0 accepted")
	}
}

func TestEmbeddingDim(t *testing.T) {
	p, err := DefaultProfile().WithEmbeddingDim(8)
	if err != nil {
		t.Fatal(err)
	}
	g, err := NewGenerator(p, 1)
	if err != nil {
		t.Fatal(err)
	}
	b := g.Generate(0, 10, 50, nil)
	if b.Dim != 8 || len(b.Embedding) != 8*50 || len(g.Centre(5)) != 8 {
		t.Errorf("D = %d, %d embedding values, centre width %d", b.Dim, len(b.Embedding), len(g.Centre(5)))
	}
	if _, err := DefaultProfile().WithEmbeddingDim(0); err == nil {
		t.Error("embedding width 0 accepted")
	}
}
