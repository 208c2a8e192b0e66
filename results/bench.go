package results

import (
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchunit"
)

// Units of the measures written to bench.txt. None contains "@", so
// benchstat's filter and projection syntax handles them; k is part of the
// benchmark name instead.
const (
	UnitNsPerOp      = "ns/op"        // mean single-thread latency of one pass
	UnitRecall       = "recall"       // mean recall@k over the query set
	UnitSameCluster  = "same-cluster" // mean share of answers in the query's cluster
	UnitQPS          = "queries/s"    // throughput with Record.Threads goroutines
	UnitIndexBytes   = "B/index"      // index size
	UnitBuildSeconds = "build-s"      // index build time (train + add)
)

// unitMetadata is written at the top of every bench.txt. Recall and
// same-cluster are deterministic for a fixed seed (assume=exact: no
// confidence interval, any change is reported); index size and build time
// are measured once per built index and repeated on every line of the
// trials that share it, so they are exact too rather than a sample.
// Latency and throughput keep the default assume=nothing (median,
// Mann–Whitney U test).
var unitMetadata = []struct{ unit, key, value string }{
	{UnitRecall, "better", "higher"},
	{UnitRecall, "assume", "exact"},
	{UnitSameCluster, "better", "higher"},
	{UnitSameCluster, "assume", "exact"},
	{UnitQPS, "better", "higher"},
	{UnitIndexBytes, "better", "lower"},
	{UnitIndexBytes, "assume", "exact"},
	{UnitBuildSeconds, "better", "lower"},
	{UnitBuildSeconds, "assume", "exact"},
}

// WriteBench writes recs to w in the Go benchmark format with benchfmt:
// unit metadata lines first, then for each record whose Status is
// StatusOK one line per repeat,
//
//	BenchmarkNAME QUERIES NS ns/op RECALL recall SAME same-cluster QPS queries/s BYTES B/index SECS build-s
//
// where ns/op and queries/s come from the repeat and the other values from
// the record (so they are identical on each of its lines). Each record's
// provenance is written as file configuration lines (goos, goarch, cpu,
// go, commit, spec, spec-hash, fingerprint) whenever it differs from the
// previous record's; empty values are left out. Timed-out and failed
// records are skipped: they are kept in results.jsonl only.
func WriteBench(w io.Writer, recs []Record) error {
	bw := benchfmt.NewWriter(w)
	for _, m := range unitMetadata {
		_, tidy := benchunit.Tidy(1, m.unit)
		err := bw.Write(&benchfmt.UnitMetadata{
			UnitMetadataKey: benchfmt.UnitMetadataKey{Unit: tidy, Key: m.key},
			OrigUnit:        m.unit,
			Value:           m.value,
		})
		if err != nil {
			return fmt.Errorf("results: write bench unit metadata: %w", err)
		}
	}
	for i := range recs {
		r := &recs[i]
		if r.Status != StatusOK {
			continue
		}
		if err := checkBenchRecord(r); err != nil {
			return fmt.Errorf("results: bench record %d (%q): %w", i, r.Name, err)
		}
		res := &benchfmt.Result{
			Config: benchConfig(r),
			Name:   benchfmt.Name(r.Name),
			Iters:  r.Queries,
		}
		for _, rep := range r.Repeats {
			res.Values = append(res.Values[:0],
				value(rep.NsPerOp, UnitNsPerOp),
				value(r.RecallMean, UnitRecall),
				value(r.SameCluster, UnitSameCluster),
				value(rep.QPS, UnitQPS),
				value(float64(r.IndexBytes), UnitIndexBytes),
				value(r.BuildSeconds, UnitBuildSeconds),
			)
			if err := bw.Write(res); err != nil {
				return fmt.Errorf("results: write bench line of %s: %w", r.Name, err)
			}
		}
	}
	return nil
}

// value returns a tidied benchfmt.Value that the Writer prints in the
// original unit (ns/op stays ns/op on disk, sec/op in memory), as the
// Reader would produce it.
func value(v float64, unit string) benchfmt.Value {
	tv, tu := benchunit.Tidy(v, unit)
	if tu == unit {
		return benchfmt.Value{Value: v, Unit: unit}
	}
	return benchfmt.Value{Value: tv, Unit: tu, OrigValue: v, OrigUnit: unit}
}

func benchConfig(r *Record) []benchfmt.Config {
	var cfg []benchfmt.Config
	for _, kv := range [][2]string{
		{"goos", r.GOOS},
		{"goarch", r.GOARCH},
		{"cpu", r.CPU},
		{"go", r.GoVersion},
		{"commit", r.Commit},
		{"spec", r.SpecName},
		{"spec-hash", r.SpecHash},
		{"fingerprint", r.Fingerprint},
	} {
		if kv[1] != "" {
			cfg = append(cfg, benchfmt.Config{Key: kv[0], Value: []byte(kv[1]), File: true})
		}
	}
	return cfg
}

// checkBenchRecord rejects what the benchmark format cannot carry.
func checkBenchRecord(r *Record) error {
	switch {
	case r.Name == "":
		return fmt.Errorf("empty name")
	case strings.ContainsFunc(r.Name, unicode.IsSpace):
		return fmt.Errorf("name contains white space")
	case r.Queries <= 0:
		return fmt.Errorf("queries = %d, want > 0", r.Queries)
	case len(r.Repeats) == 0:
		return fmt.Errorf("status %s but no repeats", r.Status)
	}
	for _, c := range benchConfig(r) {
		if strings.ContainsAny(string(c.Value), "\r\n") {
			return fmt.Errorf("%s %q contains a line break", c.Key, c.Value)
		}
	}
	finite := map[string]float64{"recall_mean": r.RecallMean, "same_cluster": r.SameCluster, "build_seconds": r.BuildSeconds}
	for i, rep := range r.Repeats {
		finite[fmt.Sprintf("repeats[%d].ns_per_op", i)] = rep.NsPerOp
		finite[fmt.Sprintf("repeats[%d].qps", i)] = rep.QPS
	}
	for _, field := range slices.Sorted(maps.Keys(finite)) {
		if v := finite[field]; math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%s = %v, want a finite value", field, v)
		}
	}
	return nil
}
