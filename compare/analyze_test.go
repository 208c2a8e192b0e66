package compare

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecgbench/ecgbench/results"
)

// writeRecords writes recs as a bench file in a temporary folder.
func writeRecords(t *testing.T, name string, recs []results.Record) string {
	t.Helper()
	var buf bytes.Buffer
	if err := results.WriteBench(&buf, recs); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestEqualRunsPass runs the gate on many pairs of noisy runs of the same
// configurations: none may fail.
func TestEqualRunsPass(t *testing.T) {
	for seed := uint64(10); seed < 40; seed += 2 {
		old := writeRecords(t, "old.txt", run{seed: seed, repeats: 10, noise: 0.03, cpu: cpu, configs: baseConfigs}.records("a"))
		new := writeRecords(t, "new.txt", run{seed: seed + 1, repeats: 10, noise: 0.03, cpu: cpu, configs: baseConfigs}.records("b"))
		for _, ref := range []string{"", "index=exact,strategy=exact"} {
			opts := DefaultOptions()
			opts.Reference = ref
			res, err := Compare(opts, old, new)
			if err != nil {
				t.Fatal(err)
			}
			if res.Failed {
				var out bytes.Buffer
				res.WriteText(&out)
				t.Errorf("seed %d, reference %q: equal runs failed the gate\n%s", seed, ref, out.String())
			}
		}
	}
}

func TestRecallTolerance(t *testing.T) {
	old := writeRecords(t, "old.txt", run{seed: 1, repeats: 6, noise: 0.03, cpu: cpu, configs: baseConfigs}.records("a"))
	tests := []struct {
		recall, tolerance float64
		fail              bool
	}{
		{0.997, 0, false},
		{0.996, 0, true},
		{0.987, 0.01, false}, // a fall of exactly the tolerance passes
		{0.986, 0.01, true},
		{0.999, 0, false}, // a rise is better, never a failure
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("recall %v tolerance %v", tt.recall, tt.tolerance), func(t *testing.T) {
			new := writeRecords(t, "new.txt", run{seed: 2, repeats: 6, noise: 0.03, cpu: cpu, configs: withRecall(baseConfigs, rerank, tt.recall)}.records("b"))
			opts := DefaultOptions()
			opts.RecallTolerance = tt.tolerance
			res, err := Compare(opts, old, new)
			if err != nil {
				t.Fatal(err)
			}
			if res.Failed != tt.fail {
				t.Errorf("failed = %v, want %v", res.Failed, tt.fail)
			}
		})
	}
}

// TestGateAbsoluteTime: with a reference, a uniform machine slowdown
// passes unless absolute times are gated too.
func TestGateAbsoluteTime(t *testing.T) {
	dir := filepath.Join("testdata", "machine-slowdown")
	for _, absolute := range []bool{false, true} {
		opts := DefaultOptions()
		opts.Reference = "index=exact,strategy=exact"
		opts.GateAbsoluteTime = absolute
		res, err := Compare(opts, filepath.Join(dir, "old.txt"), filepath.Join(dir, "new.txt"))
		if err != nil {
			t.Fatal(err)
		}
		if res.Failed != absolute {
			t.Errorf("gate absolute time %v: failed = %v, want %v", absolute, res.Failed, absolute)
		}
	}
}

// TestExactUnitVaries: recall that differs between the repeat lines of
// one benchmark (which a deterministic run never writes) is reported.
func TestExactUnitVaries(t *testing.T) {
	recs := run{seed: 1, repeats: 6, noise: 0.03, cpu: cpu, configs: baseConfigs[:1]}.records("a")
	var buf bytes.Buffer
	if err := results.WriteBench(&buf, recs); err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(buf.String(), " 1 recall ", " 0.99 recall ", 1)
	old := filepath.Join(t.TempDir(), "old.txt")
	os.WriteFile(old, []byte(text), 0o644)
	res, err := Compare(DefaultOptions(), old, old)
	if err != nil {
		t.Fatal(err)
	}
	want := "recall: old: exact distribution expected, but values range from 0.99 to 1"
	if !strings.Contains(strings.Join(res.Warnings, "\n"), want) {
		t.Errorf("warnings %q do not contain %q", res.Warnings, want)
	}
}

func TestFilter(t *testing.T) {
	dir := filepath.Join("testdata", "slowdown")
	opts := DefaultOptions()
	opts.Filter = "-/strategy:single"
	res, err := Compare(opts, filepath.Join(dir, "old.txt"), filepath.Join(dir, "new.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed || len(res.Benchmarks) != 3 {
		t.Errorf("filtered out the slow benchmark: failed = %v with %d benchmarks, want a pass over 3", res.Failed, len(res.Benchmarks))
	}
}

func TestVerdictString(t *testing.T) {
	for v, want := range map[Verdict]string{NoChange: "~", Better: "better", Worse: "worse", TooFewSamples: "too-few-samples"} {
		if v.String() != want {
			t.Errorf("%d.String() = %q, want %q", v, v.String(), want)
		}
	}
}
