package index

import (
	"fmt"
	"sort"
	"strings"
)

// ParamReader takes typed values out of Params and remembers which keys were
// read, so a backend can reject the keys it does not know. Errors name the
// backend and the key.
type ParamReader struct {
	backend string
	p       Params
	used    map[string]bool
	errs    []string
}

// NewParamReader reads p on behalf of backend.
func NewParamReader(backend string, p Params) *ParamReader {
	return &ParamReader{backend: backend, p: p, used: map[string]bool{}}
}

// Int returns p[key] as an int, or def when absent. A non-integer value is
// recorded as an error.
func (r *ParamReader) Int(key string, def int) int {
	r.used[key] = true
	v, ok := r.p[key]
	if !ok {
		return def
	}
	switch x := v.(type) {
	case int:
		return x
	case int64:
		return int(x)
	case float64:
		if x == float64(int(x)) {
			return int(x)
		}
	}
	r.errs = append(r.errs, fmt.Sprintf("parameter %q = %v (%T), want an integer", key, v, v))
	return def
}

// Float returns p[key] as a float64, or def when absent.
func (r *ParamReader) Float(key string, def float64) float64 {
	r.used[key] = true
	v, ok := r.p[key]
	if !ok {
		return def
	}
	switch x := v.(type) {
	case float64:
		return x
	case int64:
		return float64(x)
	case int:
		return float64(x)
	}
	r.errs = append(r.errs, fmt.Sprintf("parameter %q = %v (%T), want a number", key, v, v))
	return def
}

// String returns p[key] as a string, or def when absent.
func (r *ParamReader) String(key string, def string) string {
	r.used[key] = true
	v, ok := r.p[key]
	if !ok {
		return def
	}
	if s, ok := v.(string); ok {
		return s
	}
	r.errs = append(r.errs, fmt.Sprintf("parameter %q = %v (%T), want a string", key, v, v))
	return def
}

// Fail records a problem with a value that was read.
func (r *ParamReader) Fail(key, format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf("parameter %q: %s", key, fmt.Sprintf(format, args...)))
}

// Err reports every ill-typed value and every key that was never read.
func (r *ParamReader) Err() error {
	var unknown []string
	for k := range r.p {
		if !r.used[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	errs := r.errs
	for _, k := range unknown {
		var known []string
		for u := range r.used {
			known = append(known, u)
		}
		sort.Strings(known)
		errs = append(errs, fmt.Sprintf("unknown parameter %q (known: %s)", k, strings.Join(known, ", ")))
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("backend %s: %s", r.backend, strings.Join(errs, "; "))
}
