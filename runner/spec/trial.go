package spec

import (
	"sort"
	"strconv"
	"strings"

	"github.com/ecgbench/ecgbench/engine/schema"
)

// Trial is one measured configuration: everything the runner needs to run
// it, and its benchmark name.
type Trial struct {
	// Name is the benchmark name (without the "Benchmark" prefix), unique
	// within the spec, e.g.
	// "Search/n=100000/index=faiss-hnsw32/strategy=hybrid-rerank/groups=hr+bp/k=100/efSearch=64/margin=4/threads=2".
	Name string
	// N is the dataset size; 0 means every row of a source = "file" CSV.
	N int
	// K is the number of neighbours asked for.
	K int
	// Groups is the group set as the spec wrote it.
	Groups []string
	// Sel is the group set resolved against Spec.Schema, with the weights
	// of the weight set.
	Sel schema.Selection
	// WeightSet names the weight set (UniformWeights by default).
	WeightSet string
	// Strategy is the strategy kind: exact, single, hybrid or auto.
	Strategy string
	// StrategyIndex is the position of the strategy in Spec.Strategies.
	StrategyIndex int
	// Route is the strategy that answers the queries: Strategy itself,
	// except for auto, which routes all-group queries to single and the
	// others to hybrid. Builds lists the indexes of the route only.
	Route string
	// Fusion is the hybrid fusion rule; "" when the trial fuses nothing
	// (Route exact or single).
	Fusion string
	// Margin is the candidate multiplier; 0 when the trial fetches no
	// extra candidates: exact, single on an equal-weight all-group query
	// (answered by the index directly), hybrid on one group with a fusion
	// other than rerank (that group's k results are the answer).
	// engine/search reads 0 as 1.
	Margin float64
	// RRFK is the rrf constant when Fusion is rrf, else 0.
	RRFK float64
	// Index is the strategy's index config for this trial; the zero value
	// for exact. Route single searches it; Route hybrid searches it for
	// every group that group_index does not give another config, and not
	// at all when group_index covers every selected group (GroupIndexes
	// is then the whole story).
	Index IndexConfig
	// Search is Index's search parameters at this point of its sweep; nil
	// when it has none or Route hybrid does not search Index.
	Search map[string]int
	// GroupIndexes are, for Route hybrid, the index of each selected
	// group, in schema order.
	GroupIndexes []GroupIndex
	// Threads is the number of goroutines of the throughput pass.
	Threads int
	// Builds are the indexes the trial searches (none for exact).
	Builds []BuildKey
}

// GroupIndex is the index one group is searched with in a hybrid trial.
type GroupIndex struct {
	Group  string // canonical group name
	Config IndexConfig
	// Search are Config's search parameters: the trial's sweep point when
	// Config is the trial's Index, else the override's one setting.
	Search map[string]int
}

// Trials expands the spec into its trials, in a deterministic order: by
// dataset size, then strategy and index config in file order, group set,
// weight set, k, fusion, margin, search sweep point and threads. Trials
// that would measure the same configuration twice (their names are equal)
// are kept once. Trials share maps and slices with the spec and with each
// other: treat them as read-only. Trials assumes a spec returned by Load or
// Parse.
func (s *Spec) Trials() []Trial {
	trials, _ := s.expand()
	return trials
}

// duplicate records that strategy Dup repeated a trial of strategy First.
type duplicate struct{ First, Dup int }

// expand lists the trials and, for Parse's warnings, the strategies whose
// trials repeated an earlier one.
func (s *Spec) expand() ([]Trial, map[duplicate]int) {
	sch := schema.Default(s.Dataset.PCA)
	groups := resolveGroups(sch, s.Queries.Groups)
	weights := resolveWeights(sch, s.Queries.Weights)
	configs := map[string]IndexConfig{}
	for _, c := range s.Indexes {
		configs[c.Name] = c
	}

	var out []Trial
	seen := map[string]int{} // name → strategy that produced it
	dups := map[duplicate]int{}
	add := func(t Trial) {
		t.Name = t.name(sch)
		if first, dup := seen[t.Name]; dup {
			dups[duplicate{first, t.StrategyIndex}]++
			return
		}
		seen[t.Name] = t.StrategyIndex
		out = append(out, t)
	}

	for _, n := range s.Dataset.Sizes {
		for si, st := range s.Strategies {
			mains := st.Index
			if st.Kind == KindExact {
				mains = []string{""}
			}
			for _, mainName := range mains {
				main, ok := configs[mainName]
				if !ok && st.Kind != KindExact {
					continue
				}
				for gi, g := range groups {
					if g.err {
						continue
					}
					base := Trial{N: n, Groups: s.Queries.Groups[gi], Strategy: st.Kind, StrategyIndex: si, Index: main}
					if !base.route(sch, g.sel, st, configs) || !base.fits() {
						continue
					}
					for _, w := range weights {
						sel, applies := w.apply(g.sel)
						if !applies {
							continue
						}
						t := base
						t.Sel, t.WeightSet = sel, w.name
						t.Builds = t.builds(sch)
						s.sweep(sch, t, st, add)
					}
				}
			}
		}
	}
	return out, dups
}

