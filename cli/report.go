package cli

import (
	"errors"
	"flag"
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
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(stderr, "usage: ecgbench report [-spec FILE] RESULTS_DIR\n\n%s\n\nflags:\n", c.Synopsis())
		fs.SetOutput(stderr)
		fs.PrintDefaults()
		return err
	}
	if err != nil {
		return UsageError{err}
	}
	if fs.NArg() != 1 {
		return UsageErrorf("want one run folder (RESULTS_DIR), got %d arguments", fs.NArg())
	}
	res, err := report.Write(fs.Arg(0), report.Options{SpecPath: *spec})
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	fmt.Fprintln(stdout, res.Markdown)
	fmt.Fprintln(stdout, res.HTML)
	fmt.Fprintf(stdout, "%d figures (PNG and SVG) in %s\n", len(res.Figures), filepath.Join(fs.Arg(0), report.FiguresDir))
	return nil
}
