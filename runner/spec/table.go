package spec

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// The decoder reads the document the TOML parser produced (map[string]any
// with int64, float64, string, bool, date, []any and map values) key by key,
// so one wrong type does not hide the next problem: every key is checked,
// every problem is recorded with its path and line, and each table reports
// the keys nobody read.

// decoder collects problems while the spec is read.
type decoder struct {
	file  string
	lines lineIndex
	errs  []Problem
	warns []Problem
}

func (d *decoder) problem(path, format string, args ...any) Problem {
	return Problem{File: d.file, Line: d.lines.line(path), Key: path, Msg: fmt.Sprintf(format, args...)}
}

// errorf records an error at path.
func (d *decoder) errorf(path, format string, args ...any) {
	d.errs = append(d.errs, d.problem(path, format, args...))
}

// warnf records a warning at path.
func (d *decoder) warnf(path, format string, args ...any) {
	d.warns = append(d.warns, d.problem(path, format, args...))
}

// table is one TOML table being read.
type table struct {
	d    *decoder
	path string
	m    map[string]any
	read []string // keys asked for, in order
}

func (d *decoder) table(path string, m map[string]any) *table {
	return &table{d: d, path: path, m: m}
}

// get returns the value of key and its path, marking the key as known.
func (t *table) get(key string) (any, string, bool) {
	t.read = append(t.read, key)
	v, ok := t.m[key]
	return v, joinPath(t.path, key), ok
}

// has reports whether key is set, without marking it as known.
func (t *table) has(key string) bool {
	_, ok := t.m[key]
	return ok
}

// done reports every key of the table that was never asked for.
func (t *table) done() {
	known := map[string]bool{}
	for _, k := range t.read {
		known[k] = true
	}
	var unknown []string
	for k := range t.m {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		t.d.errorf(joinPath(t.path, k), "unknown key (known keys here: %s)", strings.Join(t.read, ", "))
	}
}

// describe names a decoded TOML value and its type for messages.
func describe(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("string %q", x)
	case int64:
		return fmt.Sprintf("integer %d", x)
	case float64:
		return fmt.Sprintf("float %v", x)
	case bool:
		return fmt.Sprintf("boolean %v", x)
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T %v", v, v)
}

// str reads a string; def when absent.
func (t *table) str(key, def string) string {
	v, path, ok := t.get(key)
	if !ok {
		return def
	}
	s, isStr := v.(string)
	if !isStr {
		t.d.errorf(path, "want a string, got %s", describe(v))
		return def
	}
	return s
}

// int reads an integer ≥ min; def when absent or wrong.
func (t *table) int(key string, def, min int64) int64 {
	v, path, ok := t.get(key)
	if !ok {
		return def
	}
	n, good := t.d.intValue(path, v, min)
	if !good {
		return def
	}
	return n
}

// intValue checks that v is an integer ≥ min.
func (d *decoder) intValue(path string, v any, min int64) (int64, bool) {
	n, isInt := v.(int64)
	if !isInt {
		d.errorf(path, "want an integer, got %s", describe(v))
		return 0, false
	}
	if n < min {
		d.errorf(path, "%d is too small, want an integer ≥ %d", n, min)
		return 0, false
	}
	return n, true
}

// floatValue checks that v is a finite number ≥ min.
func (d *decoder) floatValue(path string, v any, min float64) (float64, bool) {
	var f float64
	switch x := v.(type) {
	case int64:
		f = float64(x)
	case float64:
		f = x
	default:
		d.errorf(path, "want a number, got %s", describe(v))
		return 0, false
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		d.errorf(path, "%v is not a finite number", f)
		return 0, false
	}
	if f < min {
		d.errorf(path, "%v is too small, want a number ≥ %v", f, min)
		return 0, false
	}
	return f, true
}

