package runner

import (
	"os"
	"strings"
	"testing"

	"github.com/ecgbench/ecgbench/engine/index"
	_ "github.com/ecgbench/ecgbench/engine/index/flat"
)

func TestBuildIndexCachesAndRebuildsCorruptEntries(t *testing.T) {
	c := &Cache{Dir: t.TempDir()}
	rows := make([]float32, 300*4)
	for i := range rows {
		rows[i] = float32(i % 17)
	}
	req := BuildRequest{Key: Key("test", 1), Label: "flat/test", Backend: "flat", Params: index.Params{}, Rows: rows, Dim: 4}
	var warnings []string
	warn := func(s string) { warnings = append(warnings, s) }

	first, err := BuildIndex(c, req, 0, warn)
	if err != nil {
		t.Fatal(err)
	}
	if first.Cached || first.Index.Len() != 300 {
		t.Fatalf("first build: cached=%v len=%d", first.Cached, first.Index.Len())
	}
	second, err := BuildIndex(c, req, 0, warn)
	if err != nil {
		t.Fatal(err)
	}
	if !second.Cached || second.BuildSeconds != first.BuildSeconds {
		t.Errorf("second build: cached=%v, build seconds %v vs %v", second.Cached, second.BuildSeconds, first.BuildSeconds)
	}
	// Corrupt the entry: it is detected, reported and rebuilt.
	path := c.Path("index", req.Key, ".idx")
	data, _ := os.ReadFile(path)
	os.WriteFile(path, data[:len(data)/2], 0o644)
	third, err := BuildIndex(c, req, 0, warn)
	if err != nil {
		t.Fatal(err)
	}
	if third.Cached || len(warnings) != 1 || !strings.Contains(warnings[0], "rebuilding") {
		t.Errorf("corrupt entry: cached=%v warnings=%v", third.Cached, warnings)
	}
	// -force rebuilds.
	c.Force = true
	if fourth, _ := BuildIndex(c, req, 0, warn); fourth.Cached {
		t.Error("force still loaded the cache")
	}
}

func TestMemoryGuardRefusesWithNumbers(t *testing.T) {
	c := &Cache{Dir: t.TempDir()}
	rows := make([]float32, 1000*16)
	_, err := BuildIndex(c, BuildRequest{Key: "k", Label: "flat/huge", Backend: "flat", Rows: rows, Dim: 16}, RSS()+1000, func(string) {})
	if err == nil || !strings.Contains(err.Error(), "refusing to build flat/huge") || !strings.Contains(err.Error(), "KiB") {
		t.Errorf("guard: %v", err)
	}
}
