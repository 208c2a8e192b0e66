package compare

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadInput checks that bad input is an error naming every file and
// line at fault, not a verdict.
func TestBadInput(t *testing.T) {
	good := filepath.Join("testdata", "same", "old.txt")
	tests := []struct {
		name     string
		old, new string
		opts     func(*Options)
		want     []string
	}{
		{
			name: "syntax errors in both files are all reported",
			old:  "testdata/bad/syntax.txt", new: "testdata/bad/syntax.txt",
			want: []string{
				"testdata/bad/syntax.txt:4: parsing iteration count: invalid syntax",
				"testdata/bad/syntax.txt:5: missing units",
			},
		},
		{
			name: "unit metadata conflicting with the old file",
			old:  good, new: "testdata/bad/unit-conflict.txt",
			want: []string{"testdata/bad/unit-conflict.txt:1: metadata better of unit recall already set to higher"},
		},
		{
			name: "no results",
			old:  good, new: "testdata/bad/empty.txt",
			want: []string{"testdata/bad/empty.txt: no benchmark results"},
		},
		{
			name: "missing file",
			old:  "testdata/absent.txt", new: good,
			want: []string{"testdata/absent.txt: no such file or directory"},
		},
		{
			name: "folder without bench.txt",
			old:  "testdata/bad", new: good,
			want: []string{"testdata/bad is a folder without bench.txt"},
		},
		{
			name: "reference matching nothing",
			old:  good, new: good,
			opts: func(o *Options) { o.Reference = "index=flat" },
			want: []string{good + `: no benchmark matches the reference "index=flat"`},
		},
		{
			name: "nothing in common",
			old:  good, new: good,
			opts: func(o *Options) { o.Filter = "/n:5" },
			want: []string{`no benchmark is in both ` + good + ` (0 benchmarks) and ` + good + ` (0) after the filter "/n:5"`},
		},
		{
			name: "invalid options",
			old:  good, new: good,
			opts: func(o *Options) { o.Alpha = 0; o.MinSamples = -1 },
			want: []string{"alpha: 0 is outside (0, 1)", "min_samples: -1, want at least 1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := DefaultOptions()
			if tt.opts != nil {
				tt.opts(&opts)
			}
			res, err := Compare(opts, tt.old, tt.new)
			if err == nil {
				t.Fatalf("no error; result %+v", res)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestRunFolder(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("testdata", "slowdown", "new.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bench.txt"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Compare(DefaultOptions(), filepath.Join("testdata", "slowdown", "old.txt"), dir)
	if err != nil {
		t.Fatal(err)
	}
	if res.New != filepath.Join(dir, "bench.txt") || !res.Failed {
		t.Errorf("run folder read as %s, failed %v; want its bench.txt and a failed gate", res.New, res.Failed)
	}
}

func TestLoadGateFile(t *testing.T) {
	opts := DefaultOptions()
	if err := LoadGateFile("testdata/gates/full.toml", &opts); err != nil {
		t.Fatal(err)
	}
	want := Options{
		Alpha: 0.01, Confidence: 0.99, MinSamples: 8, RecallTolerance: 0.01, SameClusterTolerance: 0.02,
		TimeThreshold: 0.25, Reference: "index=exact,strategy=exact", GateAbsoluteTime: true, Filter: "/k:10",
	}
	if opts != want {
		t.Errorf("options = %+v, want %+v", opts, want)
	}

	// A key the file leaves out keeps its earlier value.
	opts = DefaultOptions()
	opts.TimeThreshold = 0.5
	if err := LoadGateFile("testdata/machine-slowdown/gate.toml", &opts); err != nil {
		t.Fatal(err)
	}
	if opts.TimeThreshold != 0.5 || opts.Reference != "index=exact,strategy=exact" {
		t.Errorf("options = %+v, want threshold kept at 0.5 and the reference set", opts)
	}
}

func TestLoadGateFileErrors(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"unknown-key.toml", []string{"testdata/gates/unknown-key.toml:3: recall_tolerence: unknown key"}},
		{"table.toml", []string{"testdata/gates/table.toml:2: time: unknown key"}},
		{"wrong-type.toml", []string{"testdata/gates/wrong-type.toml:3: min_samples: incompatible types: TOML value has type string; destination has type integer"}},
		{"syntax.toml", []string{"testdata/gates/syntax.toml:1: alpha: expected value but found '=' instead"}},
		{"bad-values.toml", []string{
			"testdata/gates/bad-values.toml:1: alpha: 2 is outside (0, 1)",
			"testdata/gates/bad-values.toml:2: min_samples: 0, want at least 1",
			`testdata/gates/bad-values.toml:4: reference: "strategy" names no key=value pair`,
			"testdata/gates/bad-values.toml:5: filter: ",
		}},
		{"absent.toml", []string{"compare: gate file: open testdata/gates/absent.toml: no such file or directory"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			opts := DefaultOptions()
			err := LoadGateFile(filepath.Join("testdata", "gates", tt.file), &opts)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}
