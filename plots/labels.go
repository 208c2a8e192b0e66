package plots

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/ecgbench/ecgbench/engine/schema"
	"github.com/ecgbench/ecgbench/results"
)

// StrategyLabel names a record's strategy with its fusion rule, as in
// "hybrid-rrf", "single" or "exact".
func StrategyLabel(r results.Record) string {
	if r.Fusion == "" {
		return r.Strategy
	}
	return r.Strategy + "-" + r.Fusion
}

// IndexLabel names a record's index config; exact search, which uses none,
// is labelled "none".
func IndexLabel(r results.Record) string {
	if r.Index == "" {
		return "none"
	}
	return r.Index
}

// SeriesLabel names the (index config × strategy) series a record belongs
// to, as in "faiss-hnsw32 · hybrid-rrf"; exact search is just "exact".
func SeriesLabel(r results.Record) string {
	if r.Index == "" {
		return StrategyLabel(r)
	}
	return r.Index + " · " + StrategyLabel(r)
}

// GroupsLabel names a record's group set with the short group names of
// the result names (schema.Abbrev) joined by "+", each group weighted
// other than 1 followed by "×w", as in "hr+bp×2".
func GroupsLabel(r results.Record) string {
	parts := make([]string, len(r.Groups))
	for i, g := range r.Groups {
		parts[i] = schema.Abbrev(g)
		if i < len(r.Weights) && r.Weights[i] != 1 {
			parts[i] += "×" + strconv.FormatFloat(r.Weights[i], 'g', -1, 64)
		}
	}
	return strings.Join(parts, "+")
}

// SettingsLabel names the point of a parameter sweep a record measures:
// its search parameters in key order, then its margin, as in
// "efSearch=64 margin=4"; "default" when there are none.
func SettingsLabel(r results.Record) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(r.Search)) {
		parts = append(parts, fmt.Sprintf("%s=%d", k, r.Search[k]))
	}
	if r.Margin > 0 {
		parts = append(parts, "margin="+strconv.FormatFloat(r.Margin, 'g', -1, 64))
	}
	if len(parts) == 0 {
		return "default"
	}
	return strings.Join(parts, " ")
}

// slug turns a label into a file-name fragment: letters, digits, '+', '.'
// and '-' are kept, "×" becomes "x" and anything else '_'.
func slug(label string) string {
	var b strings.Builder
	for _, c := range label {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '+', c == '.', c == '-':
			b.WriteRune(c)
		case c == '×':
			b.WriteByte('x')
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}
