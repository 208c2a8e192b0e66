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
	def := compare.DefaultOptions()
	var fl compare.Options
	gate := fs.String("gate", "", "TOML gate `file` with any of the keys below (snake_case); flags given explicitly override it")
	fs.Float64Var(&fl.Alpha, "alpha", def.Alpha, "significance level of the Mann–Whitney U test")
	fs.Float64Var(&fl.Confidence, "confidence", def.Confidence, "confidence level of the ± intervals")
	fs.IntVar(&fl.MinSamples, "min-samples", def.MinSamples, "repeats needed on each side before latency or throughput can fail the gate")
	fs.Float64Var(&fl.RecallTolerance, "recall-tolerance", def.RecallTolerance, "absolute recall drop allowed (FAISS HNSW built with 2 threads varies by ±0.005)")
	fs.Float64Var(&fl.SameClusterTolerance, "same-cluster-tolerance", def.SameClusterTolerance, "absolute same-cluster drop allowed")
	fs.Float64Var(&fl.TimeThreshold, "time-threshold", def.TimeThreshold, "relative slowdown a significant latency or throughput change must exceed to fail")
	fs.StringVar(&fl.Reference, "reference", def.Reference, "gate latency and throughput as ratios to the `reference` configuration of the same file, e.g. index=exact,strategy=exact")
	fs.BoolVar(&fl.GateAbsoluteTime, "gate-absolute-time", def.GateAbsoluteTime, "with -reference, also gate absolute latency and throughput")
	fs.StringVar(&fl.Filter, "filter", def.Filter, "benchproc filter `expression` selecting what to compare, e.g. '/n:100000 -/index:hnsw'")

	paths, err := parseArgs(c, fs, args, stderr, "[flags] OLD NEW")
	if err != nil {
		return err
	}
	if len(paths) != 2 {
		return UsageErrorf("want two arguments, OLD and NEW (bench.txt files or run folders), got %d", len(paths))
	}
	opts := def
	if *gate != "" {
		if err := compare.LoadGateFile(*gate, &opts); err != nil {
			return UsageError{err}
		}
	}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "alpha":
			opts.Alpha = fl.Alpha
		case "confidence":
			opts.Confidence = fl.Confidence
		case "min-samples":
			opts.MinSamples = fl.MinSamples
		case "recall-tolerance":
			opts.RecallTolerance = fl.RecallTolerance
		case "same-cluster-tolerance":
			opts.SameClusterTolerance = fl.SameClusterTolerance
		case "time-threshold":
			opts.TimeThreshold = fl.TimeThreshold
		case "reference":
			opts.Reference = fl.Reference
		case "gate-absolute-time":
			opts.GateAbsoluteTime = fl.GateAbsoluteTime
		case "filter":
			opts.Filter = fl.Filter
		}
	})
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
