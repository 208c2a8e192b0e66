package plots

import (
	"reflect"
	"testing"
)

func TestLogTicksLabels(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   []string
	}{
		{5, 5000, []string{"10", "100", "1k"}},
		{2000, 8000, []string{"2k", "5k"}},                    // within one decade: 2× and 5× labelled
		{1680, 3625, []string{"2k", "3k"}},                    // no 2×/5× pair: every multiple labelled
		{0.013, 0.35, []string{"0.02", "0.05", "0.1", "0.2"}}, // one power of ten only
		{9000, 1.2e6, []string{"10k", "100k", "1M"}},
		{0, 10, nil}, // not a log range
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range (logTicks{}).Ticks(tt.lo, tt.hi) {
			if tk.Value < tt.lo || tk.Value > tt.hi {
				t.Errorf("Ticks(%v, %v): tick %v out of range", tt.lo, tt.hi, tk.Value)
			}
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Ticks(%v, %v) labels = %q, want %q", tt.lo, tt.hi, got, tt.want)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	got := []string{}
	for _, v := range []float64{0.0123, 1, 10, 999, 1000, 10_000, 25_000, 1e6, 2.5e6, 1e10} {
		got = append(got, formatNumber(v))
	}
	want := []string{"0.0123", "1", "10", "999", "1k", "10k", "25k", "1M", "2.5M", "10G"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("formatNumber = %q, want %q", got, want)
	}
}
