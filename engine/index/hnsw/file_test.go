package hnsw

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadRejects covers the failures the wrapper format must catch; the
// conformance suite covers missing, empty, truncated and garbage files.
func TestLoadRejects(t *testing.T) {
	x, _, _ := testIndex(t, 50, Params{})
	dir := t.TempDir()
	path := filepath.Join(dir, "good")
	if err := x.Save(path); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(b []byte) []byte
		want   string
	}{
		{"flipped graph bit", func(b []byte) []byte { b[headerSize+40] ^= 0x10; return b }, "checksum"},
		{"flipped header bit", func(b []byte) []byte { b[20] ^= 1; return b }, "checksum"},
		{"other version", func(b []byte) []byte { binary.LittleEndian.PutUint32(b[8:], 9); return b }, "version 9"},
		{"not an hnsw file", func(b []byte) []byte { copy(b, "ECGFLAT\x00"); return b }, "magic"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-"))
			if err := os.WriteFile(p, tc.change(append([]byte(nil), good...)), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Load(p)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), p) {
				t.Errorf("Load = %v, want an error naming %s and saying %q", err, p, tc.want)
			}
		})
	}
}
