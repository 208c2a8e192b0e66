package compare

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func scenarioOptions(t *testing.T, name string) Options {
	t.Helper()
	opts := DefaultOptions()
	gate := filepath.Join("testdata", name, "gate.toml")
	if _, err := os.Stat(gate); err == nil {
		if err := LoadGateFile(gate, &opts); err != nil {
			t.Fatal(err)
		}
	}
	return opts
}

// TestGolden runs every scenario and compares the report with
// testdata/NAME.golden (go test -update rewrites it).
func TestGolden(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			dir := filepath.Join("testdata", sc.name)
			var out bytes.Buffer
			res, err := Run(scenarioOptions(t, sc.name), filepath.Join(dir, "old.txt"), filepath.Join(dir, "new.txt"), &out)
			if err != nil {
				t.Fatal(err)
			}
			if res.Failed != sc.fail {
				t.Errorf("gate failed = %v, want %v\n%s", res.Failed, sc.fail, out.String())
			}
			golden := filepath.Join("testdata", sc.name+".golden")
			if *update {
				if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test -update generates it)", err)
			}
			if !bytes.Equal(out.Bytes(), want) {
				t.Errorf("report differs from %s (go test -update rewrites it)\ngot:\n%s", golden, out.String())
			}
		})
	}
}
