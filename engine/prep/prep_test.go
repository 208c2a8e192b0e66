package prep

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/ecgbench/ecgbench/engine/cohort"
)

// gaussianBatch returns n rows whose embedding is correlated Gaussian noise
// X = G·A with distinct eigenvalues, and whose other columns are noise.
func gaussianBatch(n, d int, seed uint64) *cohort.Batch {
	rnd := rand.New(rand.NewPCG(seed, 1))
	a := make([]float64, d*d)
	for i := range a {
		a[i] = rnd.NormFloat64()
	}
	b := cohort.NewBatch(d, n, false)
	b.Resize(n)
	g := make([]float64, d)
	for i := range n {
		for j := range g {
			g[j] = rnd.NormFloat64() * float64(j+1)
		}
		for j := range d {
			s := 3.0 * float64(j)
			for k := range d {
				s += g[k] * a[k*d+j]
			}
			b.Embedding[i*d+j] = float32(s)
		}
		b.HeartRate[i] = float32(70 + 10*rnd.NormFloat64())
		for k := range cohort.NumRisks {
			b.Risks[i*cohort.NumRisks+k] = float32(rnd.Float64())
		}
		sum := float32(0)
		for k := range cohort.NumBeats {
			v := float32(rnd.Float64())
			b.Props[i*cohort.NumBeats+k] = v
			sum += v
		}
		for k := range cohort.NumBeats {
			b.Props[i*cohort.NumBeats+k] /= sum
		}
	}
	return b
}

