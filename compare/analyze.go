package compare

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"

	"github.com/ecgbench/ecgbench/results"
)

// unitSecPerOp is ns/op as benchfmt tidies it.
const unitSecPerOp = "sec/op"

// eps absorbs floating-point noise in tolerance checks.
const eps = 1e-9

// A Comparison is one benchmark compared in one unit.
type Comparison struct {
	Benchmark string
	// Unit is the tidied unit ("sec/op" for ns/op). With Ratio set the
	// values are the benchmark's values divided by the median of its
	// reference benchmark in the same file.
	Unit      string
	Ratio     bool
	Reference string // the reference benchmark (Ratio only)
	// Assumption is the statistical assumption the unit metadata asks for
	// (benchmath.AssumeExact for assume=exact, else AssumeNothing).
	Assumption benchmath.Assumption
	Old, New   benchmath.Summary
	OldN, NewN int
	// Test is the assumption's comparison of the samples (Mann–Whitney U
	// for AssumeNothing; P = 0 for AssumeExact).
	Test benchmath.Comparison
	// BetterDir is +1 when higher values are better, -1 when lower, 0 when
	// unknown.
	BetterDir int
	Verdict   Verdict
	// Gated reports whether a Worse verdict fails the gate.
	Gated  bool
	Reason string // why the verdict, for Worse, Better and TooFewSamples
}

// BenchmarkVerdict is the verdict of one benchmark over its gated
// comparisons: Worse if any is worse, else Better if any is better, else
// TooFewSamples if any had too few samples, else NoChange.
type BenchmarkVerdict struct {
	Name    string
	Verdict Verdict
	Reasons []string // of the comparisons that decided the verdict
}

// rule is how a unit is judged.
type rule int

const (
	ruleInfo      rule = iota // shown, judged on significance alone, never gated
	ruleTolerance             // absolute tolerance (recall, same-cluster)
	ruleThreshold             // significance and a relative threshold (time)
)

func (o *Options) ruleOf(unit string, ratio bool) (r rule, gated bool, tol float64) {
	switch unit {
	case results.UnitRecall:
		return ruleTolerance, true, o.RecallTolerance
	case results.UnitSameCluster:
		return ruleTolerance, true, o.SameClusterTolerance
	case unitSecPerOp, results.UnitQPS:
		return ruleThreshold, ratio || o.Reference == "" || o.GateAbsoluteTime, o.TimeThreshold
	}
	return ruleInfo, false, 0
}

// isTimeUnit reports whether the ratio gate applies to unit.
func isTimeUnit(unit string) bool { return unit == unitSecPerOp || unit == results.UnitQPS }

// analysis compares two loaded files.
type analysis struct {
	opts       *Options
	thresholds benchmath.Thresholds
	units      benchfmt.UnitMetadataMap
	warnings   *warnings
}

// compareSamples summarises both samples and judges the change.
func (a *analysis) compareSamples(name, unit string, ratio bool, oldVals, newVals []float64) Comparison {
	assumption := a.units.GetAssumption(unit)
	s1 := benchmath.NewSample(slices.Clone(oldVals), &a.thresholds)
	s2 := benchmath.NewSample(slices.Clone(newVals), &a.thresholds)
	c := Comparison{
		Benchmark:  name,
		Unit:       unit,
		Ratio:      ratio,
		Assumption: assumption,
		Old:        assumption.Summary(s1, a.opts.Confidence),
		New:        assumption.Summary(s2, a.opts.Confidence),
		OldN:       len(oldVals),
		NewN:       len(newVals),
		Test:       assumption.Compare(s1, s2),
		BetterDir:  a.units.GetBetter(unit),
	}
	label := c.label()
	for _, w := range c.Old.Warnings {
		a.warnings.add(fmt.Sprintf("%s: old: %v", label, w), name)
	}
	for _, w := range c.New.Warnings {
		a.warnings.add(fmt.Sprintf("%s: new: %v", label, w), name)
	}
	r, gated, tol := a.opts.ruleOf(unit, ratio)
	c.Gated = gated
	switch r {
	case ruleTolerance:
		a.judgeTolerance(&c, tol)
	case ruleThreshold:
		a.judgeThreshold(&c)
	default:
		a.judgeInfo(&c)
	}
	return c
}

// label names the compared quantity in messages: "recall", "sec/op",
// "sec/op ratio".
func (c *Comparison) label() string {
	if c.Ratio {
		return c.Unit + " ratio"
	}
	return c.Unit
}

// judgeTolerance fails a fall of more than tol (absolute) in the centre.
func (a *analysis) judgeTolerance(c *Comparison, tol float64) {
	dir := c.BetterDir
	if dir == 0 {
		dir = +1 // recall and same-cluster: higher is better
	}
	delta := c.New.Center - c.Old.Center
	gain := delta * float64(dir)
	switch {
	case gain < -(tol + eps):
		c.Verdict = Worse
		c.Reason = fmt.Sprintf("%s %s by %.4f (%.4f → %.4f), tolerance %.4f", c.label(), fellRose(-dir), math.Abs(delta), c.Old.Center, c.New.Center, tol)
	case gain > tol+eps:
		c.Verdict = Better
		c.Reason = fmt.Sprintf("%s %s by %.4f (%.4f → %.4f)", c.label(), fellRose(dir), math.Abs(delta), c.Old.Center, c.New.Center)
	}
}

