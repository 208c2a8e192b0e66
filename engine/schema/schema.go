// Package schema describes the feature groups of a preprocessed ECG vector:
// which columns belong to heart rate, risk scores, the embedding and the beat
// proportions, and how a user's choice of groups and weights is resolved.
//
// It imports nothing of the project: every other package builds on it.
package schema

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Canonical group names.
const (
	HeartRate  = "heart_rate"
	RiskScores = "risk_scores"
	Embedding  = "embedding"
	BeatProps  = "beat_props"
)

// RiskNames are the single risk scores of the cohort, in column order. A query
// may name one of them; it is mapped to the whole RiskScores group.
var RiskNames = []string{"risk_afib", "risk_brady", "risk_tachy", "risk_pvc", "risk_ischemia"}

// BeatNames are the AAMI beat classes of the beat proportions, in column order.
var BeatNames = []string{"N", "S", "V", "F", "Q"}

// Group is one feature group: a contiguous run of columns of the vector.
type Group struct {
	Name   string `json:"name"`
	Width  int    `json:"width"`
	Offset int    `json:"offset"`
}

// Schema is the ordered list of groups of a vector; groups tile [0, Dim).
type Schema struct {
	Groups []Group `json:"groups"`
}

// Default returns the schema of DESIGN §3: heart_rate (1), risk_scores (5),
// embedding (pcaComponents), beat_props (5).
func Default(pcaComponents int) Schema {
	return New([]string{HeartRate, RiskScores, Embedding, BeatProps},
		[]int{1, len(RiskNames), pcaComponents, len(BeatNames)})
}

// New builds a schema from names and widths, assigning offsets in order.
func New(names []string, widths []int) Schema {
	s := Schema{Groups: make([]Group, len(names))}
	off := 0
	for i, n := range names {
		s.Groups[i] = Group{Name: n, Width: widths[i], Offset: off}
		off += widths[i]
	}
	return s
}

// Dim is the total width of the vector.
func (s Schema) Dim() int {
	d := 0
	for _, g := range s.Groups {
		d += g.Width
	}
	return d
}

// Index returns the position of the group called name, or -1.
func (s Schema) Index(name string) int {
	for i, g := range s.Groups {
		if g.Name == name {
			return i
		}
	}
	return -1
}

// Names lists the group names in schema order.
func (s Schema) Names() []string {
	out := make([]string, len(s.Groups))
	for i, g := range s.Groups {
		out[i] = g.Name
	}
	return out
}

// Validate checks that groups have positive widths, unique names and tile the
// vector without gaps.
func (s Schema) Validate() error {
	if len(s.Groups) == 0 {
		return fmt.Errorf("schema: no groups")
	}
	off := 0
	seen := map[string]bool{}
	for _, g := range s.Groups {
		if g.Width <= 0 {
			return fmt.Errorf("schema: group %q has width %d, want > 0", g.Name, g.Width)
		}
		if g.Offset != off {
			return fmt.Errorf("schema: group %q starts at %d, want %d", g.Name, g.Offset, off)
		}
		if seen[g.Name] {
			return fmt.Errorf("schema: group %q listed twice", g.Name)
		}
		seen[g.Name] = true
		off += g.Width
	}
	return nil
}

// Selection is a resolved choice of groups and their weights: Groups holds
// schema positions in ascending order, Weights the matching weights (> 0).
type Selection struct {
	Groups  []int
	Weights []float64
	// Notices are messages for the user about how names were resolved
	// (e.g. a single risk mapped to the risk_scores group).
	Notices []string
}

// Select resolves group names (canonical names or single risk names) and
// weights. weights may be nil (all 1) or have one entry per name. Every bad
// input is an error naming the value: an unknown group, a weight that is
// negative, zero, NaN or infinite, a count mismatch, or a group named twice.
// A single risk name maps to risk_scores with a notice; naming two risks
// keeps one group whose weight is the largest of theirs.
func (s Schema) Select(names []string, weights []float64) (Selection, error) {
	if len(names) == 0 {
		return Selection{}, fmt.Errorf("no groups selected (known groups: %s)", strings.Join(s.Names(), ", "))
	}
	if weights != nil && len(weights) != len(names) {
		return Selection{}, fmt.Errorf("%d weights for %d groups %v: give one weight per group", len(weights), len(names), names)
	}
	byGroup := map[int]float64{}
	var notices []string
	for i, raw := range names {
		name := strings.TrimSpace(raw)
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		if math.IsNaN(w) || math.IsInf(w, 0) {
			return Selection{}, fmt.Errorf("weight of group %q is %v, want a finite number > 0", name, w)
		}
		if w <= 0 {
			return Selection{}, fmt.Errorf("weight of group %q is %v, want > 0 (leave a group out instead of weighting it 0)", name, w)
		}
		gi := s.Index(name)
		if gi < 0 && isRiskName(name) && s.Index(RiskScores) >= 0 {
			gi = s.Index(RiskScores)
			notices = append(notices, fmt.Sprintf("%s is one of the risk scores: searching the whole %s group", name, RiskScores))
		}
		if gi < 0 {
			return Selection{}, fmt.Errorf("unknown group %q (known groups: %s; single risks %s map to %s)",
				name, strings.Join(s.Names(), ", "), strings.Join(RiskNames, ", "), RiskScores)
		}
		if old, dup := byGroup[gi]; dup {
			if !isRiskName(name) {
				return Selection{}, fmt.Errorf("group %q selected twice", s.Groups[gi].Name)
			}
			w = math.Max(w, old)
		}
		byGroup[gi] = w
	}
	sel := Selection{Notices: notices}
	for gi := range byGroup {
		sel.Groups = append(sel.Groups, gi)
	}
	sort.Ints(sel.Groups)
	for _, gi := range sel.Groups {
		sel.Weights = append(sel.Weights, byGroup[gi])
	}
	return sel, nil
}

// All reports whether the selection covers every group of the schema.
func (sel Selection) All(s Schema) bool { return len(sel.Groups) == len(s.Groups) }

// Uniform reports whether all selected weights are equal.
func (sel Selection) Uniform() bool {
	for _, w := range sel.Weights {
		if w != sel.Weights[0] {
			return false
		}
	}
	return true
}

// Label is a short name for a set of groups, e.g. "hr+bp", used in result
// names that must slice well in benchstat.
func (sel Selection) Label(s Schema) string {
	parts := make([]string, len(sel.Groups))
	for i, gi := range sel.Groups {
		parts[i] = Abbrev(s.Groups[gi].Name)
	}
	return strings.Join(parts, "+")
}

// Abbrev returns the short form of a canonical group name (hr, risk, emb, bp);
// other names are returned unchanged.
func Abbrev(name string) string {
	switch name {
	case HeartRate:
		return "hr"
	case RiskScores:
		return "risk"
	case Embedding:
		return "emb"
	case BeatProps:
		return "bp"
	}
	return name
}

func isRiskName(name string) bool {
	for _, r := range RiskNames {
		if r == name {
			return true
		}
	}
	return false
}
