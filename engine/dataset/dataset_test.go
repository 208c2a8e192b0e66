package dataset

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/ecgbench/ecgbench/engine/cohort"
)

// small is a pipeline small enough for unit tests that still spans several
// chunks and has rows beyond the fit sample.
func small(n int64, chunk int) Options {
	return Options{N: n, Seed: 3, FitRows: 3000, ScalePairs: 2000, Chunk: chunk, EmbeddingDim: 16}
}

func TestSyntheticShape(t *testing.T) {
	var stages []string
	opt := small(10_000, 4096)
	opt.Progress = func(p Progress) {
		if len(stages) == 0 || stages[len(stages)-1] != p.Stage {
			stages = append(stages, p.Stage)
		}
	}
	d, m, err := Synthetic(opt)
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 10_000 || d.Dim() != 16 || len(d.Data) != 160_000 || len(d.Cluster) != 10_000 {
		t.Fatalf("rows %d dim %d values %d clusters %d", d.Len(), d.Dim(), len(d.Data), len(d.Cluster))
	}
	if m.Dim() != 16 || m.EmbeddingDim != 16 || m.FitRows != 3000 || d.Meta.ModelHash != m.Hash() {
		t.Errorf("model: dim %d, D %d, fit rows %d", m.Dim(), m.EmbeddingDim, m.FitRows)
	}
	want := cohort.DefaultProfile()
	if d.Meta.Source != SourceSynthetic || d.Meta.Seed != 3 || d.Meta.Stream != 0 || d.Meta.Profile != "reference" ||
		d.Meta.Components != 5 || !slices.Equal(d.Meta.ClusterNames, want.ClusterNames()) || !slices.Equal(d.Meta.GroupScales, m.Scales) {
		t.Errorf("metadata %+v", d.Meta)
	}
	if p, _ := want.WithEmbeddingDim(16); d.Meta.ProfileHash != p.Hash() {
		t.Errorf("profile hash %s, want that of the 16-D default", d.Meta.ProfileHash)
	}
	if !slices.Equal(stages, []string{"fit", "transform"}) {
		t.Errorf("progress stages %v", stages)
	}
	// Row 1234 is the transform of raw row 1234 of stream 0.
	g, _ := cohort.NewGenerator(mustDim(t, 16), 3)
	raw := g.Generate(0, 1234, 1, nil)
	row := make([]float32, 16)
	if err := m.TransformRow(raw.Row(0), row); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(row, d.Row(1234)) || d.Cluster[1234] != raw.Cluster[0] {
		t.Errorf("row 1234 = %v, want %v", d.Row(1234), row)
	}
}

func mustDim(t *testing.T, dim int) *cohort.Profile {
	p, err := cohort.DefaultProfile().WithEmbeddingDim(dim)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestFingerprintStable: the same options give the same fingerprint
// whatever GOMAXPROCS and chunk size.
func TestFingerprintStable(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var fps []string
	for _, procs := range []int{1, 2} {
		for _, chunk := range []int{1000, 7777} {
			runtime.GOMAXPROCS(procs)
			d, _, err := Synthetic(small(20_000, chunk))
			if err != nil {
				t.Fatal(err)
			}
			fps = append(fps, d.Fingerprint())
		}
	}
	for i, fp := range fps {
		if fp != fps[0] {
			t.Errorf("run %d fingerprint %s, run 0 %s", i, fp, fps[0])
		}
	}
	other := small(20_000, 1000)
	other.Seed = 4
	d, _, _ := Synthetic(other)
	if d.Fingerprint() == fps[0] || len(d.Short()) != 12 || !strings.HasPrefix(d.Fingerprint(), d.Short()) {
		t.Errorf("seed 4: fingerprint %s short %s", d.Fingerprint(), d.Short())
	}
}

func TestWriteRead(t *testing.T) {
	d, _, err := Synthetic(small(5000, 2048))
	if err != nil {
		t.Fatal(err)
	}
	fp := d.Fingerprint()
	path := filepath.Join(t.TempDir(), "d"+FileExt)
	if err := d.Write(path); err != nil {
		t.Fatal(err)
	}
	r, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if r.Fingerprint() != fp || !slices.Equal(r.Data, d.Data) || !slices.Equal(r.Cluster, d.Cluster) || r.IDs != nil {
		t.Errorf("read back: fingerprint %s (want %s), data equal %v, clusters equal %v", r.Fingerprint(), fp, slices.Equal(r.Data, d.Data), slices.Equal(r.Cluster, d.Cluster))
	}
	r.Meta.HasClusters, r.Meta.HasIDs = false, false
	if got, want := r.Meta, d.Meta; got.ModelHash != want.ModelHash || got.Rows != want.Rows || !slices.Equal(got.GroupScales, want.GroupScales) || got.ProfileHash != want.ProfileHash {
		t.Errorf("meta %+v, want %+v", got, want)
	}

	// A dataset with explicit ids round-trips too, and ids enter the fingerprint.
	withIDs := &Dataset{Meta: d.Meta, Data: d.Data[:3*d.Dim()], Cluster: d.Cluster[:3], IDs: []string{"a", "b,c", "d"}}
	withIDs.Meta.Rows = 3
	p2 := filepath.Join(t.TempDir(), "ids"+FileExt)
	if err := withIDs.Write(p2); err != nil {
		t.Fatal(err)
	}
	r2, err := Read(p2)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r2.IDs, withIDs.IDs) || r2.Fingerprint() != withIDs.Fingerprint() {
		t.Errorf("ids %q fingerprint %s, want %q %s", r2.IDs, r2.Fingerprint(), withIDs.IDs, withIDs.Fingerprint())
	}
	if i, err := r2.Lookup("b,c"); err != nil || i != 1 {
		t.Errorf("Lookup(b,c) = %d, %v", i, err)
	}
}