// route fills Route and, for hybrid, GroupIndexes; false when a config is
// missing.
func (t *Trial) route(sch schema.Schema, sel schema.Selection, st Strategy, configs map[string]IndexConfig) bool {
	t.Route = st.Kind
	if st.Kind == KindAuto {
		t.Route = KindHybrid
		if sel.All(sch) {
			t.Route = KindSingle
		}
	}
	if t.Route != KindHybrid {
		return true
	}
	for _, gi := range sel.Groups {
		name := sch.Groups[gi].Name
		c := t.Index
		if o, ok := st.GroupIndex[name]; ok {
			if c, ok = configs[o]; !ok {
				return false
			}
		}
		t.GroupIndexes = append(t.GroupIndexes, GroupIndex{Group: name, Config: c})
	}
	return true
}

// usesMain reports whether the trial searches its Index.
func (t *Trial) usesMain() bool {
	if t.Route != KindHybrid {
		return t.Route != KindExact
	}
	for _, g := range t.GroupIndexes {
		if g.Config.Name == t.Index.Name {
			return true
		}
	}
	return false
}

// fits reports whether every config the trial searches allows its N.
func (t *Trial) fits() bool {
	ok := func(c IndexConfig) bool { return t.N == 0 || c.MaxN == 0 || t.N <= c.MaxN }
	if t.usesMain() && !ok(t.Index) {
		return false
	}
	for _, g := range t.GroupIndexes {
		if !ok(g.Config) {
			return false
		}
	}
	return true
}

// sweep adds one trial per k, fusion, margin, search point and threads.
func (s *Spec) sweep(sch schema.Schema, base Trial, st Strategy, add func(Trial)) {
	fusions := st.Fusion
	if base.Route != KindHybrid {
		fusions = []string{""}
	}
	points := []map[string]int{nil}
	if base.usesMain() {
		points = sweepPoints(base.Index.Search)
	}
	for _, k := range s.Queries.K {
		for _, f := range fusions {
			for _, m := range base.margins(sch, st, f) {
				for _, p := range points {
					for _, th := range s.Run.Threads {
						t := base
						t.K, t.Fusion, t.Margin, t.Search, t.Threads = k, f, m, p, th
						if f == FusionRRF {
							t.RRFK = st.RRFK
						}
						if t.Route == KindHybrid {
							t.GroupIndexes = t.groupSearch(p)
						}
						add(t)
					}
				}
			}
		}
	}
}

// margins are the margins a trial with fusion f sweeps: none where the
// margin changes nothing (see Trial.Margin).
func (t *Trial) margins(sch schema.Schema, st Strategy, f string) []float64 {
	switch {
	case t.Route == KindExact,
		t.Route == KindSingle && t.Sel.All(sch) && t.Sel.Uniform(),
		t.Route == KindHybrid && len(t.Sel.Groups) == 1 && f != FusionRerank:
		return []float64{0}
	}
	return st.Margin
}

// groupSearch gives each group's index its search parameters: the sweep
// point p for the trial's own config, the override's one setting otherwise.
func (t *Trial) groupSearch(p map[string]int) []GroupIndex {
	out := make([]GroupIndex, len(t.GroupIndexes))
	for i, g := range t.GroupIndexes {
		g.Search = p
		if g.Config.Name != t.Index.Name {
			g.Search = sweepPoints(g.Config.Search)[0]
		}
		out[i] = g
	}
	return out
}

