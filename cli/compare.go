package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/ecgbench/ecgbench/compare"
)

func init() { Register(compareCommand{}) }

type compareCommand struct{}

func (compareCommand) Name() string { return "compare" }

func (compareCommand) Synopsis() string {
	return "compare two runs (bench.txt files or run folders) and gate on recall, latency and throughput"
}

// Run compares OLD and NEW. Exit codes: 0 when the gate passes, 1 when it
// fails, 2 on bad input (flags, gate file, unreadable or malformed bench
// files), so a CI step can tell a regression from a broken setup.
func (c compareCommand) Run(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(c)
	opts := compare.DefaultOptions()
	gate := fs.String("gate", "", "TOML gate `file` with any of the keys below (snake_case); flags given explicitly override it")
	fs.Float64Var(&opts.Alpha, "alpha", opts.Alpha, "significance level of the Mann–Whitney U test")
	fs.Float64Var(&opts.Confidence, "confidence", opts.Confidence, "confidence level of the ± intervals")
	fs.IntVar(&opts.MinSamples, "min-samples", opts.MinSamples, "repeats needed on each side before latency or throughput can fail the gate")
	fs.Float64Var(&opts.RecallTolerance, "recall-tolerance", opts.RecallTolerance, "absolute recall drop allowed (FAISS HNSW built with 2 threads varies by ±0.005)")
	fs.Float64Var(&opts.SameClusterTolerance, "same-cluster-tolerance", opts.SameClusterTolerance, "absolute same-cluster drop allowed")
	fs.Float64Var(&opts.TimeThreshold, "time-threshold", opts.TimeThreshold, "relative slowdown a significant latency or throughput change must exceed to fail")
	fs.StringVar(&opts.Reference, "reference", opts.Reference, "gate latency and throughput as ratios to the `reference` configuration of the same file, e.g. index=exact,strategy=exact")
	fs.BoolVar(&opts.GateAbsoluteTime, "gate-absolute-time", opts.GateAbsoluteTime, "with -reference, also gate absolute latency and throughput")
	fs.StringVar(&opts.Filter, "filter", opts.Filter, "benchproc filter `expression` selecting what to compare, e.g. '/n:100000 -/index:hnsw'")

	paths, err := parseArgs(c, fs, args, stderr, "[flags] OLD NEW")
	if err != nil {
		return err
	}
	if len(paths) != 2 {
		return UsageErrorf("want two arguments, OLD and NEW (bench.txt files or run folders), got %d", len(paths))
	}
	if *gate != "" {
		// The gate file overrides the defaults, and flags given explicitly
		// override the gate file: load it, then set those flags again.
		explicit := map[string]string{}
		fs.Visit(func(f *flag.Flag) { explicit[f.Name] = f.Value.String() })
		opts = compare.DefaultOptions()
		if err := compare.LoadGateFile(*gate, &opts); err != nil {
			return UsageError{err}
		}
		for name, v := range explicit {
			if err := fs.Set(name, v); err != nil {
				return UsageError{err}
			}
		}
	}
	if err := opts.Validate(); err != nil {
		return UsageError{flagNames(err)}
	}
	res, err := compare.Run(opts, paths[0], paths[1], stdout)
	if err != nil {
		return UsageError{err}
	}
	if res.Failed {
		worse := 0
		for _, b := range res.Benchmarks {
			if b.Verdict == compare.Worse {
				worse++
			}
		}
		return fmt.Errorf("gate failed: %d of %d benchmarks worse (see \"changed benchmarks\" in the report)", worse, len(res.Benchmarks))
	}
	return nil
}

// flagNames rewrites invalid options that came from flags (not from the
// gate file, whose errors name file and line) with the flag's spelling.
func flagNames(err error) error {
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	for i, e := range errs {
		var fe *compare.FieldError
		if errors.As(e, &fe) && fe.File == "" {
			errs[i] = fmt.Errorf("-%s: %s", strings.ReplaceAll(fe.Key, "_", "-"), fe.Msg)
		}
	}
	return errors.Join(errs...)
}
