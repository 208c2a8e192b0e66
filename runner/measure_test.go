package runner

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ecgbench/ecgbench/engine/exact"
)

func TestRecall(t *testing.T) {
	want := []exact.Neighbor{{ID: 1, Dist: 1}, {ID: 2, Dist: 2}, {ID: 3, Dist: 3}}
	cases := []struct {
		name string
		ids  []int64
		d    []float32
		k    int
		rec  float64
	}{
		{"all", []int64{1, 2, 3}, []float32{1, 2, 3}, 3, 1},
		{"tie at k-th distance counts", []int64{1, 2, 9}, []float32{1, 2, 3}, 3, 1},
		{"beyond k-th distance", []int64{1, 2, 9}, []float32{1, 2, 3.01}, 3, 2.0 / 3},
		{"duplicates count once", []int64{1, 1, 1}, []float32{1, 1, 1}, 3, 1.0 / 3},
		{"short answer", []int64{1}, []float32{1}, 3, 1.0 / 3},
		{"k above truth length", []int64{1, 2, 3}, []float32{1, 2, 3}, 10, 1},
		{"empty", nil, nil, 3, 0},
	}
	for _, c := range cases {
		if got := Recall(c.ids, c.d, want, c.k); got != c.rec {
			t.Errorf("%s: recall %v, want %v", c.name, got, c.rec)
		}
	}
}

func TestSameCluster(t *testing.T) {
	clusters := []uint8{0, 1, 1, 2}
	if got := SameCluster([]int64{1, 2, 3, 0}, clusters, 1); got != 0.5 {
		t.Errorf("got %v", got)
	}
}

func TestGroundTruthRoundTripAndCorruption(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "gt.bin")
	in := [][]exact.Neighbor{{{ID: 4, Dist: 0.5}, {ID: 9, Dist: 0.75}}, {}, {{ID: 1, Dist: 2}}}
	if err := WriteGroundTruth(p, in); err != nil {
		t.Fatal(err)
	}
	out, err := ReadGroundTruth(p)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(out[0], in[0]) || len(out[1]) != 0 || !reflect.DeepEqual(out[2], in[2]) {
		t.Fatalf("round trip: %v", out)
	}
	data, _ := os.ReadFile(p)
	os.WriteFile(p, data[:len(data)-5], 0o644)
	if _, err := ReadGroundTruth(p); err == nil || !strings.Contains(err.Error(), p) {
		t.Errorf("truncated file: %v", err)
	}
	data[20] ^= 1
	os.WriteFile(p, data, 0o644)
	if _, err := ReadGroundTruth(p); err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("altered file: %v", err)
	}
}

func TestPeakRSSReadable(t *testing.T) {
	rss := RSS()
	peak := PeakRSS()
	if peak <= 0 || rss <= 0 {
		t.Skip("no /proc/self/status here")
	}
	if peak < rss {
		t.Errorf("VmHWM %d below VmRSS %d read before it", peak, rss)
	}
}
