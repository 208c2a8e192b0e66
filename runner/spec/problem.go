package spec

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one finding about a spec: an error or a warning.
type Problem struct {
	File string // the spec's file name
	Line int    // 1-based line of the key; 0 when unknown
	Key  string // key path, e.g. "index[1].build.factory"; "" for the whole file
	Msg  string
}

// String formats the problem as "file:line: key: message", leaving out the
// line when it is unknown and the key when there is none.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Key != "" {
		b.WriteString(p.Key)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Error is every error found in a spec, in line order.
type Error struct {
	Problems []Problem
}

// Error lists the problems, one per line.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// sortProblems orders problems by line (unknown lines last), then key and
// message, so output does not depend on the order checks ran in.
func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		li, lj := ps[i].Line, ps[j].Line
		if li == 0 {
			li = 1 << 30
		}
		if lj == 0 {
			lj = 1 << 30
		}
		if li != lj {
			return li < lj
		}
		if ps[i].Key != ps[j].Key {
			return ps[i].Key < ps[j].Key
		}
		return ps[i].Msg < ps[j].Msg
	})
}
