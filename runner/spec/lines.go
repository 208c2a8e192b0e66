package spec

import (
	"strconv"
	"strings"
)

// BurntSushi/toml v1.6 keeps the position of each key to itself (MetaData
// exposes keys and types, not lines), so lineIndex re-reads the document
// with a small scanner that only tracks where keys are defined. It runs on
// documents the TOML parser has already accepted; on anything it does not
// understand it stops, and the keys it did not reach report line 0.

// lineIndex maps a key path to the line that defines it. Paths join keys
// with "." and number array elements and [[tables]] from 0:
// "index[1].build.factory", "queries.groups[2][0]".
type lineIndex map[string]int

// line returns the line of path, or of its nearest ancestor that has one;
// 0 when none has.
func (li lineIndex) line(path string) int {
	for path != "" {
		if n, ok := li[path]; ok {
			return n
		}
		path = parentPath(path)
	}
	return 0
}

// parentPath drops the last component of a key path: "a.b[2]" → "a.b",
// "a.b" → "a", "a" → "".
func parentPath(path string) string {
	if strings.HasSuffix(path, "]") {
		if i := strings.LastIndexByte(path, '['); i >= 0 {
			return path[:i]
		}
	}
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[:i]
	}
	return ""
}

// joinPath appends key to a path.
func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// elemPath is the path of element i of the array at path.
func elemPath(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

// indexLines scans a TOML document for the lines its keys are defined on.
func indexLines(src []byte) lineIndex {
	sc := &lineScanner{src: src, line: 1, out: lineIndex{}, arrays: map[string]int{}}
	sc.document()
	return sc.out
}

type lineScanner struct {
	src    []byte
	pos    int
	line   int
	out    lineIndex
	arrays map[string]int // [[table]] path → tables seen so far
}

func (sc *lineScanner) eof() bool { return sc.pos >= len(sc.src) }

// peek returns the byte off bytes ahead, or 0 past the end.
func (sc *lineScanner) peek(off int) byte {
	if sc.pos+off < len(sc.src) {
		return sc.src[sc.pos+off]
	}
	return 0
}

// advance consumes one byte, counting lines.
func (sc *lineScanner) advance() {
	if sc.src[sc.pos] == '\n' {
		sc.line++
	}
	sc.pos++
}

// eat consumes c if it comes next.
func (sc *lineScanner) eat(c byte) bool {
	if !sc.eof() && sc.src[sc.pos] == c {
		sc.advance()
		return true
	}
	return false
}

// skip consumes spaces and tabs, and with newlines also line breaks and
// comments.
func (sc *lineScanner) skip(newlines bool) {
	for !sc.eof() {
		switch c := sc.src[sc.pos]; {
		case c == ' ' || c == '\t':
		case newlines && (c == '\n' || c == '\r'):
		case newlines && c == '#':
			for !sc.eof() && sc.src[sc.pos] != '\n' {
				sc.advance()
			}
			continue
		default:
			return
		}
		sc.advance()
	}
}

// set records the line of path unless an earlier definition did.
func (sc *lineScanner) set(path string, line int) {
	if _, ok := sc.out[path]; !ok {
		sc.out[path] = line
	}
}

func (sc *lineScanner) document() {
	prefix := ""
	for {
		sc.skip(true)
		if sc.eof() {
			return
		}
		line := sc.line
		if sc.peek(0) == '[' {
			array := sc.peek(1) == '['
			sc.advance()
			if array {
				sc.advance()
			}
			keys, ok := sc.key()
			if !ok || !sc.eat(']') || (array && !sc.eat(']')) {
				return
			}
			prefix = sc.header(keys, array)
			sc.set(prefix, line)
			continue
		}
		keys, ok := sc.key()
		if !ok || !sc.eat('=') {
			return
		}
		if !sc.value(sc.assign(prefix, keys, line)) {
			return
		}
	}
}

// header resolves a table header to a path: a key naming a [[table]] means
// its latest element; the last key of a [[header]] starts a new element.
func (sc *lineScanner) header(keys []string, array bool) string {
	path := ""
	for i, k := range keys {
		path = joinPath(path, k)
		if array && i == len(keys)-1 {
			n := sc.arrays[path]
			sc.arrays[path] = n + 1
			return elemPath(path, n)
		}
		if n, ok := sc.arrays[path]; ok {
			path = elemPath(path, n-1)
		}
	}
	return path
}

// assign records the lines of a dotted key and returns its path.
func (sc *lineScanner) assign(prefix string, keys []string, line int) string {
	path := prefix
	for _, k := range keys {
		path = joinPath(path, k)
		sc.set(path, line)
	}
	return path
}

// key reads a dotted key and the blanks after it.
func (sc *lineScanner) key() ([]string, bool) {
	var keys []string
	for {
		sc.skip(false)
		var k string
		switch sc.peek(0) {
		case '"', '\'':
			s, ok := sc.quoted()
			if !ok {
				return nil, false
			}
			k = s
		default:
			start := sc.pos
			for !sc.eof() && isBare(sc.src[sc.pos]) {
				sc.advance()
			}
			if sc.pos == start {
				return nil, false
			}
			k = string(sc.src[start:sc.pos])
		}
		keys = append(keys, k)
		sc.skip(false)
		if !sc.eat('.') {
			return keys, true
		}
	}
}

func isBare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// quoted reads a one-line basic or literal string (a quoted key) and
// returns its text, with the escapes \" and \\ resolved.
func (sc *lineScanner) quoted() (string, bool) {
	q := sc.src[sc.pos]
	sc.advance()
	var b strings.Builder
	for !sc.eof() {
		c := sc.src[sc.pos]
		sc.advance()
		switch {
		case c == q:
			return b.String(), true
		case c == '\n':
			return "", false
		case c == '\\' && q == '"' && !sc.eof():
			b.WriteByte(sc.src[sc.pos])
			sc.advance()
		default:
			b.WriteByte(c)
		}
	}
	return "", false
}

// value skips one value, recording the lines of array elements and inline
// table keys under path.
func (sc *lineScanner) value(path string) bool {
	sc.skip(false)
	switch sc.peek(0) {
	case '"', '\'':
		return sc.str()
	case '[':
		return sc.array(path)
	case '{':
		return sc.inline(path)
	}
	start := sc.pos
	for !sc.eof() && !strings.ContainsRune(",]}#\r\n", rune(sc.src[sc.pos])) {
		sc.advance()
	}
	return sc.pos > start
}

// str skips a string value, one-line or multi-line.
func (sc *lineScanner) str() bool {
	q := sc.src[sc.pos]
	if sc.peek(1) != q || sc.peek(2) != q {
		_, ok := sc.quoted()
		return ok
	}
	sc.advance()
	sc.advance()
	sc.advance()
	for !sc.eof() {
		c := sc.src[sc.pos]
		if c == '\\' && q == '"' {
			sc.advance()
			if !sc.eof() {
				sc.advance()
			}
			continue
		}
		if c == q && sc.peek(1) == q && sc.peek(2) == q {
			sc.advance()
			sc.advance()
			sc.advance()
			// A closing delimiter may be preceded by up to two quotes of
			// the content: """a"""" ends after the last run of quotes.
			for i := 0; i < 2 && sc.peek(0) == q; i++ {
				sc.advance()
			}
			return true
		}
		sc.advance()
	}
	return false
}

func (sc *lineScanner) array(path string) bool {
	sc.advance() // [
	for i := 0; ; i++ {
		sc.skip(true)
		if sc.eat(']') {
			return true
		}
		if sc.eof() {
			return false
		}
		el := elemPath(path, i)
		sc.set(el, sc.line)
		if !sc.value(el) {
			return false
		}
		sc.skip(true)
		if !sc.eat(',') && sc.peek(0) != ']' {
			return false
		}
	}
}

func (sc *lineScanner) inline(path string) bool {
	sc.advance() // {
	for {
		sc.skip(true)
		if sc.eat('}') {
			return true
		}
		if sc.eof() {
			return false
		}
		line := sc.line
		keys, ok := sc.key()
		if !ok || !sc.eat('=') {
			return false
		}
		if !sc.value(sc.assign(path, keys, line)) {
			return false
		}
		sc.skip(true)
		if !sc.eat(',') && sc.peek(0) != '}' {
			return false
		}
	}
}
