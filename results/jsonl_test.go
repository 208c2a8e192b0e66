package results

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeJSONL(t *testing.T, recs []Record) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), JSONLFile)
	for _, r := range recs {
		if err := AppendJSONL(path, r); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func TestJSONLRoundTrip(t *testing.T) {
	recs := sampleRecords()
	got, warnings, err := ReadJSONL(writeJSONL(t, recs))
	if err != nil || len(warnings) > 0 {
		t.Fatalf("ReadJSONL: %v, warnings %v", err, warnings)
	}
	if len(got) != len(recs) {
		t.Fatalf("read %d records, want %d", len(got), len(recs))
	}
	for i := range recs {
		w, _ := json.Marshal(recs[i])
		g, _ := json.Marshal(got[i])
		if !bytes.Equal(g, w) {
			t.Errorf("record %d:\n got %s\nwant %s", i, g, w)
		}
	}
}

// TestJSONLTruncatedLastLine simulates a run killed while appending: the
// finished records are kept and the cut line is dropped with a warning.
func TestJSONLTruncatedLastLine(t *testing.T) {
	recs := sampleRecords()
	path := writeJSONL(t, recs[:2])
	line, _ := json.Marshal(recs[2])
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(line[:len(line)/2])
	f.Close()

	got, warnings, err := ReadJSONL(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != recs[0].Name || got[1].Name != recs[1].Name {
		t.Errorf("read %d records, want the 2 finished ones", len(got))
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], path+":3: incomplete last record dropped") {
		t.Errorf("warnings = %q, want one naming %s:3", warnings, path)
	}
}

func TestJSONLBadMiddleLine(t *testing.T) {
	path := writeJSONL(t, sampleRecords()[:1])
	data, _ := os.ReadFile(path)
	os.WriteFile(path, append([]byte("{broken\n"), data...), 0o644)
	_, _, err := ReadJSONL(path)
	if err == nil || !strings.HasPrefix(err.Error(), path+":1: ") {
		t.Errorf("ReadJSONL error = %v, want one starting with %s:1:", err, path)
	}
}
