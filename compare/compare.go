package compare

import (
	"fmt"
	"io"
	"slices"

	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchproc"
)

// Result is the outcome of comparing an old and a new bench file.
type Result struct {
	Old, New string // the bench files read
	Options  Options
	// Comparisons in report order: one table per unit (absolute values in
	// order of appearance, then ratios to the reference), benchmarks in
	// old-file order within each.
	Comparisons []Comparison
	// Benchmarks holds the verdict of every benchmark present in both
	// files, in old-file order.
	Benchmarks []BenchmarkVerdict
	// OnlyOld and OnlyNew list benchmarks present in one file only. They
	// are reported, not failed: a spec that adds or drops configurations
	// is not a regression of the others.
	OnlyOld, OnlyNew []string
	// Warnings are problems that do not stop the comparison: too few
	// samples, samples of an exact unit that vary, differing datasets or
	// machines, benchmarks without a reference.
	Warnings []string
	// Failed is set when some benchmark is Worse on a gated comparison.
	Failed bool
}

// Run compares the bench files at oldPath and newPath (files, or run
// folders holding bench.txt), writes the report to w and returns the
// result. The gate failed when Result.Failed is set. An error means bad
// input (unreadable or malformed files, invalid options) and names the
// file and line at fault.
func Run(opts Options, oldPath, newPath string, w io.Writer) (*Result, error) {
	res, err := Compare(opts, oldPath, newPath)
	if err != nil {
		return nil, err
	}
	if err := res.WriteText(w); err != nil {
		return res, fmt.Errorf("compare: write report: %w", err)
	}
	return res, nil
}

// Compare is Run without the report. Besides malformed input, two files
// without a benchmark in common are an error: a gate that compares nothing
// must not pass silently.
func Compare(opts Options, oldPath, newPath string) (*Result, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	filter, err := benchproc.NewFilter(opts.Filter)
	if err != nil {
		return nil, fmt.Errorf("filter: %w", err)
	}
	old, new, units, err := loadFiles(oldPath, newPath, filter)
	if err != nil {
		return nil, err
	}
	a := &analysis{
		opts:       &opts,
		thresholds: benchmath.Thresholds{CompareAlpha: opts.Alpha},
		units:      units,
		warnings:   newWarnings(),
	}
	res := &Result{Old: old.path, New: new.path, Options: opts}

	var common []string
	for _, name := range old.order {
		if _, ok := new.byName[name]; ok {
			common = append(common, name)
		} else {
			res.OnlyOld = append(res.OnlyOld, name)
		}
	}
	for _, name := range new.order {
		if _, ok := old.byName[name]; !ok {
			res.OnlyNew = append(res.OnlyNew, name)
		}
	}
	if len(common) == 0 {
		return nil, fmt.Errorf("no benchmark is in both %s (%d benchmarks) and %s (%d) after the filter %q: nothing to compare",
			old.path, len(old.order), new.path, len(new.order), opts.Filter)
	}
	checkConfigs(a.warnings, old, new, common)

	var unitOrder []string
	for _, name := range common {
		for _, b := range []*benchmark{old.byName[name], new.byName[name]} {
			for _, u := range b.units {
				if !slices.Contains(unitOrder, u) {
					unitOrder = append(unitOrder, u)
				}
			}
		}
	}
	for _, unit := range unitOrder {
		for _, name := range common {
			ov, nv := old.byName[name].values[unit], new.byName[name].values[unit]
			switch {
			case ov != nil && nv != nil:
				res.Comparisons = append(res.Comparisons, a.compareSamples(name, unit, false, ov, nv))
			case ov != nil:
				a.warnings.add(fmt.Sprintf("%s only in the old file: not compared", unit), name)
			case nv != nil:
				a.warnings.add(fmt.Sprintf("%s only in the new file: not compared", unit), name)
			}
		}
	}
	if opts.Reference != "" {
		ratios, err := a.compareRatios(old, new, common, unitOrder)
		if err != nil {
			return nil, err
		}
		res.Comparisons = append(res.Comparisons, ratios...)
	}

	res.Benchmarks = benchmarkVerdicts(common, res.Comparisons)
	for _, b := range res.Benchmarks {
		if b.Verdict == Worse {
			res.Failed = true
		}
	}
	res.Warnings = a.warnings.list(len(common))
	return res, nil
}

