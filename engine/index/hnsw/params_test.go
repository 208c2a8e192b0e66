package hnsw

import (
	"strings"
	"testing"

	"github.com/ecgbench/ecgbench/engine/index"
)

func TestParseParams(t *testing.T) {
	def := Params{M: DefaultM, Ml: DefaultMl, EfConstruction: DefaultEfConstruction, Seed: DefaultSeed}
	tests := []struct {
		name    string
		in      index.Params
		want    Params
		wantErr []string // substrings of the error; nil for success
	}{
		{"defaults", nil, def, nil},
		{"all set", index.Params{"M": int64(32), "Ml": 0.125, "efConstruction": int64(200), "seed": int64(7)},
			Params{M: 32, Ml: 0.125, EfConstruction: 200, Seed: 7}, nil},
		{"unknown key", index.Params{"ef": int64(3)}, Params{}, []string{"backend hnsw", `"ef"`}},
		{"ill-typed", index.Params{"M": "sixteen"}, Params{}, []string{"backend hnsw", `"M"`, "integer"}},
		{"M too small", index.Params{"M": int64(1)}, Params{}, []string{`"M"`, "≥ 2"}},
		{"Ml out of range", index.Params{"Ml": 1.0}, Params{}, []string{`"Ml"`}},
		{"efConstruction zero", index.Params{"efConstruction": int64(0)}, Params{}, []string{`"efConstruction"`}},
		{"efSearch is a search parameter", index.Params{"efSearch": int64(40)}, Params{}, []string{`unknown parameter "efSearch"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseParams(tc.in)
			if tc.wantErr == nil {
				if err != nil || got != tc.want {
					t.Errorf("ParseParams = %+v, %v; want %+v", got, err, tc.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("ParseParams = %+v, want an error", got)
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %s", err, w)
				}
			}
		})
	}
}

func TestRegistry(t *testing.T) {
	b, err := index.Lookup(Name)
	if err != nil {
		t.Fatal(err)
	}
	x, err := b.New(4, index.Params{"M": int64(8)})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := x.(*Index).Params().M; got != 8 {
		t.Errorf("M = %d, want 8", got)
	}
	if err := b.CheckSearchParams(map[string]int{"efSearch": 10}); err != nil {
		t.Errorf("efSearch rejected: %v", err)
	}
	if err := b.CheckSearchParams(map[string]int{"nprobe": 10}); err == nil {
		t.Error("nprobe accepted")
	}
	if _, err := b.New(4, index.Params{"nlist": int64(8)}); err == nil || !strings.Contains(err.Error(), "nlist") {
		t.Errorf("New with nlist: %v, want an error naming nlist", err)
	}
}
