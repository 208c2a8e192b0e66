package cli

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// TestGolden runs each script testdata/NAME.txt and compares the transcript
// with testdata/NAME.golden. A script line is a command:
//
//	ecgbench ARGS…       run Main (arguments split on spaces)
//	truncate FILE N      cut FILE to N bytes (N < 0: drop -N bytes)
//	flip FILE OFFSET     flip the lowest bit of one byte (OFFSET < 0: from the end)
//
// $DIR is a fresh temporary folder; timings print as X.XX.
func TestGolden(t *testing.T) {
	scripts, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no scripts under testdata (%v)", err)
	}
	for _, script := range scripts {
		name := strings.TrimSuffix(filepath.Base(script), ".txt")
		t.Run(name, func(t *testing.T) {
			got := runScript(t, script)
			golden := strings.TrimSuffix(script, ".txt") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("transcript differs from %s (go test -update rewrites it):\n%s", golden, diffLines(string(want), string(got)))
			}
		})
	}
}

var timing = regexp.MustCompile(`in [0-9]+\.[0-9]+s`)

func runScript(t *testing.T, script string) []byte {
	text, err := os.ReadFile(script)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var out bytes.Buffer
	for _, line := range strings.Split(string(text), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fmt.Fprintf(&out, "$ %s\n", line)
		f := strings.Fields(strings.ReplaceAll(line, "$DIR", dir))
		switch f[0] {
		case "ecgbench":
			var stdout, stderr bytes.Buffer
			code := Main(f[1:], &stdout, &stderr)
			for _, part := range []struct {
				name string
				b    *bytes.Buffer
			}{{"stdout", &stdout}, {"stderr", &stderr}} {
				if part.b.Len() == 0 {
					continue
				}
				s := strings.ReplaceAll(part.b.String(), dir, "$DIR")
				fmt.Fprintf(&out, "[%s]\n%s", part.name, timing.ReplaceAllString(s, "in X.XXs"))
			}
			fmt.Fprintf(&out, "[exit %d]\n", code)
		case "truncate", "flip":
			if len(f) != 3 {
				t.Fatalf("%s: %q: want %s FILE N", script, line, f[0])
			}
			n, err := strconv.Atoi(f[2])
			if err != nil {
				t.Fatalf("%s: %q: %v", script, line, err)
			}
			data, err := os.ReadFile(f[1])
			if err != nil {
				t.Fatal(err)
			}
			if n < 0 {
				n += len(data)
			}
			if f[0] == "truncate" {
				data = data[:n]
			} else {
				data[n] ^= 1
			}
			if err := os.WriteFile(f[1], data, 0o644); err != nil {
				t.Fatal(err)
			}
		default:
			t.Fatalf("%s: unknown script command %q", script, f[0])
		}
	}
	return out.Bytes()
}

// diffLines shows the first lines where two transcripts differ.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 10; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %q\n  got  %q\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}

func TestRegistry(t *testing.T) {
	for _, name := range []string{"gen", "query"} {
		if _, ok := commands[name]; !ok {
			t.Errorf("command %q is not registered", name)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("registering gen twice did not panic")
		}
	}()
	Register(genCommand{})
}

func TestMainUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		out  string // on stdout for code 0, stderr otherwise
	}{
		{nil, 2, "usage: ecgbench <command> [flags]"},
		{[]string{"help"}, 0, "  query    find the ECGs most like one ECG"},
		{[]string{"frobnicate"}, 2, `ecgbench: unknown command "frobnicate"`},
		{[]string{"gen", "-h"}, 0, "-pca int\n    \tPCA components C of the embedding (default 5)"},
		{[]string{"query", "-nope"}, 2, "ecgbench query: flag provided but not defined: -nope"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := Main(tt.args, &stdout, &stderr)
		out := stderr.String()
		if code == 0 && len(tt.args) > 0 && tt.args[0] == "help" {
			out = stdout.String()
		}
		if code != tt.code || !strings.Contains(out, tt.out) {
			t.Errorf("ecgbench %v: exit %d, output\n%s\nwant exit %d and %q", tt.args, code, out, tt.code, tt.out)
		}
	}
}
