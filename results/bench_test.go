package results

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
)

func TestWriteBenchGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteBench(&buf, sampleRecords()); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "bench.golden", buf.Bytes())
}

// TestBenchRoundTrip reads bench.txt back with benchfmt.Reader, as
// benchstat and ecgbench compare do, and checks every value, the file
// configuration and the unit metadata.
func TestBenchRoundTrip(t *testing.T) {
	recs := sampleRecords()
	var buf bytes.Buffer
	if err := WriteBench(&buf, recs); err != nil {
		t.Fatal(err)
	}
	type line struct {
		name   string
		iters  int
		config map[string]string
		values map[string]float64 // by original unit as written
	}
	var want []line
	for _, r := range recs {
		if r.Status != StatusOK {
			continue
		}
		for _, rep := range r.Repeats {
			want = append(want, line{
				name:  r.Name,
				iters: r.Queries,
				config: map[string]string{
					"goos": r.GOOS, "goarch": r.GOARCH, "cpu": r.CPU, "go": r.GoVersion, "commit": r.Commit,
					"spec": r.SpecName, "spec-hash": r.SpecHash, "fingerprint": r.Fingerprint,
				},
				values: map[string]float64{
					UnitNsPerOp: rep.NsPerOp, UnitRecall: r.RecallMean, UnitSameCluster: r.SameCluster,
					UnitQPS: rep.QPS, UnitIndexBytes: float64(r.IndexBytes), UnitBuildSeconds: r.BuildSeconds,
				},
			})
		}
	}

	rd := benchfmt.NewReader(&buf, "bench.txt")
	var got []line
	for rd.Scan() {
		switch rec := rd.Result().(type) {
		case *benchfmt.SyntaxError:
			t.Fatalf("syntax error: %v", rec)
		case *benchfmt.Result:
			l := line{name: rec.Name.String(), iters: rec.Iters, config: map[string]string{}, values: map[string]float64{}}
			for _, c := range rec.Config {
				if !c.File {
					t.Errorf("%s: config %s is not a file config", l.name, c.Key)
				}
				l.config[c.Key] = string(c.Value)
			}
			for _, v := range rec.Values {
				unit, val := v.Unit, v.Value
				if v.OrigUnit != "" {
					unit, val = v.OrigUnit, v.OrigValue
				}
				l.values[unit] = val
			}
			got = append(got, l)
		}
	}
	if err := rd.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("read %d result lines, want %d (one per repeat of each ok record)", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.name != w.name || g.iters != w.iters {
			t.Errorf("line %d: %s %d, want %s %d", i, g.name, g.iters, w.name, w.iters)
		}
		for k, v := range w.config {
			if g.config[k] != v {
				t.Errorf("line %d: config %s = %q, want %q", i, k, g.config[k], v)
			}
		}
		if len(g.config) != len(w.config) {
			t.Errorf("line %d: config %v, want %v", i, g.config, w.config)
		}
		for unit, v := range w.values {
			if gv, ok := g.values[unit]; !ok || gv != v {
				t.Errorf("line %d: %s = %v (present %v), want %v", i, unit, gv, ok, v)
			}
		}
	}

	units := rd.Units()
	for _, tt := range []struct {
		unit   string
		better int
		assume benchmath.Assumption
	}{
		{UnitNsPerOp, -1, benchmath.AssumeNothing},
		{UnitQPS, +1, benchmath.AssumeNothing},
		{UnitRecall, +1, benchmath.AssumeExact},
		{UnitSameCluster, +1, benchmath.AssumeExact},
		{UnitIndexBytes, -1, benchmath.AssumeExact},
		{UnitBuildSeconds, -1, benchmath.AssumeExact},
	} {
		if got := units.GetBetter(tt.unit); got != tt.better {
			t.Errorf("unit %s: better = %d, want %d", tt.unit, got, tt.better)
		}
		if got := units.GetAssumption(tt.unit); got != tt.assume {
			t.Errorf("unit %s: assumption = %v, want %v", tt.unit, got, tt.assume)
		}
	}
}

func TestWriteBenchErrors(t *testing.T) {
	tests := []struct {
		name   string
		modify func(r *Record)
		want   string
	}{
		{"space in name", func(r *Record) { r.Name = "Search/a b" }, "name contains white space"},
		{"empty name", func(r *Record) { r.Name = "" }, "empty name"},
		{"no repeats", func(r *Record) { r.Repeats = nil }, "status ok but no repeats"},
		{"no queries", func(r *Record) { r.Queries = 0 }, "queries = 0"},
		{"line break in cpu", func(r *Record) { r.CPU = "a\nb" }, `cpu "a\nb" contains a line break`},
		{"NaN latency", func(r *Record) { r.Repeats[1].NsPerOp = nan() }, "repeats[1].ns_per_op = NaN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := sampleRecords()
			tt.modify(&recs[1])
			err := WriteBench(&bytes.Buffer{}, recs)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "bench record 1") {
				t.Errorf("WriteBench error = %v, want one naming record 1 and containing %q", err, tt.want)
			}
		})
	}
}
