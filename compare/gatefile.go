package compare

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"

	"github.com/BurntSushi/toml"
)

// gateFile is the TOML gate file. Every key is optional and overrides the
// matching Options field; see Options for meanings and defaults.
//
//	alpha = 0.05                # significance level of the U test
//	confidence = 0.95           # confidence level of the ± intervals
//	min_samples = 6             # repeats per side needed to gate time
//	recall_tolerance = 0.0      # absolute recall drop allowed
//	same_cluster_tolerance = 0.0
//	time_threshold = 0.10       # relative slowdown allowed when significant
//	reference = "index=exact,strategy=exact"  # gate time as ratios to this
//	gate_absolute_time = false  # with reference: gate absolute time too
//	filter = "*"                # benchproc filter: what to compare
type gateFile struct {
	Alpha                *float64 `toml:"alpha"`
	Confidence           *float64 `toml:"confidence"`
	MinSamples           *int     `toml:"min_samples"`
	RecallTolerance      *float64 `toml:"recall_tolerance"`
	SameClusterTolerance *float64 `toml:"same_cluster_tolerance"`
	TimeThreshold        *float64 `toml:"time_threshold"`
	Reference            *string  `toml:"reference"`
	GateAbsoluteTime     *bool    `toml:"gate_absolute_time"`
	Filter               *string  `toml:"filter"`
}

// LoadGateFile reads the TOML gate file at path and overrides the fields
// of opts that it sets, then validates the result. Unknown keys, wrong
// types and invalid values are reported all at once, each naming the
// file, the line and the key.
func LoadGateFile(path string, opts *Options) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("compare: gate file: %w", err)
	}
	var g gateFile
	md, err := toml.Decode(string(data), &g)
	if err != nil {
		return tomlError(path, err)
	}
	lines := keyLines(data)
	var errs []error
	for _, k := range md.Undecoded() {
		if len(k) > 1 {
			continue // inside an unknown table, which is reported
		}
		errs = append(errs, &FieldError{File: path, Line: lines[k[0]], Key: k[0], Msg: "unknown key (known: alpha, confidence, min_samples, recall_tolerance, same_cluster_tolerance, time_threshold, reference, gate_absolute_time, filter)"})
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	set(&opts.Alpha, g.Alpha)
	set(&opts.Confidence, g.Confidence)
	set(&opts.MinSamples, g.MinSamples)
	set(&opts.RecallTolerance, g.RecallTolerance)
	set(&opts.SameClusterTolerance, g.SameClusterTolerance)
	set(&opts.TimeThreshold, g.TimeThreshold)
	set(&opts.Reference, g.Reference)
	set(&opts.GateAbsoluteTime, g.GateAbsoluteTime)
	set(&opts.Filter, g.Filter)
	if err := opts.Validate(); err != nil {
		// Point each invalid field at the gate file when it set it.
		var out []error
		for _, e := range unjoin(err) {
			var fe *FieldError
			if errors.As(e, &fe) && md.IsDefined(fe.Key) {
				fe.File, fe.Line = path, lines[fe.Key]
			}
			out = append(out, e)
		}
		return errors.Join(out...)
	}
	return nil
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

var tomlLine = regexp.MustCompile(`^toml: line (\d+)(?: \(last key "([^"]*)"\))?: (.*)$`)

// tomlError rewrites a TOML syntax or type error as "file:line: message".
func tomlError(path string, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		key := ""
		if pe.LastKey != "" {
			key = " " + pe.LastKey + ":"
		}
		return fmt.Errorf("%s:%d:%s %s", path, pe.Position.Line, key, pe.Message)
	}
	if m := tomlLine.FindStringSubmatch(err.Error()); m != nil {
		if m[2] != "" {
			return fmt.Errorf("%s:%s: %s: %s", path, m[1], m[2], m[3])
		}
		return fmt.Errorf("%s:%s: %s", path, m[1], m[3])
	}
	return fmt.Errorf("%s: %w", path, err)
}

var keyLine = regexp.MustCompile(`^\s*(?:\[\s*)?([A-Za-z0-9_-]+)\s*(?:=|\])`)

// keyLines maps each top-level key or table name of a TOML file to the
// line that defines it (the TOML library does not report key positions).
func keyLines(data []byte) map[string]int {
	lines := make(map[string]int)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		if m := keyLine.FindStringSubmatch(sc.Text()); m != nil {
			if _, seen := lines[m[1]]; !seen {
				lines[m[1]] = n
			}
		}
	}
	return lines
}
