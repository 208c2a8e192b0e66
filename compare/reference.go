package compare

import (
	"fmt"
	"strings"

	"golang.org/x/perf/benchfmt"
)

// A reference names the configuration that latency and throughput are
// divided by in the ratio gate. It is written as comma- or
// slash-separated key=value pairs of benchmark-name keys, optionally led
// by a base name: "strategy=exact", "index=exact,strategy=exact" or a full
// name "Search/n=100000/index=flat/strategy=exact/groups=all/k=10".
type reference struct {
	text string
	base string            // "" matches any base name
	keys map[string]string // name keys the reference has
}

func parseReference(s string) (reference, error) {
	ref := reference{text: s, keys: make(map[string]string)}
	for i, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '/' }) {
		part = strings.TrimSpace(part)
		key, value, ok := strings.Cut(part, "=")
		switch {
		case !ok && i == 0:
			ref.base = part
		case !ok:
			return reference{}, fmt.Errorf("%q: part %q is not key=value", s, part)
		case key == "":
			return reference{}, fmt.Errorf("%q: part %q has an empty key", s, part)
		default:
			if _, dup := ref.keys[key]; dup {
				return reference{}, fmt.Errorf("%q: key %q given twice", s, key)
			}
			ref.keys[key] = value
		}
	}
	if len(ref.keys) == 0 {
		return reference{}, fmt.Errorf("%q names no key=value pair", s)
	}
	return ref, nil
}

// nameKeys splits a benchmark name into its base name and its key=value
// parts; a part without "=" is kept as a key with an empty value, and a
// trailing -N (GOMAXPROCS) as the key "gomaxprocs".
func nameKeys(name string) (base string, keys map[string]string) {
	b, parts := benchfmt.Name(name).Parts()
	keys = make(map[string]string, len(parts))
	for _, p := range parts {
		s := string(p)
		if strings.HasPrefix(s, "-") {
			keys["gomaxprocs"] = s[1:]
			continue
		}
		k, v, _ := strings.Cut(s[1:], "=")
		keys[k] = v
	}
	return string(b), keys
}

// isReference reports whether the benchmark named name is a reference.
func (ref reference) isReference(name string) bool {
	base, keys := nameKeys(name)
	if ref.base != "" && base != ref.base {
		return false
	}
	for k, v := range ref.keys {
		if got, ok := keys[k]; !ok || got != v {
			return false
		}
	}
	return true
}

// match returns the reference benchmark of the benchmark named name among
// refs (names for which isReference holds): the one that agrees with name
// on every key it has besides the reference keys, and on the base name
// unless the reference gives one. When several agree, the one sharing the
// most keys wins; a tie is ambiguous. ok is false when there is no
// reference or it is ambiguous, with the reason in why.
func (ref reference) match(name string, refs []string) (match string, ok bool, why string) {
	base, keys := nameKeys(name)
	best, bestShared, tie := "", -1, false
	for _, r := range refs {
		rbase, rkeys := nameKeys(r)
		if ref.base == "" && rbase != base {
			continue
		}
		shared, agree := 0, true
		for k, v := range rkeys {
			if _, isRefKey := ref.keys[k]; isRefKey {
				continue
			}
			if got, has := keys[k]; !has || got != v {
				agree = false
				break
			}
			shared++
		}
		switch {
		case !agree:
		case shared > bestShared:
			best, bestShared, tie = r, shared, false
		case shared == bestShared:
			tie = true
		}
	}
	switch {
	case bestShared < 0:
		return "", false, fmt.Sprintf("no benchmark with %s agrees with it on its other keys", ref.text)
	case tie:
		return "", false, fmt.Sprintf("several benchmarks with %s match it equally well; name more keys in the reference", ref.text)
	}
	return best, true, ""
}