// TestPCAAgainstSVD compares the fitted components and eigenvalues with an
// SVD of the standardised, centred embedding; n spans several covariance
// blocks.
func TestPCAAgainstSVD(t *testing.T) {
	const n, d, c = 2*covBlockRows + 123, 8, 4
	b := gaussianBatch(n, d, 3)
	m, err := Fit(b, Options{Components: c, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	z := mat.NewDense(n, d, nil)
	for j := range d {
		mean, ss := 0.0, 0.0
		for i := range n {
			mean += float64(b.Embedding[i*d+j])
		}
		mean /= n
		for i := range n {
			z.Set(i, j, float64(b.Embedding[i*d+j])-mean)
		}
		for i := range n {
			ss += z.At(i, j) * z.At(i, j)
		}
		std := math.Sqrt(ss / n)
		zmean := 0.0
		for i := range n {
			z.Set(i, j, z.At(i, j)/std)
			zmean += z.At(i, j)
		}
		for i := range n {
			z.Set(i, j, z.At(i, j)-zmean/n)
		}
	}
	var svd mat.SVD
	if !svd.Factorize(z, mat.SVDThin) {
		t.Fatal("SVD failed")
	}
	sv := svd.Values(nil)
	var v mat.Dense
	svd.VTo(&v)
	for k := range d {
		want := sv[k] * sv[k] / (n - 1)
		if math.Abs(m.Eigenvalues[k]-want) > 1e-9*want {
			t.Errorf("eigenvalue %d = %v, SVD gives %v", k, m.Eigenvalues[k], want)
		}
	}
	for k := range c {
		want := fixSign(mat.Col(nil, k, &v))
		for j := range d {
			if math.Abs(m.Components[k][j]-want[j]) > 1e-9 {
				t.Errorf("component %d loading %d = %v, SVD gives %v", k, j, m.Components[k][j], want[j])
			}
		}
	}
	// The transform of a row is its projection on the SVD axes.
	out := make([]float32, m.Dim())
	for _, i := range []int{0, 17, n - 1} {
		if err := m.TransformRow(b.Row(i), out); err != nil {
			t.Fatal(err)
		}
		for k := range c {
			want := 0.0
			for j := range d {
				want += z.At(i, j) * m.Components[k][j]
			}
			if got := float64(out[1+cohort.NumRisks+k]); math.Abs(got-want) > 1e-5*(1+math.Abs(want)) {
				t.Errorf("row %d component %d = %v, want %v", i, k, got, want)
			}
		}
	}
}

// TestFitThreads: the fit is the same whatever GOMAXPROCS.
func TestFitThreads(t *testing.T) {
	b := gaussianBatch(3*covBlockRows+5, 6, 8)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var hashes []string
	for _, procs := range []int{1, 2, 3} {
		runtime.GOMAXPROCS(procs)
		m, err := Fit(b, Options{Components: 3})
		if err != nil {
			t.Fatal(err)
		}
		hashes = append(hashes, m.Hash())
	}
	if hashes[0] != hashes[1] || hashes[0] != hashes[2] {
		t.Errorf("model hashes with GOMAXPROCS 1, 2, 3: %v", hashes)
	}
}

func TestTransformLayout(t *testing.T) {
	b := gaussianBatch(2000, 6, 5)
	m, err := Fit(b, Options{Components: 3, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Schema.Names(); strings.Join(got, ",") != "heart_rate,risk_scores,embedding,beat_props" || m.Dim() != 14 {
		t.Fatalf("schema %v, dim %d", got, m.Dim())
	}
	x := make([]float32, b.Len()*m.Dim())
	if err := m.Transform(b, x); err != nil {
		t.Fatal(err)
	}
	// Standardised columns have mean 0 and variance 1; PCA columns have
	// the eigenvalues as variances; beat proportions pass through.
	for col := range m.Dim() {
		mean, v := 0.0, 0.0
		for i := range b.Len() {
			mean += float64(x[i*m.Dim()+col])
		}
		mean /= float64(b.Len())
		for i := range b.Len() {
			dv := float64(x[i*m.Dim()+col]) - mean
			v += dv * dv
		}
		v /= float64(b.Len() - 1)
		wantV := 1.0 * float64(b.Len()) / float64(b.Len()-1)
		switch {
		case col >= 6 && col < 9:
			wantV = m.Eigenvalues[col-6]
		case col >= 9:
			continue
		}
		if math.Abs(mean) > 1e-5 || math.Abs(v-wantV) > 1e-4*wantV {
			t.Errorf("column %d: mean %v variance %v, want 0 and %v", col, mean, v, wantV)
		}
	}
	for i := range b.Len() {
		for k := range cohort.NumBeats {
			if x[i*m.Dim()+9+k] != b.Props[i*cohort.NumBeats+k] {
				t.Fatalf("row %d beat prop %d changed", i, k)
			}
		}
	}
	// Transform and TransformRow agree bit for bit.
	row := make([]float32, m.Dim())
	for _, i := range []int{0, 1999} {
		m.TransformRow(b.Row(i), row)
		for k, v := range row {
			if v != x[i*m.Dim()+k] {
				t.Fatalf("row %d column %d: TransformRow %v, Transform %v", i, k, v, x[i*m.Dim()+k])
			}
		}
	}
	// A standardised column's scale is E||x−y||² = 2·variance ≈ 2; the
	// embedding's is twice the variance kept.
	if s := m.Scales[0]; math.Abs(s-2) > 0.1 {
		t.Errorf("heart_rate scale %v, want ≈ 2", s)
	}
	kept := 2 * (m.Eigenvalues[0] + m.Eigenvalues[1] + m.Eigenvalues[2])
	if s := m.Scales[2]; math.Abs(s-kept) > 0.05*kept {
		t.Errorf("embedding scale %v, want ≈ %v", s, kept)
	}
}

func TestGroupScalesNormalize(t *testing.T) {
	m, err := Fit(gaussianBatch(300, 4, 1), Options{Components: 2, ScalePairs: 1000})
	if err != nil {
		t.Fatal(err)
	}
	s, err := m.GroupScales(NormalizeGroupScale)
	if err != nil || len(s) != 4 || s[0] != m.Scales[0] {
		t.Errorf("group-scale: %v, %v", s, err)
	}
	s[0] = -1 // a copy: the model keeps its scales
	if m.Scales[0] == -1 {
		t.Error("GroupScales returned the model's own slice")
	}
	one, err := m.GroupScales(NormalizeNone)
	if err != nil || len(one) != 4 || one[0] != 1 || one[3] != 1 {
		t.Errorf("none: %v, %v", one, err)
	}
	if _, err := m.GroupScales("zscore"); err == nil || !strings.Contains(err.Error(), `"zscore"`) {
		t.Errorf("unknown normalize: %v", err)
	}
}

func TestFitErrors(t *testing.T) {
	b := gaussianBatch(50, 4, 1)
	tests := []struct {
		name string
		b    *cohort.Batch
		opt  Options
		want string
	}{
		{"one row", gaussianBatch(1, 4, 1), Options{}, "fit on 1 rows, want at least 2"},
		{"too many components", b, Options{Components: 5}, "5 PCA components of a 4-wide embedding"},
		{"negative components", b, Options{Components: -1}, "-1 PCA components"},
		{"negative pairs", b, Options{Components: 2, ScalePairs: -3}, "-3 scale pairs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Fit(tt.b, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
	flat := gaussianBatch(50, 4, 1)
	for i := range flat.Props {
		flat.Props[i] = 0.2
	}
	if _, err := Fit(flat, Options{Components: 2}); err == nil || !strings.Contains(err.Error(), `group "beat_props" has no spread`) {
		t.Errorf("constant beat props: %v", err)
	}
}

func TestSaveLoad(t *testing.T) {
	b := gaussianBatch(500, 6, 2)
	m, err := Fit(b, Options{Components: 3, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Fit(b, Options{Components: 3, Seed: 4})
	if again.Hash() != m.Hash() {
		t.Error("two fits of the same rows differ")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "model.json")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	l, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if l.Hash() != m.Hash() {
		t.Errorf("hash after load %s, before %s", l.Hash(), m.Hash())
	}
	x, y := make([]float32, b.Len()*m.Dim()), make([]float32, b.Len()*m.Dim())
	m.Transform(b, x)
	l.Transform(b, y)
	for i := range x {
		if x[i] != y[i] {
			t.Fatalf("value %d: %v before save, %v after load", i, x[i], y[i])
		}
	}

	data, _ := os.ReadFile(path)
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o644)
		return p
	}
	altered := strings.Replace(string(data), `"fit_rows": 500`, `"fit_rows": 501`, 1)
	if altered == string(data) {
		t.Fatal("test cannot find fit_rows in the file")
	}
	tests := []struct {
		name, path, want string
	}{
		{"truncated", write("truncated.json", data[:len(data)/2]), "truncated.json is truncated or not JSON"},
		{"altered", write("altered.json", []byte(altered)), "altered.json is altered or corrupt"},
		{"not a model", write("other.json", []byte(`{"format":"x"}`)), `other.json is not a model file (format "x"`},
		{"version", write("v9.json", []byte(strings.Replace(string(data), `"version": 1`, `"version": 9`, 1))), "v9.json has version 9"},
		{"missing", filepath.Join(dir, "none.json"), "none.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestTransformErrors(t *testing.T) {
	m, err := Fit(gaussianBatch(100, 4, 1), Options{Components: 2})
	if err != nil {
		t.Fatal(err)
	}
	other := gaussianBatch(10, 5, 1)
	if err := m.Transform(other, make([]float32, 10*m.Dim())); err == nil || !strings.Contains(err.Error(), "5-wide embeddings, the model expects 4") {
		t.Errorf("embedding width: %v", err)
	}
	if err := m.TransformRow(other.Row(0), make([]float32, m.Dim())); err == nil {
		t.Error("TransformRow accepted a 5-wide embedding")
	}
	if err := m.Transform(gaussianBatch(10, 4, 1), make([]float32, 3)); err == nil {
		t.Error("Transform accepted a short destination")
	}
}

// TestReservoir: the sample depends on the rows and seed, not the batching.
func TestReservoir(t *testing.T) {
	g, err := cohort.NewGenerator(nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	all := g.Generate(0, 0, 5000, nil)
	sample := func(chunk, size int) *cohort.Batch {
		r := NewReservoir(size, all.Dim, 11)
		for lo := 0; lo < all.Len(); lo += chunk {
			part := g.Generate(0, int64(lo), min(chunk, all.Len()-lo), nil)
			r.Add(part)
		}
		if r.Seen() != int64(all.Len()) {
			t.Fatalf("seen %d rows of %d", r.Seen(), all.Len())
		}
		return r.Sample()
	}
	a, b := sample(300, 1000), sample(4096, 1000)
	if a.Len() != 1000 || b.Len() != 1000 || a.Cluster == nil {
		t.Fatalf("samples of %d and %d rows (clusters kept: %v)", a.Len(), b.Len(), a.Cluster != nil)
	}
	for i := range a.Len() {
		if a.HeartRate[i] != b.HeartRate[i] || a.Embedding[i*a.Dim] != b.Embedding[i*b.Dim] || a.Cluster[i] != b.Cluster[i] {
			t.Fatalf("row %d of the sample depends on the batch size", i)
		}
	}
	// Rows from the second half of the stream are sampled too.
	late := 0
	for i := range a.Len() {
		for j := 2500; j < all.Len(); j++ {
			if a.HeartRate[i] == all.HeartRate[j] && a.Risks[i*cohort.NumRisks] == all.Risks[j*cohort.NumRisks] {
				late++
				break
			}
		}
	}
	if late < 400 || late > 600 {
		t.Errorf("%d of 1000 sampled rows come from the second half of the stream, want ≈ 500", late)
	}
	if small := sample(700, 10_000); small.Len() != all.Len() {
		t.Errorf("a reservoir larger than the stream holds %d rows, want %d", small.Len(), all.Len())
	}
}
