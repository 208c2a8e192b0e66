package flat

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecgbench/ecgbench/engine/index"
	"github.com/ecgbench/ecgbench/engine/index/indextest"
)

// TestLoadRejects covers the failures the format itself must catch; the
// conformance suite covers missing, empty, truncated and garbage files.
func TestLoadRejects(t *testing.T) {
	x, err := New(4)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Add(indextest.Clustered(50, 4, 3, 1)); err != nil {
		t.Fatal(err)
	}
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
		{"flipped data bit", func(b []byte) []byte { b[headerSize+9] ^= 0x10; return b }, "checksum"},
		{"flipped checksum bit", func(b []byte) []byte { b[len(b)-1] ^= 1; return b }, "checksum"},
		{"other version", func(b []byte) []byte { binary.LittleEndian.PutUint32(b[8:], 2); return b }, "version 2"},
		{"rows beyond data", func(b []byte) []byte { binary.LittleEndian.PutUint64(b[16:], 51); return b }, "51 rows"},
		{"huge row count", func(b []byte) []byte { binary.LittleEndian.PutUint64(b[16:], 1<<62); return b }, "truncated or corrupt"},
		{"extra bytes", func(b []byte) []byte { return append(b[:len(b)-4:len(b)-4], 0, 0, 0, 0, 0, 0, 0, 0) }, "truncated or corrupt"},
		{"zero width", func(b []byte) []byte { binary.LittleEndian.PutUint32(b[12:], 0); return b }, "dimension 0"},
		{"not a flat file", func(b []byte) []byte { copy(b, "ECGHNSW\x00"); return b }, "magic"},
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

func TestRegistry(t *testing.T) {
	b, err := index.Lookup(Name)
	if err != nil {
		t.Fatal(err)
	}
	x, err := b.New(8, nil)
	if err != nil || x.Dim() != 8 {
		t.Fatalf("New(8, nil) = %v, %v; want an 8-wide index", x, err)
	}
	if _, err := b.New(8, index.Params{"efSearch": int64(10)}); err == nil || !strings.Contains(err.Error(), "flat") || !strings.Contains(err.Error(), "efSearch") {
		t.Errorf("New with a build parameter: %v, want an error naming flat and efSearch", err)
	}
	if _, err := b.New(0, nil); err == nil {
		t.Error("New with width 0 succeeded")
	}
	if err := b.CheckSearchParams(map[string]int{"nprobe": 1}); err == nil {
		t.Error("flat accepted search parameter nprobe")
	}
	if _, err := x.Search(make([]float32, 8), 1, index.SearchParams{Values: map[string]int{"efSearch": 1}}); err == nil {
		t.Error("Search with efSearch succeeded on flat")
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if err := x.Add(make([]float32, 8)); err != errClosed {
		t.Errorf("Add after Close = %v, want %v", err, errClosed)
	}
}
