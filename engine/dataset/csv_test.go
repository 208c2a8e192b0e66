package dataset

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ecgbench/ecgbench/engine/cohort"
)

// exportCSV runs the pipeline with a CSV export of the raw rows.
func exportCSV(t *testing.T, opt Options) (*Dataset, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cohort.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	var w *CSVWriter
	names := cohort.DefaultProfile().ClusterNames()
	opt.Raw = func(b *cohort.Batch) error {
		if w == nil {
			if w, err = NewCSVWriter(f, b.Dim, names); err != nil {
				return err
			}
		}
		return w.Write(b)
	}
	d, _, err := Synthetic(opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return d, path
}

// TestCSVRoundTrip: the exported raw rows read back bit for bit, and a
// dataset built from the file equals the synthetic one.
func TestCSVRoundTrip(t *testing.T) {
	opt := small(2500, 1000) // N ≤ FitRows: both pipelines fit on every row
	d, path := exportCSV(t, opt)
	raw, names, err := ReadRawCSV(path)
	if err != nil {
		t.Fatal(err)
	}
	g, _ := cohort.NewGenerator(mustDim(t, 16), opt.Seed)
	want := g.Generate(0, 0, 2500, nil)
	if raw.Len() != 2500 || raw.Dim != 16 || raw.ID(2499) != "ecg_2499" {
		t.Fatalf("read %d rows of width %d, last id %s", raw.Len(), raw.Dim, raw.ID(2499))
	}
	if !slices.Equal(raw.HeartRate, want.HeartRate) || !slices.Equal(raw.Risks, want.Risks) ||
		!slices.Equal(raw.Embedding, want.Embedding) || !slices.Equal(raw.Props, want.Props) {
		t.Error("raw values changed through CSV")
	}
	profileNames := cohort.DefaultProfile().ClusterNames()
	for i := range raw.Len() {
		if names[raw.Cluster[i]] != profileNames[want.Cluster[i]] {
			t.Fatalf("row %d: cluster %s, want %s", i, names[raw.Cluster[i]], profileNames[want.Cluster[i]])
		}
	}

	f, m, err := FromCSV(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(f.Data, d.Data) || f.Meta.ModelHash != d.Meta.ModelHash || f.IDs != nil || m.FitRows != 2500 {
		t.Errorf("dataset from CSV differs: data equal %v, model %s vs %s, ids %v", slices.Equal(f.Data, d.Data), f.Meta.ModelHash, d.Meta.ModelHash, f.IDs != nil)
	}
	if f.Meta.Source != SourceFile || f.Meta.SourceFile != "cohort.csv" {
		t.Errorf("source %q file %q", f.Meta.Source, f.Meta.SourceFile)
	}
	for i := range f.Len() {
		if f.ClusterName(i) != d.ClusterName(i) {
			t.Fatalf("row %d: cluster %s, want %s", i, f.ClusterName(i), d.ClusterName(i))
		}
	}
}

// TestFromCSVSample: a file larger than FitRows is fitted on a sample, and
// custom ids are kept.
func TestFromCSVSample(t *testing.T) {
	_, path := exportCSV(t, small(5000, 1000))
	text, _ := os.ReadFile(path)
	custom := strings.ReplaceAll(string(text), "\necg_", "\npatient-")
	p2 := filepath.Join(t.TempDir(), "patients.csv")
	os.WriteFile(p2, []byte(custom), 0o644)
	opt := small(0, 700)
	d, m, err := FromCSV(p2, opt)
	if err != nil {
		t.Fatal(err)
	}
	if m.FitRows != opt.FitRows || d.Len() != 5000 || d.ID(17) != "patient-17" {
		t.Errorf("fit rows %d, rows %d, id %s", m.FitRows, d.Len(), d.ID(17))
	}
	if i, err := d.Lookup("patient-4999"); err != nil || i != 4999 {
		t.Errorf("Lookup = %d, %v", i, err)
	}
	opt.Chunk = 4096
	again, _, err := FromCSV(p2, opt)
	if err != nil || again.Fingerprint() != d.Fingerprint() {
		t.Errorf("a different chunk size changed the dataset (%v)", err)
	}
}

// TestCSVColumnOrder: columns are matched by name; cluster is optional.
func TestCSVColumnOrder(t *testing.T) {
	dir := t.TempDir()
	header := RawColumns(2, false)
	values := map[string]string{"id": "x1", "heart_rate": "72.5", "embedding_0": "0.25", "embedding_1": "-1e-3",
		"risk_afib": "0.1", "risk_brady": "0.2", "risk_tachy": "0.3", "risk_pvc": "0.4", "risk_ischemia": "0.5",
		"prop_N": "0.9", "prop_S": "0.025", "prop_V": "0.025", "prop_F": "0.025", "prop_Q": "0.025"}
	slices.Reverse(header)
	var row []string
	for _, c := range header {
		row = append(row, values[c])
	}
	p := filepath.Join(dir, "rev.csv")
	os.WriteFile(p, []byte(strings.Join(header, ",")+"\n"+strings.Join(row, ",")+"\n"), 0o644)
	b, names, err := ReadRawCSV(p)
	if err != nil {
		t.Fatal(err)
	}
	r := b.Row(0)
	if names != nil || b.Cluster != nil || b.ID(0) != "x1" || r.HeartRate != 72.5 || r.Embedding[1] != -1e-3 || r.Risks[4] != 0.5 || r.Props[0] != 0.9 {
		t.Errorf("row %+v id %s names %v", r, b.ID(0), names)
	}
}

func TestCSVErrors(t *testing.T) {
	dir := t.TempDir()
	good := RawColumns(2, true)
	line := "ecg_0,normal,70,0.1,0.1,0.1,0.1,0.1,0.5,0.5,0.9,0.025,0.025,0.025,0.025"
	tests := []struct {
		name, text, want string
	}{
		{"empty", "", "empty.csv is empty, want a header line"},
		{"missing columns", "id,heart_rate,embedding_0\n", "missing-columns.csv:1: missing column(s) risk_afib, risk_brady"},
		{"no embedding", strings.Join(slices.DeleteFunc(slices.Clone(good), func(s string) bool { return strings.HasPrefix(s, "embedding_") }), ",") + "\n", "missing column(s) embedding_0 …"},
		{"embedding gap", strings.Replace(strings.Join(good, ","), "embedding_1", "embedding_2", 1) + "\n", "missing column(s) embedding_1"},
		{"unknown column", strings.Join(good, ",") + ",age\n", `unknown-column.csv:1: unknown column 16 "age"`},
		{"duplicate column", strings.Replace(strings.Join(good, ","), "risk_brady", "risk_afib", 1) + "\n", `column "risk_afib" appears twice (columns 4 and 5)`},
		{"bad embedding name", strings.Join(good, ",") + ",embedding_x\n", `column 16 "embedding_x": want embedding_<j>`},
		{"not a number", strings.Join(good, ",") + "\n" + line + "\n" + strings.Replace(line, "70", "seventy", 1) + "\n", `not-a-number.csv:3: column 3 heart_rate: "seventy" is not a number`},
		{"nan", strings.Join(good, ",") + "\n" + strings.Replace(line, "0.5,0.5", "0.5,NaN", 1) + "\n", "nan.csv:2: column 10 embedding_1: NaN"},
		{"inf", strings.Join(good, ",") + "\n" + strings.Replace(line, ",0.1,", ",1e999,", 1) + "\n", `inf.csv:2: column 4 risk_afib: "1e999" is out of float32 range`},
		{"field count", strings.Join(good, ",") + "\n" + line + ",1\n", "field-count.csv:2: 16 fields, the header has 15"},
		{"empty id", strings.Join(good, ",") + "\n" + strings.Replace(line, "ecg_0", "", 1) + "\n", "empty-id.csv:2: column id: empty id"},
		{"empty cluster", strings.Join(good, ",") + "\n" + strings.Replace(line, "normal", "", 1) + "\n", "empty-cluster.csv:2: column cluster: empty cluster name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".csv")
			os.WriteFile(p, []byte(tt.text), 0o644)
			_, _, err := ReadRawCSV(p)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v\nwant %q", err, tt.want)
			}
		})
	}
	// Pipeline-level errors: duplicate ids, too few rows.
	var dup bytes.Buffer
	dup.WriteString(strings.Join(good, ",") + "\n")
	for i, id := range []string{"a", "b", "c", "b"} {
		v := fmt.Sprint(0.1 + 0.01*float64(i))
		dup.WriteString(strings.Join([]string{id, "normal", fmt.Sprint(70 + i), v, v, v, v, v, v, fmt.Sprint(i * i), v, "0.01", "0.01", "0.01", "0.01"}, ",") + "\n")
	}
	p := filepath.Join(dir, "dup.csv")
	os.WriteFile(p, dup.Bytes(), 0o644)
	if _, _, err := FromCSV(p, Options{Components: 2}); err == nil || !strings.Contains(err.Error(), `dup.csv: id "b" appears on lines 3 and 5`) {
		t.Errorf("duplicate ids: %v", err)
	}
	p = filepath.Join(dir, "one.csv")
	os.WriteFile(p, []byte(strings.Join(good, ",")+"\n"+line+"\n"), 0o644)
	if _, _, err := FromCSV(p, Options{Components: 2}); err == nil || !strings.Contains(err.Error(), "one.csv has 1 data rows, want at least 2") {
		t.Errorf("one row: %v", err)
	}
}
