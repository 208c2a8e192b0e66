package schema

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestDefaultTilesSixteenColumns(t *testing.T) {
	s := Default(5)
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.Dim() != 16 {
		t.Errorf("dim %d, want 16", s.Dim())
	}
	want := []Group{{HeartRate, 1, 0}, {RiskScores, 5, 1}, {Embedding, 5, 6}, {BeatProps, 5, 11}}
	if !reflect.DeepEqual(s.Groups, want) {
		t.Errorf("groups %v, want %v", s.Groups, want)
	}
}

func TestSelect(t *testing.T) {
	s := Default(5)
	sel, err := s.Select([]string{"beat_props", "heart_rate"}, []float64{2, 1})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sel.Groups, []int{0, 3}) || !reflect.DeepEqual(sel.Weights, []float64{1, 2}) {
		t.Errorf("selection %+v: want groups in schema order with their weights", sel)
	}
	if sel.Label(s) != "hr+bp" || sel.All(s) || sel.Uniform() {
		t.Errorf("label %q all %v uniform %v", sel.Label(s), sel.All(s), sel.Uniform())
	}
	risk, err := s.Select([]string{"risk_afib", "risk_pvc"}, []float64{1, 3})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(risk.Groups, []int{1}) || risk.Weights[0] != 3 || len(risk.Notices) != 2 ||
		!strings.Contains(risk.Notices[0], "risk_afib is one of the risk scores") {
		t.Errorf("single risks: %+v", risk)
	}
	all, _ := s.Select([]string{"heart_rate", "risk_scores", "embedding", "beat_props"}, nil)
	if !all.All(s) || !all.Uniform() {
		t.Errorf("all groups: %+v", all)
	}
}

func TestSelectBadInput(t *testing.T) {
	s := Default(5)
	cases := []struct {
		names []string
		w     []float64
		want  string
	}{
		{nil, nil, "no groups selected"},
		{[]string{"qt"}, nil, `unknown group "qt"`},
		{[]string{"heart_rate"}, []float64{0}, `weight of group "heart_rate" is 0`},
		{[]string{"heart_rate"}, []float64{-2}, "is -2"},
		{[]string{"heart_rate"}, []float64{math.NaN()}, "is NaN"},
		{[]string{"heart_rate"}, []float64{math.Inf(1)}, "is +Inf"},
		{[]string{"heart_rate", "embedding"}, []float64{1}, "1 weights for 2 groups"},
		{[]string{"heart_rate", "heart_rate"}, nil, "selected twice"},
	}
	for _, c := range cases {
		_, err := s.Select(c.names, c.w)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Select(%v, %v) = %v, want an error containing %q", c.names, c.w, err, c.want)
		}
	}
}

func TestValidate(t *testing.T) {
	bad := []Schema{
		{},
		{Groups: []Group{{"a", 0, 0}}},
		{Groups: []Group{{"a", 2, 0}, {"b", 1, 3}}},
		{Groups: []Group{{"a", 1, 0}, {"a", 1, 1}}},
	}
	for _, s := range bad {
		if s.Validate() == nil {
			t.Errorf("%+v accepted", s)
		}
	}
}
