package results

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeShard(t *testing.T, dir string, recs []Record) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := AppendJSONL(filepath.Join(dir, JSONLFile), r); err != nil {
			t.Fatal(err)
		}
	}
}

func TestMergeShards(t *testing.T) {
	recs := sampleRecords()
	if len(recs) < 3 {
		t.Fatalf("want at least 3 sample records, have %d", len(recs))
	}
	for i := range recs {
		recs[i].SpecHash = "abc"
	}
	tmp := t.TempDir()
	a, b, out := filepath.Join(tmp, "a"), filepath.Join(tmp, "b"), filepath.Join(tmp, "merged")
	writeShard(t, a, recs[:2])
	writeShard(t, b, recs[1:]) // recs[1] in both shards
	os.WriteFile(filepath.Join(b, "spec.toml"), []byte("name = \"x\"\n"), 0o644)

	got, warnings, err := Merge(out, []string{a, b})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(recs) {
		t.Errorf("%d merged records, want %d", len(got), len(recs))
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], recs[1].Name) {
		t.Errorf("warnings %q, want one about the repeated %s", warnings, recs[1].Name)
	}
	back, _, err := ReadJSONL(filepath.Join(out, JSONLFile))
	if err != nil || len(back) != len(recs) {
		t.Fatalf("merged results.jsonl: %d records, %v", len(back), err)
	}
	for _, f := range []string{CSVFile, BenchFile, "spec.toml"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("merged folder lacks %s: %v", f, err)
		}
	}

	other := recs[0]
	other.SpecHash, other.Name = "def", "Search/other"
	c := filepath.Join(tmp, "c")
	writeShard(t, c, []Record{other})
	if _, _, err := Merge(filepath.Join(tmp, "bad"), []string{a, c}); err == nil || !strings.Contains(err.Error(), "one spec") {
		t.Errorf("shards of two specs: %v", err)
	}
	if _, _, err := Merge(out, []string{filepath.Join(tmp, "missing")}); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing shard: %v", err)
	}
}
