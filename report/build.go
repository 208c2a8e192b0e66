package report

import (
	"fmt"
	"strings"

	"github.com/ecgbench/ecgbench/plots"
	"github.com/ecgbench/ecgbench/results"
)

// build assembles the page of a run from its records, its figures (as
// plots.All returned them, in order), the cohort figure if any, and the
// spec's text.
func build(recs []results.Record, warnings []string, figs []plots.Figure, cohort *plots.Figure, spec, specPath string, targets []float64) page {
	p := page{
		Title:     "ecgbench report",
		Warnings:  warnings,
		Machine:   machineTable(recs),
		Spec:      spec,
		SpecPath:  specPath,
		Headlines: headlines(recs, targets),
		Results:   resultsTable(recs),
		Failed:    failedTable(recs),
	}
	if name := recs[0].SpecName; name != "" {
		p.Title += " — " + name
	}
	counts := map[string]int{}
	for _, r := range recs {
		counts[r.Status]++
	}
	p.Run = append(p.Run, fmt.Sprintf("%d trials: %d finished, %d timed out, %d failed with an error.",
		len(recs), counts[results.StatusOK], counts[results.StatusTimeout], counts[results.StatusError]))
	if other := len(recs) - counts[results.StatusOK] - counts[results.StatusTimeout] - counts[results.StatusError]; other > 0 {
		p.Run = append(p.Run, fmt.Sprintf("%d trials have another status; see the table of failed trials.", other))
	}

	frontier := section{ID: "frontier", Title: "Recall vs throughput",
		Intro: "For each N, k and throughput thread count: one panel per group set, one line per index config × strategy: " +
			"the Pareto frontier of its sweep of search parameters and margins. Up and to the right is better. " +
			"The figures per group set, which also show every measured setting, follow each summary."}
	latency := section{ID: "latency", Title: "Latency",
		Intro: "Single-thread latency per query (p50 and p99) against N, the number of selected groups and k, with the recall reached beside it, " +
			fmt.Sprintf("per index config. Each strategy is shown at its operating point: the fastest setting whose mean recall reaches %.2f, "+
				"else its most accurate one.", plots.OperatingRecall)}
	recall := section{ID: "recall", Title: "Recall per group set",
		Intro: "The best recall each strategy reached on each group set over its whole sweep: a strategy that stays low whatever the search effort " +
			"loses answers in its fusion rule (or, for single, in its candidate count)."}
	buildSec := section{ID: "build", Title: "Build time and memory"}
	cohortSec := section{ID: "cohort", Title: "Cohort"}
	for _, f := range figs {
		switch f.Kind {
		case plots.KindFrontierSummary:
			frontier.Figures = append(frontier.Figures, f)
			frontier.More = append(frontier.More, more{Title: strings.Replace(f.Title, " by group set", ", each group set", 1)})
		case plots.KindFrontier:
			m := &frontier.More[len(frontier.More)-1]
			m.Figures = append(m.Figures, f)
		case plots.KindLatencyN, plots.KindLatencyGroups, plots.KindLatencyK:
			latency.Figures = append(latency.Figures, f)
		case plots.KindRecallBars:
			recall.Figures = append(recall.Figures, f)
		case plots.KindBuild:
			buildSec.Figures = append(buildSec.Figures, f)
		}
	}
	if cohort != nil {
		cohortSec.Figures = []plots.Figure{*cohort}
	} else {
		cohortSec.Intro = fmt.Sprintf("No cohort figure in this run folder: the runner draws it (figures/%s.svg) from the preprocessed data it holds.", plots.CohortName)
	}
	for _, s := range []section{frontier, latency, recall, buildSec, cohortSec} {
		if len(s.Figures) == 0 && s.Intro == "" {
			continue
		}
		if len(s.Figures) == 0 && s.ID != "cohort" {
			s.Intro = "No figure: the run does not sweep what this section plots. " + s.Intro
		}
		p.Sections = append(p.Sections, s)
	}
	return p
}
