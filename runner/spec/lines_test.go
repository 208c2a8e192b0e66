package spec

import "testing"

func TestIndexLines(t *testing.T) {
	src := `# comment
name = "x" # trailing
"quoted key" = 1
a.b = 2
[dataset]
sizes = [
  10,   # first
  20,
]
notes = """
two
lines"""
after = 'lit'
[queries]
groups = [["heart_rate"],
  ["embedding", "heart_rate"]]
inline = { x = 1, y.z = [3,
  4] }
[[index]]
name = "a"
[index.build]
factory = "HNSW32"
[[index]]
name = "b"
[[queries.weights]]
name = "w"
weights = { beat_props = 2.0 }
`
	li := indexLines([]byte(src))
	for path, want := range map[string]int{
		"name":                                  2,
		"quoted key":                            3,
		"a":                                     4,
		"a.b":                                   4,
		"dataset":                               5,
		"dataset.sizes":                         6,
		"dataset.sizes[0]":                      7,
		"dataset.sizes[1]":                      8,
		"dataset.notes":                         10,
		"dataset.after":                         13,
		"queries.groups[0]":                     15,
		"queries.groups[1][1]":                  16,
		"queries.inline.x":                      17,
		"queries.inline.y.z[1]":                 18,
		"index[0]":                              19,
		"index[0].name":                         20,
		"index[0].build.factory":                22,
		"index[1].name":                         24,
		"queries.weights[0].name":               26,
		"queries.weights[0].weights.beat_props": 27,
		// Unknown paths fall back to their nearest known ancestor.
		"index[1].missing":        23,
		"queries.weights[0].x[3]": 25,
		"nowhere":                 0,
		"dataset.sizes[5]":        6,
	} {
		if got := li.line(path); got != want {
			t.Errorf("line(%q) = %d, want %d", path, got, want)
		}
	}
}
