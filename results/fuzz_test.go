package results

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzReadCSV: ReadCSV never panics, and whatever it reads that WriteCSV
// can write reads back the same.
func FuzzReadCSV(f *testing.F) {
	golden, err := os.ReadFile(filepath.Join("testdata", "results.csv.golden"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(golden))
	header, _, _ := strings.Cut(string(golden), "\n")
	f.Add(header + "\n")
	f.Add("name\n")
	f.Fuzz(func(t *testing.T, input string) {
		recs, err := ReadCSV(strings.NewReader(input), "fuzz.csv")
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := WriteCSV(&buf, recs); err != nil {
			return // e.g. a group named "" cannot be written back
		}
		again, err := ReadCSV(&buf, "again.csv")
		if err != nil {
			t.Fatalf("reading back what WriteCSV wrote: %v", err)
		}
		a, _ := json.Marshal(recs)
		b, _ := json.Marshal(again)
		if !bytes.Equal(a, b) {
			t.Fatalf("round trip changed the records:\n%s\n%s", a, b)
		}
	})
}
