package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecgbench/ecgbench/plots/plotstest"
	"github.com/ecgbench/ecgbench/results"
)

func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	var lines []byte
	grid := plotstest.SmallGrid()
	grid.Sizes, grid.Ks, grid.Indexes = grid.Sizes[:1], grid.Ks[:1], []string{"flat"}
	for _, r := range plotstest.Records(grid) {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(append(lines, b...), '\n')
	}
	// A run killed while writing its last record: reported, not fatal.
	lines = append(lines, `{"name":"Search/cut`...)
	if err := os.WriteFile(filepath.Join(dir, results.JSONLFile), lines, 0o644); err != nil {
		t.Fatal(err)
	}

	var stdout, stderr bytes.Buffer
	if code := Main([]string{"report", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("ecgbench report: exit %d\n%s", code, stderr.String())
	}
	out := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(out) != 3 || out[0] != filepath.Join(dir, "report.md") || out[1] != filepath.Join(dir, "report.html") ||
		!strings.HasSuffix(out[2], "figures (PNG and SVG) in "+filepath.Join(dir, "figures")) {
		t.Errorf("stdout:\n%s\nwant the report.md and report.html paths and the figures folder", stdout.String())
	}
	if !strings.Contains(stderr.String(), "warning: ") || !strings.Contains(stderr.String(), "incomplete last record dropped") {
		t.Errorf("stderr %q: want the warning about the cut last record", stderr.String())
	}
	for _, name := range []string{"report.md", "report.html"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}

	for _, tt := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"report"}, 2, "want one run folder (RESULTS_DIR), got 0 arguments"},
		{[]string{"report", dir, dir}, 2, "got 2 arguments"},
		{[]string{"report", filepath.Join(dir, "nope")}, 1, "results.jsonl: no such file"},
		{[]string{"report", "-spec", filepath.Join(dir, "none.toml"), dir}, 1, "none.toml: no such file"},
		{[]string{"report", "-h"}, 0, "usage: ecgbench report [-spec FILE] RESULTS_DIR"},
	} {
		stdout.Reset()
		stderr.Reset()
		code := Main(tt.args, &stdout, &stderr)
		if code != tt.code || !strings.Contains(stderr.String(), tt.err) {
			t.Errorf("ecgbench %v: exit %d, stderr %q; want exit %d and %q", tt.args, code, stderr.String(), tt.code, tt.err)
		}
	}
}