// sweepPoints is the cartesian product of the search lists, keys in sorted
// order, the last key varying fastest; one nil point when there are none.
func sweepPoints(search map[string][]int) []map[string]int {
	keys := make([]string, 0, len(search))
	for k := range search {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	points := []map[string]int{nil}
	for _, k := range keys {
		var next []map[string]int
		for _, p := range points {
			for _, v := range search[k] {
				q := make(map[string]int, len(p)+1)
				for pk, pv := range p {
					q[pk] = pv
				}
				q[k] = v
				next = append(next, q)
			}
		}
		points = next
	}
	return points
}

// name builds the trial's benchmark name: key=value parts that slice well
// in benchstat.
func (t *Trial) name(sch schema.Schema) string {
	parts := []string{"Search", "n=" + sizeLabel(t.N)}
	if l := t.indexLabel(sch); l != "" {
		parts = append(parts, "index="+l)
	}
	strategy := t.Strategy
	if t.Fusion != "" {
		strategy += "-" + t.Fusion
	}
	parts = append(parts, "strategy="+strategy, "groups="+t.Sel.Label(sch))
	if t.WeightSet != UniformWeights {
		parts = append(parts, "weights="+t.WeightSet)
	}
	parts = append(parts, "k="+strconv.Itoa(t.K))
	keys := make([]string, 0, len(t.Search))
	for k := range t.Search {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		parts = append(parts, k+"="+strconv.Itoa(t.Search[k]))
	}
	if t.Margin > 0 {
		parts = append(parts, "margin="+formatFloat(t.Margin))
	}
	if t.Fusion == FusionRRF && t.RRFK != DefaultRRFK {
		parts = append(parts, "rrf_k="+formatFloat(t.RRFK))
	}
	parts = append(parts, "threads="+strconv.Itoa(t.Threads))
	return strings.Join(parts, "/")
}

// sizeLabel writes N, or "all" for every row of a file.
func sizeLabel(n int) string {
	if n == 0 {
		return "all"
	}
	return strconv.Itoa(n)
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// indexLabel names the indexes a trial searches: the config's name when
// every searched group uses it; for hybrid, the trial's config followed by
// "+group:config" for each group with another config, or only the
// "group:config" parts when the trial's config serves no selected group.
func (t *Trial) indexLabel(sch schema.Schema) string {
	switch t.Route {
	case KindExact:
		return ""
	case KindSingle, KindSubset:
		return t.Index.Name
	}
	var parts []string
	if t.usesMain() {
		parts = append(parts, t.Index.Name)
	}
	one := true
	for _, g := range t.GroupIndexes {
		one = one && g.Config.Name == t.GroupIndexes[0].Config.Name
		if g.Config.Name != t.Index.Name {
			parts = append(parts, schema.Abbrev(g.Group)+":"+g.Config.Name)
		}
	}
	if one && len(t.GroupIndexes) > 0 {
		return t.GroupIndexes[0].Config.Name
	}
	return strings.Join(parts, "+")
}

// groupSet is a resolved group set; err marks one that did not resolve.
type groupSet struct {
	sel schema.Selection
	err bool
}

func resolveGroups(sch schema.Schema, sets [][]string) []groupSet {
	out := make([]groupSet, len(sets))
	for i, names := range sets {
		sel, err := sch.Select(names, nil)
		out[i] = groupSet{sel: sel, err: err != nil}
	}
	return out
}

// weightSet is a resolved weight set: a weight per schema group position.
type weightSet struct {
	name    string
	weights map[int]float64
}

func resolveWeights(sch schema.Schema, sets []WeightSet) []weightSet {
	var out []weightSet
	for _, w := range sets {
		var names []string
		var ws []float64
		for _, k := range sortedKeys(w.Weights) {
			names, ws = append(names, k), append(ws, w.Weights[k])
		}
		ww := weightSet{name: w.Name, weights: map[int]float64{}}
		if len(names) > 0 {
			sel, err := sch.Select(names, ws)
			if err != nil {
				continue
			}
			for i, g := range sel.Groups {
				ww.weights[g] = sel.Weights[i]
			}
		}
		out = append(out, ww)
	}
	return out
}

// apply weighs the groups of sel; false when the weight set names a group
// sel does not select.
func (w weightSet) apply(sel schema.Selection) (schema.Selection, bool) {
	in := map[int]bool{}
	for _, g := range sel.Groups {
		in[g] = true
	}
	for g := range w.weights {
		if !in[g] {
			return schema.Selection{}, false
		}
	}
	out := schema.Selection{Groups: sel.Groups, Weights: make([]float64, len(sel.Groups)), Notices: sel.Notices}
	for i, g := range sel.Groups {
		out.Weights[i] = 1
		if f, ok := w.weights[g]; ok {
			out.Weights[i] = f
		}
	}
	return out, true
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
