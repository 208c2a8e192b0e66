package spec_test

import (
	"os"
	"testing"

	"github.com/ecgbench/ecgbench/runner/spec"
)

func TestTmpHang(t *testing.T) {
	data, _ := os.ReadFile("/tmp/hang.toml")
	s, err := spec.Parse("h.toml", data)
	t.Log(err)
	if err == nil {
		t.Log(len(s.Trials()))
	}
}
