package report

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ecgbench/ecgbench/plots"
	"github.com/ecgbench/ecgbench/plots/plotstest"
	"github.com/ecgbench/ecgbench/results"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const testSpec = `name = "default"
seed = 42

[dataset]
sizes = [10_000, 100_000]
`

// writeRun makes a run folder from the records of grid, with a spec copy
// and, when cohort is set, the runner's cohort figure.
func writeRun(t testing.TB, grid plotstest.Grid, cohort bool) string {
	t.Helper()
	dir := t.TempDir()
	var lines []byte
	for _, r := range plotstest.Records(grid) {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(append(lines, b...), '\n')
	}
	if err := os.WriteFile(filepath.Join(dir, results.JSONLFile), lines, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, SpecFile), []byte(testSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	if cohort {
		rows, dim, clusters, names := plotstest.Cohort(3000)
		if _, err := plots.CohortPCA(filepath.Join(dir, FiguresDir), rows, dim, clusters, names, 1500); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestWrite checks that the report of a small fixed run holds every
// section, figure and trial, in both formats.
func TestWrite(t *testing.T) {
	dir := writeRun(t, plotstest.SmallGrid(), true)
	res, err := Write(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	md, page := read(t, res.Markdown), read(t, res.HTML)
	recs := plotstest.Records(plotstest.SmallGrid())

	for _, h := range []string{"## Run", "## Machine", "## Spec", "## Headline", "## Recall vs throughput", "## Latency",
		"## Recall per group set", "## Build time and memory", "## Cohort", "## All trials", "## Failed trials"} {
		if !strings.Contains(md, "\n"+h+"\n") {
			t.Errorf("report.md lacks section %q", h)
		}
	}
	for _, id := range []string{"run", "machine", "spec", "headline", "frontier", "latency", "recall", "build", "cohort", "results", "failed"} {
		if !strings.Contains(page, `<h2 id="`+id+`">`) {
			t.Errorf("report.html lacks section %q", id)
		}
	}

	kinds := map[string]int{}
	for _, f := range res.Figures {
		kinds[f.Kind]++
		// html/template writes the '+' of group-set names as &#43; in
		// attributes; the browser test checks the parsed ids.
		if !strings.Contains(page, `<figure id="fig-`+strings.ReplaceAll(f.Name, "+", "&#43;")+`">`) {
			t.Errorf("report.html lacks figure %s", f.Name)
		}
		if !strings.Contains(md, "("+filepath.ToSlash(filepath.Join(FiguresDir, f.Name))+".svg)") {
			t.Errorf("report.md does not link figure %s", f.Name)
		}
	}
	for _, k := range []string{plots.KindFrontierSummary, plots.KindFrontier, plots.KindLatencyN, plots.KindLatencyGroups,
		plots.KindLatencyK, plots.KindRecallBars, plots.KindBuild, plots.KindCohort} {
		if kinds[k] == 0 {
			t.Errorf("no %s figure in the report", k)
		}
	}
	if got := strings.Count(page, "<svg "); got != len(res.Figures) {
		t.Errorf("report.html inlines %d SVGs, want one per figure (%d)", got, len(res.Figures))
	}

	// Self-contained: no script, no external reference, no image file.
	for _, bad := range []*regexp.Regexp{
		regexp.MustCompile(`<script`), regexp.MustCompile(`<img`), regexp.MustCompile(`<link`),
		regexp.MustCompile(`(src|href)="(https?:)?//`), regexp.MustCompile(`url\(`),
	} {
		if loc := bad.FindStringIndex(page); loc != nil {
			t.Errorf("report.html is not self-contained: %q at byte %d", page[loc[0]:min(loc[1]+40, len(page))], loc[0])
		}
	}

	// Every trial has a row; the timed-out one also in the failed table.
	resultsRows := tableRows(t, page, "results")
	if resultsRows != len(recs) {
		t.Errorf("table of all trials has %d rows, want %d", resultsRows, len(recs))
	}
	if got := tableRows(t, page, "failed"); got != countFailed(recs) || countFailed(recs) != 1 {
		t.Errorf("failed table has %d rows, want %d (the fixture's one timeout)", got, countFailed(recs))
	}
	if !strings.Contains(page, "trial exceeded the run timeout of 20m0s") || !strings.Contains(md, "trial exceeded the run timeout of 20m0s") {
		t.Error("the timed-out trial's error is not shown")
	}
	if !strings.Contains(md, "```toml\n"+strings.TrimSpace(testSpec)+"\n```") || !strings.Contains(page, "From <code>spec.toml</code>") {
		t.Error("the spec is not shown")
	}
	// Tables: machine, 4 headline tables (2 N × 2 k), results, failed.
	if res.Tables != 7 || strings.Count(page, "<table ") != res.Tables {
		t.Errorf("Tables = %d, %d <table> in the page; want 7", res.Tables, strings.Count(page, "<table "))
	}

	// The text before the figures (run, machine, spec, headline tables)
	// is fixed by the records.
	head, _, ok := strings.Cut(md, "## Recall vs throughput")
	if !ok {
		t.Fatal("no figures section")
	}
	golden(t, filepath.Join("testdata", "head.md.golden"), head)
}

func countFailed(recs []results.Record) int {
	n := 0
	for _, r := range recs {
		if r.Status != results.StatusOK {
			n++
		}
	}
	return n
}

// tableRows counts the body rows of the table with the given id.
func tableRows(t *testing.T, page, id string) int {
	t.Helper()
	_, rest, ok := strings.Cut(page, `<table id="`+id+`">`)
	if !ok {
		t.Fatalf("no table %q", id)
	}
	body, _, _ := strings.Cut(rest, "</table>")
	_, body, _ = strings.Cut(body, "<tbody>")
	return strings.Count(body, "<tr>")
}

func TestWriteWithoutSpecOrCohort(t *testing.T) {
	dir := writeRun(t, plotstest.SmallGrid(), false)
	if err := os.Remove(filepath.Join(dir, SpecFile)); err != nil {
		t.Fatal(err)
	}
	// A figure of an earlier report that this run no longer has.
	stale := filepath.Join(dir, FiguresDir, "frontier-old.svg")
	if err := os.MkdirAll(filepath.Dir(stale), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stale, []byte("<svg/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Write(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	md := read(t, res.Markdown)
	for _, want := range []string{"No spec.toml in the run folder.", "No cohort figure in this run folder"} {
		if !strings.Contains(md, want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("a stale figure of an earlier report was kept")
	}
}

func TestWriteErrors(t *testing.T) {
	empty := t.TempDir()
	if err := os.WriteFile(filepath.Join(empty, results.JSONLFile), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	run := writeRun(t, plotstest.SmallGrid(), false)
	tests := []struct {
		name, dir string
		opts      Options
		want      string
	}{
		{"no results", t.TempDir(), Options{}, "results.jsonl: no such file"},
		{"empty results", empty, Options{}, "holds no records"},
		{"missing spec given", run, Options{SpecPath: filepath.Join(run, "nope.toml")}, "nope.toml: no such file"},
	}
	for _, tt := range tests {
		_, err := Write(tt.dir, tt.opts)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

// golden compares got with the file at path, or rewrites it with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s\n(run go test -update if the change is intended)", path, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s: got %d lines, want %d (run go test -update if the change is intended)", path, len(gl), len(wl))
	}
}