func fellRose(dir int) string {
	if dir > 0 {
		return "rose"
	}
	return "fell"
}

// judgeThreshold fails a significant change of the centre in the bad
// direction by more than a factor 1+TimeThreshold.
func (a *analysis) judgeThreshold(c *Comparison) {
	if c.OldN < a.opts.MinSamples || c.NewN < a.opts.MinSamples {
		c.Verdict = TooFewSamples
		c.Reason = fmt.Sprintf("%s: %d+%d samples, need ≥ %d on each side to judge", c.label(), c.OldN, c.NewN, a.opts.MinSamples)
		if c.Gated {
			a.warnings.add(fmt.Sprintf("%s: too few samples (need ≥ %d on each side): shown, not gated", c.label(), a.opts.MinSamples), c.Benchmark)
		}
		return
	}
	if c.Test.P >= a.opts.Alpha || c.BetterDir == 0 {
		return
	}
	if c.Old.Center <= 0 || c.New.Center <= 0 {
		a.warnings.add(fmt.Sprintf("%s: a median is not positive, so no relative change", c.label()), c.Benchmark)
		return
	}
	// worsening > 1 means worse: latency up, or throughput down.
	worsening := c.New.Center / c.Old.Center
	if c.BetterDir > 0 {
		worsening = 1 / worsening
	}
	limit := 1 + a.opts.TimeThreshold
	change := fmt.Sprintf("%s %+.1f%% (p=%.3f n=%d+%d)", c.label(), 100*(c.New.Center/c.Old.Center-1), c.Test.P, c.OldN, c.NewN)
	switch {
	case worsening > limit:
		c.Verdict = Worse
		c.Reason = fmt.Sprintf("%s: %.2f× worse, threshold %.2f×", change, worsening, limit)
	case worsening < 1/limit:
		c.Verdict = Better
		c.Reason = fmt.Sprintf("%s: %.2f× better", change, 1/worsening)
	}
}

// judgeInfo reports the direction of a significant change of a unit that
// does not gate.
func (a *analysis) judgeInfo(c *Comparison) {
	if c.Test.P >= a.opts.Alpha || c.BetterDir == 0 || c.New.Center == c.Old.Center {
		return
	}
	if (c.New.Center-c.Old.Center)*float64(c.BetterDir) > 0 {
		c.Verdict = Better
	} else {
		c.Verdict = Worse
	}
	c.Reason = fmt.Sprintf("%s %+.1f%%", c.label(), 100*(c.New.Center/c.Old.Center-1))
}

// benchmarkVerdicts folds the gated comparisons of each benchmark.
func benchmarkVerdicts(names []string, comps []Comparison) []BenchmarkVerdict {
	byName := make(map[string][]*Comparison)
	for i := range comps {
		if comps[i].Gated {
			byName[comps[i].Benchmark] = append(byName[comps[i].Benchmark], &comps[i])
		}
	}
	var out []BenchmarkVerdict
	for _, name := range names {
		bv := BenchmarkVerdict{Name: name, Verdict: NoChange}
		for _, v := range []Verdict{Worse, Better, TooFewSamples} {
			for _, c := range byName[name] {
				if c.Verdict == v {
					bv.Verdict = v
					bv.Reasons = append(bv.Reasons, c.Reason)
				}
			}
			if bv.Verdict != NoChange {
				break
			}
		}
		out = append(out, bv)
	}
	return out
}

// warnings collects messages that do not stop the comparison, grouping
// the benchmarks each applies to.
type warnings struct {
	order  []string
	byText map[string][]string
}

func newWarnings() *warnings { return &warnings{byText: make(map[string][]string)} }

func (w *warnings) add(text, benchmark string) {
	names, seen := w.byText[text]
	if !seen {
		w.order = append(w.order, text)
	}
	if benchmark != "" && !slices.Contains(names, benchmark) {
		names = append(names, benchmark)
	}
	w.byText[text] = names
}

// list renders each warning with up to three of its benchmarks, or "all
// N benchmarks" when it applies to all total compared.
func (w *warnings) list(total int) []string {
	var out []string
	for _, text := range w.order {
		names := w.byText[text]
		switch {
		case len(names) == 0:
			out = append(out, text)
		case len(names) == total && total > 1:
			out = append(out, fmt.Sprintf("%s: all %d benchmarks", text, total))
		case len(names) <= 3:
			out = append(out, fmt.Sprintf("%s: %s", text, strings.Join(names, ", ")))
		default:
			out = append(out, fmt.Sprintf("%s: %s and %d more", text, strings.Join(names[:3], ", "), len(names)-3))
		}
	}
	return out
}
