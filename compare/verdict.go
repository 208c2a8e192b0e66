package compare

// A Verdict is the outcome of comparing one benchmark in one unit, or of
// one benchmark over its gated units.
type Verdict int

const (
	// NoChange: no significant change, or one within the tolerance or
	// threshold.
	NoChange Verdict = iota
	// Better: a significant improvement beyond the tolerance or threshold.
	Better
	// Worse: a significant regression beyond the tolerance or threshold.
	// A Worse gated comparison fails the gate.
	Worse
	// TooFewSamples: fewer samples than Options.MinSamples on a side, so a
	// latency or throughput change is shown but not judged.
	TooFewSamples
)

// String returns the word used in the report's verdict column.
func (v Verdict) String() string {
	switch v {
	case NoChange:
		return "~"
	case Better:
		return "better"
	case Worse:
		return "worse"
	case TooFewSamples:
		return "too-few-samples"
	}
	return "unknown"
}
