package report

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/ecgbench/ecgbench/plots"
	"github.com/ecgbench/ecgbench/results"
)

// File names inside a run folder.
const (
	MarkdownFile = "report.md"
	HTMLFile     = "report.html"
	SpecFile     = "spec.toml"
	FiguresDir   = "figures"
)

// Options are the settings of Write; the zero value gives the defaults.
type Options struct {
	// SpecPath is the spec shown in the report. Default: runDir/spec.toml
	// (the copy the runner keeps), left out when missing; a SpecPath given
	// here must exist.
	SpecPath string
	// Targets are the recall levels of the headline tables. Default: 0.95
	// and 0.99.
	Targets []float64
}

// Result tells what Write wrote.
type Result struct {
	Markdown, HTML string // paths of report.md and report.html
	// Figures are the figures shown, in page order, with their files.
	Figures []plots.Figure
	// Tables is the number of tables in the page.
	Tables int
	// Warnings are problems that did not stop the report (e.g. a last
	// record cut short by an interrupted run).
	Warnings []string
}

// Write reads runDir/results.jsonl, draws the figures under
// runDir/figures, and writes runDir/report.md and runDir/report.html.
// It re-runs nothing.
func Write(runDir string, opts Options) (Result, error) {
	recs, warnings, err := results.ReadJSONL(filepath.Join(runDir, results.JSONLFile))
	if err != nil {
		return Result{}, fmt.Errorf("report: %w", err)
	}
	if len(recs) == 0 {
		return Result{}, fmt.Errorf("report: %s holds no records", filepath.Join(runDir, results.JSONLFile))
	}
	targets := opts.Targets
	if len(targets) == 0 {
		targets = []float64{0.95, 0.99}
	}
	specPath := opts.SpecPath
	if specPath == "" {
		specPath = filepath.Join(runDir, SpecFile)
	}
	spec, err := os.ReadFile(specPath)
	if err != nil && (opts.SpecPath != "" || !errors.Is(err, fs.ErrNotExist)) {
		return Result{}, fmt.Errorf("report: spec: %w", err)
	}

	figDir := filepath.Join(runDir, FiguresDir)
	figs, err := plots.All(recs, figDir)
	if err != nil {
		return Result{}, fmt.Errorf("report: %w", err)
	}
	if err := removeStale(figDir, figs); err != nil {
		return Result{}, err
	}
	cohort, ok, err := plots.LoadCohort(figDir)
	if err != nil {
		return Result{}, fmt.Errorf("report: %w", err)
	}
	var cohortFig *plots.Figure
	if ok {
		cohortFig = &cohort
	}

	shownSpec := specPath
	if r, err := filepath.Rel(runDir, specPath); err == nil && !strings.HasPrefix(r, "..") {
		shownSpec = r
	}
	p := build(recs, warnings, figs, cohortFig, string(spec), shownSpec, targets)
	p.Source = fmt.Sprintf("Made from %s (%d records) by ecgbench report; figures in %s/.", results.JSONLFile, len(recs), FiguresDir)
	res := Result{
		Markdown: filepath.Join(runDir, MarkdownFile),
		HTML:     filepath.Join(runDir, HTMLFile),
		Figures:  p.figures(),
		Tables:   len(p.tables()),
		Warnings: warnings,
	}
	page, err := html(&p, runDir)
	if err != nil {
		return Result{}, err
	}
	if err := results.WriteFileAtomic(res.Markdown, []byte(markdown(&p, runDir))); err != nil {
		return Result{}, err
	}
	if err := results.WriteFileAtomic(res.HTML, []byte(page)); err != nil {
		return Result{}, err
	}
	return res, nil
}

// removeStale deletes the figure files of an earlier report of the run
// (a run resumed with more trials can change the set of figures) that
// figs no longer has, keeping the runner's cohort figure.
func removeStale(figDir string, figs []plots.Figure) error {
	keep := map[string]bool{}
	for _, f := range figs {
		keep[f.PNGPath], keep[f.SVGPath] = true, true
	}
	for _, pattern := range []string{"*.png", "*.svg"} {
		paths, err := filepath.Glob(filepath.Join(figDir, pattern))
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		for _, p := range paths {
			if keep[p] || strings.HasPrefix(filepath.Base(p), plots.CohortName+".") {
				continue
			}
			if err := os.Remove(p); err != nil {
				return fmt.Errorf("report: remove stale figure: %w", err)
			}
		}
	}
	return nil
}
