package search

import (
	"reflect"
	"strings"
	"testing"

	"github.com/ecgbench/ecgbench/engine/index"
)

// TestSubsetEqualsExact: over an exact index, the subset strategy answers
// its own selection exactly as exact search does, for every group set and
// with unequal weights, and refuses any other selection.
func TestSubsetEqualsExact(t *testing.T) {
	d := testData(700, 9)
	ex := NewExact(d)
	for _, names := range groupSets {
		for _, w := range [][]float64{nil, weightsFor(names, 3)} {
			sel := sel(t, d.Schema, names, w)
			rows := SubsetRows(d, sel)
			st, err := NewSubset(d, sel, build(t, len(rows)/d.N(), rows), index.SearchParams{})
			if err != nil {
				t.Fatal(err)
			}
			for qi := int64(0); qi < 10; qi++ {
				q := Query{Vector: d.Row(qi * 31), Exclude: qi * 31, Sel: sel, K: 10}
				want, _ := ex.Search(q)
				got, err := st.Search(q)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got.Neighbors, want.Neighbors) {
					t.Fatalf("%v w=%v q=%d:\n got %v\nwant %v", names, w, qi, got.Neighbors, want.Neighbors)
				}
			}
			other := sel
			other.Weights = append([]float64(nil), sel.Weights...)
			other.Weights[0] *= 2
			if _, err := st.Search(Query{Vector: d.Row(0), Exclude: -1, Sel: other, K: 5}); err == nil || !strings.Contains(err.Error(), "this subset index answers") {
				t.Errorf("%v: another weighting accepted: %v", names, err)
			}
		}
	}
}
