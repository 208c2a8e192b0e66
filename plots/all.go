package plots

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"

	"github.com/ecgbench/ecgbench/results"
)

// Build returns the figures of a run's records, not drawn: the recall-vs-QPS
// frontiers (a summary per size, k and thread count, then one per group
// set), the latency figures, the recall-per-group-set bars and the build
// figure, each with its series fit for its axes (points a log axis cannot
// show dropped, with a note).
func Build(recs []results.Record) []Figure {
	figs := FrontierFigures(recs)
	figs = append(figs, LatencyFigures(recs)...)
	figs = append(figs, RecallBarFigures(recs)...)
	if f, ok := BuildFigure(recs); ok {
		figs = append(figs, f)
	}
	for i := range figs {
		guardLog(&figs[i])
	}
	return figs
}

// All builds the figures of a run's records (see Build) and writes each as
// PNG and SVG under outDir, created if missing, with one palette for all,
// so a series has the same colour in every figure. It reads the records
// only; nothing is re-run.
func All(recs []results.Record, outDir string) ([]Figure, error) {
	figs := Build(recs)
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	pal := paletteOf(figs)
	// Figures are independent: draw them on every CPU.
	errs := make([]error, len(figs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				errs[i] = render(&figs[i], pal, outDir)
			}
		})
	}
	for i := range figs {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return figs, nil
}
