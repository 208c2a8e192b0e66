package compare

import (
	"errors"
	"fmt"
	"math"

	"golang.org/x/perf/benchproc"
)

// Options configure a comparison and its gate. Start from DefaultOptions;
// a gate file (LoadGateFile) and command-line flags override fields.
type Options struct {
	// Alpha is the significance level of the Mann–Whitney U test: a
	// latency or throughput change counts only when p < Alpha.
	// Default 0.05.
	Alpha float64
	// Confidence is the level of the confidence intervals shown around
	// medians. Default 0.95.
	Confidence float64
	// MinSamples is the number of samples (repeats) each side needs
	// before a latency or throughput change can fail the gate; with fewer
	// the comparison is shown with a warning and does not gate.
	// Default 6.
	MinSamples int
	// RecallTolerance is how far (absolute) recall may fall before the
	// gate fails. Recall is deterministic for a fixed seed, so the
	// default is 0; FAISS HNSW builds with 2 threads vary by about
	// ±0.005, so a gate over them needs e.g. 0.01.
	RecallTolerance float64
	// SameClusterTolerance is the same for the same-cluster share.
	// Default 0.
	SameClusterTolerance float64
	// TimeThreshold is the relative change that a significant latency or
	// throughput change must exceed to count: the gate fails when a
	// benchmark gets slower by more than a factor 1+TimeThreshold
	// (latency up, or throughput down, by that factor). Default 0.10.
	TimeThreshold float64
	// Reference, when set, names a reference configuration measured in
	// the same file (e.g. "index=exact,strategy=exact", see Reference
	// syntax in the package doc); latency and throughput are then gated
	// as ratios to it, which cancels the machine's speed, and absolute
	// times are shown but do not gate unless GateAbsoluteTime is set.
	// Default "" (gate absolute times).
	Reference string
	// GateAbsoluteTime also gates absolute latency and throughput when
	// Reference is set. Default false.
	GateAbsoluteTime bool
	// Filter is a benchproc filter expression selecting the benchmarks
	// and units compared, e.g. "/n:100000 -/index:hnsw". Default "*".
	Filter string
}

// DefaultOptions returns the default options, documented on each field.
func DefaultOptions() Options {
	return Options{
		Alpha:         0.05,
		Confidence:    0.95,
		MinSamples:    6,
		TimeThreshold: 0.10,
		Filter:        "*",
	}
}

// Validate reports every invalid field at once; the error of each names
// the field in its gate-file spelling.
func (o Options) Validate() error {
	var errs []error
	bad := func(key string, format string, args ...any) {
		errs = append(errs, &FieldError{Key: key, Msg: fmt.Sprintf(format, args...)})
	}
	if !(o.Alpha > 0 && o.Alpha < 1) {
		bad("alpha", "%v is outside (0, 1)", o.Alpha)
	}
	if !(o.Confidence > 0 && o.Confidence < 1) {
		bad("confidence", "%v is outside (0, 1)", o.Confidence)
	}
	if o.MinSamples < 1 {
		bad("min_samples", "%d, want at least 1", o.MinSamples)
	}
	for _, f := range []struct {
		key string
		v   float64
	}{{"recall_tolerance", o.RecallTolerance}, {"same_cluster_tolerance", o.SameClusterTolerance}, {"time_threshold", o.TimeThreshold}} {
		if !(f.v >= 0) || math.IsInf(f.v, 0) {
			bad(f.key, "%v, want a finite value ≥ 0", f.v)
		}
	}
	if o.Reference != "" {
		if _, err := parseReference(o.Reference); err != nil {
			bad("reference", "%v", err)
		}
	}
	if _, err := benchproc.NewFilter(o.Filter); err != nil {
		bad("filter", "%v", err)
	}
	return errors.Join(errs...)
}

// A FieldError is an invalid option, named by its gate-file key (and by
// file and line when it came from a gate file).
type FieldError struct {
	File string // gate file, or "" for a flag or a program value
	Line int    // 0 when unknown
	Key  string
	Msg  string
}

func (e *FieldError) Error() string {
	switch {
	case e.File != "" && e.Line > 0:
		return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Key, e.Msg)
	case e.File != "":
		return fmt.Sprintf("%s: %s: %s", e.File, e.Key, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Key, e.Msg)
}