// TestReadDamaged: every damaged file is an error naming the file.
func TestReadDamaged(t *testing.T) {
	d, _, err := Synthetic(small(500, 500))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "good"+FileExt)
	if err := d.Write(path); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(path)
	metaEnd := bytes.IndexByte(good, '}') // inside the metadata
	flip := func(at int) []byte {
		b := bytes.Clone(good)
		b[at] ^= 0x40
		return b
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not a dataset file: file is truncated"},
		{"header only", good[:10], "file is truncated"},
		{"half the data", good[:len(good)/2], "file is truncated"},
		{"no checksum", good[:len(good)-10], "file is truncated"},
		{"trailing bytes", append(bytes.Clone(good), 0), "altered or corrupt"},
		{"flipped data", flip(len(good) - 600), "checksum mismatch"},
		{"flipped checksum", flip(len(good) - 1), "checksum mismatch"},
		{"flipped metadata", flip(metaEnd - 3), "altered or corrupt"},
		{"magic", append([]byte("PARQUET1"), good[8:]...), `not a dataset file (starts with "PARQUET1"`},
		{"version", append(append([]byte(magic), 2, 0, 0, 0), good[12:]...), "dataset file version 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+FileExt)
			if err := os.WriteFile(p, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Read(p)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), p) {
				t.Errorf("error %v\nwant it to name %s and say %q", err, p, tt.want)
			}
		})
	}
	if _, err := Read(filepath.Join(dir, "none")); err == nil || !strings.Contains(err.Error(), "none") {
		t.Errorf("missing file: %v", err)
	}
}

func TestQueries(t *testing.T) {
	opt := small(4000, 1000)
	d, m, err := Synthetic(opt)
	if err != nil {
		t.Fatal(err)
	}
	q, err := Queries(opt, m, 50)
	if err != nil {
		t.Fatal(err)
	}
	if q.Len() != 50 || q.Meta.Stream != 1 || q.ID(7) != "ecg_s1_7" || q.Meta.ModelHash != d.Meta.ModelHash || len(q.Cluster) != 50 {
		t.Fatalf("queries: %d rows, stream %d, id %s", q.Len(), q.Meta.Stream, q.ID(7))
	}
	if slices.Equal(q.Row(0), d.Row(0)) {
		t.Error("holdout query 0 equals data row 0")
	}
	again, _ := Queries(opt, m, 50)
	if again.Fingerprint() != q.Fingerprint() {
		t.Error("holdout queries are not reproducible")
	}
	if _, err := Queries(opt, m, 0); err == nil {
		t.Error("0 queries accepted")
	}
	wide := opt
	wide.EmbeddingDim = 32
	if _, err := Queries(wide, m, 5); err == nil || !strings.Contains(err.Error(), "32-wide embeddings, the model expects 16") {
		t.Errorf("mismatched model: %v", err)
	}
}

