package compare

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchunit"

	"github.com/ecgbench/ecgbench/results"
)

// WriteText writes the report: the files compared, one benchstat-style
// table per unit (centre and confidence interval of each side, delta with
// p-value and sample counts, verdict), the benchmarks present in one file
// only, the warnings, the benchmarks that changed, and the gate's outcome
// on the last line ("gate: PASS …" or "gate: FAIL …").
func (r *Result) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "old: %s\nnew: %s\n", r.Old, r.New)
	for start := 0; start < len(r.Comparisons); {
		end := start + 1
		for end < len(r.Comparisons) && sameTable(&r.Comparisons[end], &r.Comparisons[start]) {
			end++
		}
		b.WriteString("\n")
		r.writeTable(&b, r.Comparisons[start:end])
		start = end
	}
	for _, only := range []struct {
		what  string
		names []string
	}{{"old", r.OnlyOld}, {"new", r.OnlyNew}} {
		if len(only.names) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\nonly in the %s file (listed, not compared):\n", only.what)
		for _, n := range only.names {
			fmt.Fprintf(&b, "  %s\n", n)
		}
	}
	if len(r.Warnings) > 0 {
		b.WriteString("\nwarnings:\n")
		for _, w := range r.Warnings {
			fmt.Fprintf(&b, "  %s\n", w)
		}
	}
	counts := make(map[Verdict]int)
	changed := false
	for _, bv := range r.Benchmarks {
		counts[bv.Verdict]++
		if bv.Verdict == Worse || bv.Verdict == Better {
			if !changed {
				b.WriteString("\nchanged benchmarks (gated units only):\n")
				changed = true
			}
			fmt.Fprintf(&b, "  %-6s %s: %s\n", bv.Verdict, bv.Name, strings.Join(bv.Reasons, "; "))
		}
	}
	outcome := "PASS"
	if r.Failed {
		outcome = "FAIL"
	}
	fmt.Fprintf(&b, "\ngate: %s: %d benchmarks compared: %d worse, %d better, %d unchanged, %d with too few samples; %d only in old, %d only in new\n",
		outcome, len(r.Benchmarks), counts[Worse], counts[Better], counts[NoChange], counts[TooFewSamples], len(r.OnlyOld), len(r.OnlyNew))
	_, err := io.WriteString(w, b.String())
	return err
}

func sameTable(a, b *Comparison) bool { return a.Unit == b.Unit && a.Ratio == b.Ratio }

// writeTable writes one unit's table: a title line saying how the unit is
// summarised and gated, then aligned rows.
func (r *Result) writeTable(b *strings.Builder, comps []Comparison) {
	first := &comps[0]
	fmt.Fprintf(b, "%s\n", r.title(first))
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "benchmark\told\tnew\tdelta\tverdict\n")
	for i := range comps {
		c := &comps[i]
		format := cellFormat(c)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.Benchmark, format(c.Old), format(c.New), r.delta(c), c.Verdict)
	}
	tw.Flush()
}

func (r *Result) title(c *Comparison) string {
	o := &r.Options
	var parts []string
	what := c.Unit
	if c.Ratio {
		what = fmt.Sprintf("%s ratio to the reference (%s)", c.Unit, o.Reference)
	}
	if c.Assumption == benchmath.AssumeExact {
		parts = append(parts, "exact")
	} else {
		parts = append(parts, fmt.Sprintf("%s ± %.0f%% CI", c.Assumption.SummaryLabel(), 100*o.Confidence))
	}
	switch c.BetterDir {
	case +1:
		parts = append(parts, "higher is better")
	case -1:
		parts = append(parts, "lower is better")
	}
	rule, gated, tol := o.ruleOf(c.Unit, c.Ratio)
	switch {
	case !gated && rule == ruleThreshold:
		parts = append(parts, "not gated: times are gated as ratios to the reference")
	case !gated:
		parts = append(parts, "not gated")
	case rule == ruleTolerance:
		parts = append(parts, fmt.Sprintf("gate: fails on a fall > %.4f", tol))
	default:
		parts = append(parts, fmt.Sprintf("gate: fails when p < %v with ≥ %d samples each and > %.2f× worse", o.Alpha, o.MinSamples, 1+tol))
	}
	return what + ": " + strings.Join(parts, "; ")
}

// delta formats the change column: the relative change (or "~" when not
// significant) with the test's p-value and sample counts, or the absolute
// change for tolerance units.
func (r *Result) delta(c *Comparison) string {
	if rule, _, _ := r.Options.ruleOf(c.Unit, c.Ratio); rule == ruleTolerance {
		d := c.New.Center - c.Old.Center
		if d == 0 {
			return fmt.Sprintf("0 (n=%d+%d)", c.OldN, c.NewN)
		}
		return fmt.Sprintf("%+.4f (n=%d+%d)", d, c.OldN, c.NewN)
	}
	test := c.Test
	test.Alpha = r.Options.Alpha // AssumeExact leaves it 0
	return test.FormatDelta(c.Old.Center, c.New.Center) + " (" + test.String() + ")"
}

// cellFormat returns how a row's summaries are printed: fractions
// (recall, same-cluster) with four decimals, ratios with four significant
// digits, other units with an SI or binary prefix common to the row's two
// values, as benchstat scales them; then " ± x%" for non-exact
// assumptions.
func cellFormat(c *Comparison) func(benchmath.Summary) string {
	var value func(float64) string
	switch {
	case c.Unit == results.UnitRecall || c.Unit == results.UnitSameCluster:
		value = func(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }
	case c.Ratio:
		value = func(v float64) string { return fmt.Sprintf("%#.4g", v) }
	default:
		value = benchunit.CommonScale([]float64{c.Old.Center, c.New.Center}, benchunit.ClassOf(c.Unit)).Format
	}
	return func(s benchmath.Summary) string {
		if c.Assumption == benchmath.AssumeExact {
			return value(s.Center)
		}
		return value(s.Center) + " ± " + s.PctRangeString()
	}
}