// compareRatios compares each time unit as a ratio to the reference
// benchmark of the same file. Samples are paired by repeat: the i-th
// value of a benchmark is divided by the i-th value of its reference, so
// the ratio carries the noise of both and a machine that is uniformly
// slower (or a noisy neighbour during the whole run) leaves it unchanged.
func (a *analysis) compareRatios(old, new *benchFile, common, unitOrder []string) ([]Comparison, error) {
	ref, err := parseReference(a.opts.Reference)
	if err != nil {
		return nil, fmt.Errorf("reference: %w", err)
	}
	refsOf := func(bf *benchFile) ([]string, error) {
		var refs []string
		for _, name := range bf.order {
			if ref.isReference(name) {
				refs = append(refs, name)
			}
		}
		if len(refs) == 0 {
			return nil, fmt.Errorf("%s: no benchmark matches the reference %q", bf.path, ref.text)
		}
		return refs, nil
	}
	oldRefs, err := refsOf(old)
	if err != nil {
		return nil, err
	}
	newRefs, err := refsOf(new)
	if err != nil {
		return nil, err
	}
	var out []Comparison
	for _, unit := range unitOrder {
		if !isTimeUnit(unit) {
			continue
		}
		for _, name := range common {
			if ref.isReference(name) {
				continue
			}
			ov, nv := old.byName[name].values[unit], new.byName[name].values[unit]
			if ov == nil || nv == nil {
				continue
			}
			oref, ok, why := ref.match(name, oldRefs)
			if !ok {
				a.warnings.add("no ratio in the old file: "+why, name)
				continue
			}
			nref, ok, why := ref.match(name, newRefs)
			if !ok {
				a.warnings.add("no ratio in the new file: "+why, name)
				continue
			}
			if oref != nref {
				a.warnings.add(fmt.Sprintf("reference differs between the files (%s, %s)", oref, nref), name)
			}
			oratio, err := divide(ov, old.byName[oref].values[unit])
			if err != nil {
				a.warnings.add(fmt.Sprintf("no %s ratio in the old file: %v", unit, err), name)
				continue
			}
			nratio, err := divide(nv, new.byName[nref].values[unit])
			if err != nil {
				a.warnings.add(fmt.Sprintf("no %s ratio in the new file: %v", unit, err), name)
				continue
			}
			c := a.compareSamples(name, unit, true, oratio, nratio)
			c.Reference = oref
			out = append(out, c)
		}
	}
	return out, nil
}

// divide returns vals[i]/by[i]: the ratio of each repeat to the same
// repeat of the reference.
func divide(vals, by []float64) ([]float64, error) {
	if len(vals) != len(by) {
		return nil, fmt.Errorf("%d samples but the reference has %d", len(vals), len(by))
	}
	out := make([]float64, len(vals))
	for i, v := range vals {
		if !(by[i] > 0) {
			return nil, fmt.Errorf("reference sample %d is %v", i+1, by[i])
		}
		out[i] = v / by[i]
	}
	return out, nil
}

// configChecks are the file configuration keys whose change between the
// files deserves a warning, and what the change means.
var configChecks = []struct{ key, meaning string }{
	{"fingerprint", "the datasets differ, so recall and same-cluster compare different data"},
	{"spec-hash", "the experiment spec changed"},
	{"cpu", "absolute times compare different machines (a reference ratio gate cancels machine speed)"},
	{"goos", "absolute times compare different systems"},
	{"goarch", "absolute times compare different architectures"},
	{"go", "the Go toolchain changed"},
}

func checkConfigs(w *warnings, old, new *benchFile, common []string) {
	for _, c := range configChecks {
		for _, name := range common {
			ov, nv := old.byName[name].config[c.key], new.byName[name].config[c.key]
			if ov != nv {
				w.add(fmt.Sprintf("%s differs (%q → %q): %s", c.key, ov, nv, c.meaning), name)
			}
		}
	}
}