// list reads key as an array; a single value stands for an array of one.
// It returns the elements with their paths.
func (t *table) list(key string) ([]any, []string, bool) {
	v, path, ok := t.get(key)
	if !ok {
		return nil, nil, false
	}
	var elems []any
	switch x := v.(type) {
	case []any:
		elems = x
	case []map[string]any:
		for _, m := range x {
			elems = append(elems, m)
		}
	default:
		return []any{v}, []string{path}, true
	}
	paths := make([]string, len(elems))
	for i := range elems {
		paths[i] = elemPath(path, i)
	}
	return elems, paths, true
}

// ints reads a non-empty list of distinct integers ≥ min; def when absent.
func (t *table) ints(key string, def []int, min int64) []int {
	elems, paths, ok := t.list(key)
	if !ok {
		return def
	}
	if len(elems) == 0 {
		t.d.errorf(joinPath(t.path, key), "empty list, want at least one integer")
		return def
	}
	var out []int
	seen := map[int64]string{}
	for i, v := range elems {
		n, good := t.d.intValue(paths[i], v, min)
		if !good {
			continue
		}
		if first, dup := seen[n]; dup {
			t.d.errorf(paths[i], "%d is listed twice (first at %s)", n, first)
			continue
		}
		seen[n] = paths[i]
		out = append(out, int(n))
	}
	return out
}

// floats reads a non-empty list of distinct finite numbers ≥ min; def when
// absent.
func (t *table) floats(key string, def []float64, min float64) []float64 {
	elems, paths, ok := t.list(key)
	if !ok {
		return def
	}
	if len(elems) == 0 {
		t.d.errorf(joinPath(t.path, key), "empty list, want at least one number")
		return def
	}
	var out []float64
	seen := map[float64]string{}
	for i, v := range elems {
		f, good := t.d.floatValue(paths[i], v, min)
		if !good {
			continue
		}
		if first, dup := seen[f]; dup {
			t.d.errorf(paths[i], "%v is listed twice (first at %s)", f, first)
			continue
		}
		seen[f] = paths[i]
		out = append(out, f)
	}
	return out
}

// strs reads a non-empty list of distinct strings; def when absent. Each
// element is returned with its path.
func (t *table) strs(key string, def []string) ([]string, []string) {
	elems, paths, ok := t.list(key)
	if !ok {
		return def, nil
	}
	if len(elems) == 0 {
		t.d.errorf(joinPath(t.path, key), "empty list, want at least one string")
		return def, nil
	}
	var out, outPaths []string
	seen := map[string]string{}
	for i, v := range elems {
		s, isStr := v.(string)
		if !isStr {
			t.d.errorf(paths[i], "want a string, got %s", describe(v))
			continue
		}
		if first, dup := seen[s]; dup {
			t.d.errorf(paths[i], "%q is listed twice (first at %s)", s, first)
			continue
		}
		seen[s] = paths[i]
		out = append(out, s)
		outPaths = append(outPaths, paths[i])
	}
	return out, outPaths
}

// sub reads key as a table; nil when absent or not a table.
func (t *table) sub(key string) *table {
	v, path, ok := t.get(key)
	if !ok {
		return nil
	}
	m, isTable := v.(map[string]any)
	if !isTable {
		t.d.errorf(path, "want a table, got %s", describe(v))
		return nil
	}
	return t.d.table(path, m)
}

// tables reads key as an array of tables ([[key]]).
func (t *table) tables(key string) []*table {
	elems, paths, ok := t.list(key)
	if !ok {
		return nil
	}
	var out []*table
	for i, v := range elems {
		m, isTable := v.(map[string]any)
		if !isTable {
			t.d.errorf(paths[i], "want a table ([[%s]]), got %s", key, describe(v))
			continue
		}
		out = append(out, t.d.table(paths[i], m))
	}
	return out
}

// keys returns the table's keys, sorted, marking them all as known: for
// tables whose keys are data (weights, build and search parameters).
func (t *table) keys() []string {
	var ks []string
	for k := range t.m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	t.read = append(t.read, ks...)
	return ks
}
