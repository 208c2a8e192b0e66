package compare

import (
	"maps"
	"strings"
	"testing"
)

func TestParseReference(t *testing.T) {
	tests := []struct {
		in      string
		base    string
		keys    map[string]string
		wantErr string
	}{
		{in: "strategy=exact", keys: map[string]string{"strategy": "exact"}},
		{in: "index=exact,strategy=exact", keys: map[string]string{"index": "exact", "strategy": "exact"}},
		{in: "Search/n=1000/index=flat/k=10", base: "Search", keys: map[string]string{"n": "1000", "index": "flat", "k": "10"}},
		{in: "strategy", wantErr: `"strategy" names no key=value pair`},
		{in: "strategy=exact,flat", wantErr: `part "flat" is not key=value`},
		{in: "=exact", wantErr: `part "=exact" has an empty key`},
		{in: "k=10,k=100", wantErr: `key "k" given twice`},
	}
	for _, tt := range tests {
		ref, err := parseReference(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseReference(%q) error = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || ref.base != tt.base || !maps.Equal(ref.keys, tt.keys) {
			t.Errorf("parseReference(%q) = %q %v, %v; want %q %v", tt.in, ref.base, ref.keys, err, tt.base, tt.keys)
		}
	}
}

func TestReferenceMatch(t *testing.T) {
	names := []string{
		"Search/n=1000/index=exact/strategy=exact/k=10",
		"Search/n=1000/index=exact/strategy=exact/k=100",
		"Search/n=9000/index=exact/strategy=exact/k=10",
		"Search/n=1000/index=hnsw/strategy=single/k=10",
		"Search/n=9000/index=hnsw/strategy=single/k=100",
		"Search/n=5000/index=hnsw/strategy=single/k=10",
		"Other/n=1000/index=exact/strategy=exact/k=10",
	}
	tests := []struct {
		ref, name, want, why string
	}{
		{"index=exact,strategy=exact", names[3], names[0], ""},
		{"index=exact,strategy=exact", names[4], "", "no benchmark with index=exact,strategy=exact agrees"},
		{"index=exact,strategy=exact", names[5], "", "no benchmark"},
		// strategy alone: every exact benchmark has index=exact, which the
		// hnsw benchmarks do not share.
		{"strategy=exact", names[3], "", "no benchmark"},
		// A full name is one reference for all benchmarks of that base.
		{"Search/n=1000/index=exact/strategy=exact/k=10", names[4], names[0], ""},
		// The base name restricts the references, other keys still match.
		{"Search/index=exact/strategy=exact", names[3], names[0], ""},
		{"Other/index=exact/strategy=exact", names[3], names[6], ""},
	}
	for _, tt := range tests {
		ref, err := parseReference(tt.ref)
		if err != nil {
			t.Fatal(err)
		}
		var refs []string
		for _, n := range names {
			if ref.isReference(n) {
				refs = append(refs, n)
			}
		}
		got, ok, why := ref.match(tt.name, refs)
		if got != tt.want || ok != (tt.want != "") || !strings.Contains(why, tt.why) {
			t.Errorf("ref %q for %s = %q, %v, %q; want %q (%q)", tt.ref, tt.name, got, ok, why, tt.want, tt.why)
		}
	}
}

func TestReferenceAmbiguous(t *testing.T) {
	ref, _ := parseReference("strategy=exact")
	// Each reference agrees with the benchmark on one key.
	refs := []string{"Search/n=1000/strategy=exact", "Search/strategy=exact/k=10"}
	_, ok, why := ref.match("Search/n=1000/index=hnsw/strategy=single/k=10", refs)
	if ok || !strings.Contains(why, "several benchmarks with strategy=exact match it equally well") {
		t.Errorf("match = %v, %q; want an ambiguity", ok, why)
	}
}
