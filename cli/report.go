package cli

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/ecgbench/ecgbench/report"
)

func init() { Register(reportCommand{}) }

// reportCommand writes the report of a run folder.
type reportCommand struct{}

func (reportCommand) Name() string { return "report" }

func (reportCommand) Synopsis() string {
	return "write report.md and a self-contained report.html (figures, tables) for a run folder"
}

// Run reads RESULTS_DIR/results.jsonl, draws the figures under
// RESULTS_DIR/figures and writes the report; it prints the paths written.
func (c reportCommand) Run(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(c)
	spec := fs.String("spec", "", "spec `file` shown in the report (default: RESULTS_DIR/spec.toml when present)")
	dirs, err := parseArgs(c, fs, args, stderr, "[-spec FILE] RESULTS_DIR")
	if err != nil {
		return err
	}
	if len(dirs) != 1 {
		return UsageErrorf("want one run folder (RESULTS_DIR), got %d arguments", len(dirs))
	}
	dir := dirs[0]
	res, err := report.Write(dir, report.Options{SpecPath: *spec})
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	fmt.Fprintln(stdout, res.Markdown)
	fmt.Fprintln(stdout, res.HTML)
	fmt.Fprintf(stdout, "%d figures (PNG and SVG) in %s\n", len(res.Figures), filepath.Join(dir, report.FiguresDir))
	return nil
}