func TestSyntheticErrors(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
		want string
	}{
		{"n zero", Options{N: 0}, "n = 0 rows, want ≥ 1"},
		{"n negative", Options{N: -5}, "n = -5 rows"},
		{"components", Options{N: 10, Components: -2}, "PCA components = -2"},
		{"too many components", Options{N: 100, EmbeddingDim: 4, Components: 6}, "6 PCA components of a 4-wide embedding"},
		{"chunk", Options{N: 10, Chunk: -1}, "chunk = -1"},
		{"fit rows", Options{N: 10, FitRows: 1}, "fit rows = 1"},
		{"one row", Options{N: 1}, "fit on 1 rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Synthetic(tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestLookup(t *testing.T) {
	d, _, err := Synthetic(small(100, 100))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		id   string
		row  int
		want string
	}{
		{"ecg_0", 0, ""},
		{"ecg_99", 99, ""},
		{"ecg_100", 0, `no row with id "ecg_100" (ids run from ecg_0 to ecg_99)`},
		{"ecg_007", 0, `no row with id "ecg_007"`},
		{"ecg_s1_5", 0, `no row with id "ecg_s1_5"`},
		{"ECG_5", 0, `no row with id "ECG_5"`},
		{"", 0, `no row with id ""`},
	} {
		row, err := d.Lookup(tt.id)
		if tt.want == "" && (err != nil || row != tt.row) {
			t.Errorf("Lookup(%q) = %d, %v, want %d", tt.id, row, err, tt.row)
		}
		if tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("Lookup(%q) error %v, want %q", tt.id, err, tt.want)
		}
	}
	if d.ClusterName(3) != d.Meta.ClusterNames[d.Cluster[3]] {
		t.Error("ClusterName")
	}
}

func TestDir(t *testing.T) {
	d, m, err := Synthetic(small(800, 400))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "new", "folder")
	if err := WriteDir(dir, d, m); err != nil {
		t.Fatal(err)
	}
	fp, _ := os.ReadFile(filepath.Join(dir, DirFingerprint))
	if string(fp) != d.Fingerprint()+"\n" {
		t.Errorf("fingerprint file %q", fp)
	}
	r, rm, err := ReadDir(dir)
	if err != nil || r.Fingerprint() != d.Fingerprint() || rm.Hash() != m.Hash() {
		t.Fatalf("ReadDir: %v", err)
	}
	other, m2, _ := Synthetic(small(900, 400))
	if err := WriteDir(dir, other, m); err == nil || !strings.Contains(err.Error(), "did not preprocess") {
		t.Errorf("mismatched model written: %v", err)
	}
	if err := m2.Save(filepath.Join(dir, DirModel)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ReadDir(dir); err == nil || !strings.Contains(err.Error(), "model.json (hash") {
		t.Errorf("mismatched model read: %v", err)
	}
}

func TestSlice(t *testing.T) {
	d, _, err := Synthetic(small(1000, 1000))
	if err != nil {
		t.Fatal(err)
	}
	head, tail := d.Slice(0, 600), d.Slice(600, 1000)
	if head.Len() != 600 || head.IDs != nil || head.ID(5) != "ecg_5" || !slices.Equal(head.Row(599), d.Row(599)) {
		t.Errorf("head: %d rows, id %s", head.Len(), head.ID(5))
	}
	if tail.Len() != 400 || tail.ID(0) != "ecg_600" || tail.ClusterName(0) != d.ClusterName(600) || !slices.Equal(tail.Row(0), d.Row(600)) {
		t.Errorf("tail: %d rows, id %s", tail.Len(), tail.ID(0))
	}
	if i, err := tail.Lookup("ecg_601"); err != nil || i != 1 {
		t.Errorf("tail.Lookup(ecg_601) = %d, %v", i, err)
	}
	p := filepath.Join(t.TempDir(), "tail"+FileExt)
	if err := tail.Write(p); err != nil {
		t.Fatal(err)
	}
	if r, err := Read(p); err != nil || r.ID(399) != "ecg_999" || r.Fingerprint() == d.Fingerprint() {
		t.Errorf("tail read back: %v", err)
	}
}
