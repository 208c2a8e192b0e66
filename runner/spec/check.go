package spec

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ecgbench/ecgbench/engine/index"
)

// check validates what spans tables: names that refer to other tables, the
// index registry, and the trial grid. Problems found while reading are
// already recorded; cross-references are checked regardless, the grid only
// when everything else is right.
func (d *decoder) check(s *Spec) {
	configs := d.checkIndexes(s)
	d.checkStrategies(s, configs)
	d.checkQueries(s)
	if len(d.errs) > 0 {
		return
	}
	if n := s.gridBound(); n > MaxTrials {
		d.errorf("", "the grid has up to %.3g trials, more than the %d a spec may hold: sweep fewer values", n, MaxTrials)
		return
	}
	trials, dups := s.expand()
	for dup, n := range dups {
		// Within one strategy, repeats are expected: two index configs
		// give the same trial where group_index overrides every group.
		if dup.First != dup.Dup {
			d.warnf(fmt.Sprintf("strategy[%d]", dup.Dup), "%d of its trials repeat trials of strategy[%d] and run once", n, dup.First)
		}
	}
	if len(trials) == 0 {
		d.errorf("", "the spec expands to no trials: add [[strategy]] tables, and check max_n against the dataset sizes")
		return
	}
	d.checkBuilds(s, trials)
	d.checkUse(s, trials)
}

// MaxTrials is the most trials a spec may expand to: more is a mistake
// (at a second a trial, a million trials run for eleven days).
const MaxTrials = 1_000_000

// gridBound is an upper bound of the number of trials, computed without
// expanding them, in floating point so that it cannot overflow.
func (s *Spec) gridBound() float64 {
	perSet := float64(len(s.Dataset.Sizes)) * float64(len(s.Queries.Groups)) * float64(len(s.Queries.Weights)) *
		float64(len(s.Queries.K)) * float64(len(s.Run.Threads))
	configs := map[string]IndexConfig{}
	for _, c := range s.Indexes {
		configs[c.Name] = c
	}
	total := 0.0
	for _, st := range s.Strategies {
		if st.Kind == KindExact {
			total += perSet
			continue
		}
		per := perSet * float64(max(len(st.Fusion), 1)) * float64(len(st.Margin))
		for _, name := range st.Index {
			points := 1.0
			for _, vs := range configs[name].Search {
				points *= float64(len(vs))
			}
			total += per * points
		}
	}
	return total
}

// checkIndexes checks index config names, backends and search parameters,
// and returns the configs by name.
func (d *decoder) checkIndexes(s *Spec) map[string]IndexConfig {
	configs := map[string]IndexConfig{}
	first := map[string]int{}
	for i, c := range s.Indexes {
		path := elemPath("index", i)
		if j, dup := first[c.Name]; dup && c.Name != "" {
			d.errorf(joinPath(path, "name"), "%q is already the name of index[%d]", c.Name, j)
			continue
		}
		first[c.Name] = i
		configs[c.Name] = c
		if c.Backend == "" {
			continue
		}
		b, err := index.Lookup(c.Backend)
		if err != nil {
			d.errorf(joinPath(path, "backend"), "%v", err)
			continue
		}
		keys := map[string]int{}
		for k := range c.Search {
			keys[k] = 0
		}
		// Report each unknown key at its own line.
		for _, k := range sortedKeys(keys) {
			if err := b.CheckSearchParams(map[string]int{k: 0}); err != nil {
				d.errorf(joinPath(joinPath(path, "search"), k), "%v", err)
			}
		}
	}
	return configs
}

// checkStrategies checks the index configs and groups strategies name.
func (d *decoder) checkStrategies(s *Spec, configs map[string]IndexConfig) {
	if len(s.Strategies) == 0 {
		d.errorf("", "no [[strategy]] table: add at least one, e.g. [[strategy]] kind = \"exact\"")
	}
	known := make([]string, 0, len(s.Indexes))
	for _, c := range s.Indexes {
		known = append(known, c.Name)
	}
	unknown := func(path, name string) {
		if len(known) == 0 {
			d.errorf(path, "unknown index config %q: the spec has no [[index]] tables", name)
			return
		}
		d.errorf(path, "unknown index config %q (known: %s)", name, strings.Join(known, ", "))
	}
	for i, st := range s.Strategies {
		path := elemPath("strategy", i)
		for j, name := range st.Index {
			if _, ok := configs[name]; !ok {
				unknown(elemPath(joinPath(path, "index"), j), name)
			}
		}
		for _, g := range sortedKeys(st.GroupIndex) {
			gpath := joinPath(joinPath(path, "group_index"), g)
			if s.Schema.Index(g) < 0 {
				d.errorf(gpath, "unknown group %q (known groups: %s)", g, strings.Join(s.Schema.Names(), ", "))
			}
			c, ok := configs[st.GroupIndex[g]]
			if !ok {
				unknown(gpath, st.GroupIndex[g])
				continue
			}
			for _, k := range sortedKeys(c.Search) {
				if len(c.Search[k]) > 1 {
					d.errorf(gpath, "index config %q sweeps %s over %d values; a group override runs at one setting: give it one value, or make it the strategy's index",
						c.Name, k, len(c.Search[k]))
				}
			}
		}
	}
}

// checkQueries checks the query settings against the dataset sizes and the
// weight sets against the group sets.
func (d *decoder) checkQueries(s *Spec) {
	minN := 0
	for _, n := range s.Dataset.Sizes {
		if n > 0 && (minN == 0 || n < minN) {
			minN = n
		}
	}
	if minN > 0 {
		for i, k := range s.Queries.K {
			if k > minN {
				d.warnf(elemPath("queries.k", i), "k = %d is more than the %d rows of the smallest dataset: those queries return %d", k, minN, minN)
			}
		}
		if s.Queries.Mode == ModeSample && s.Queries.Count > minN {
			d.errorf("queries.count", "%d queries sampled from a dataset of %d rows: want count ≤ the smallest size", s.Queries.Count, minN)
		}
	}
	groups := resolveGroups(s.Schema, s.Queries.Groups)
	weights := resolveWeights(s.Schema, s.Queries.Weights)
	used := make([]bool, len(weights))
	for gi, g := range groups {
		if g.err {
			continue
		}
		applies := false
		for wi, w := range weights {
			if _, ok := w.apply(g.sel); ok {
				applies, used[wi] = true, true
			}
		}
		if !applies {
			d.warnf(elemPath("queries.groups", gi), "no weight set applies to this group set (each names a group it does not select): it runs no trials")
		}
	}
	for wi, w := range weights {
		if !used[wi] {
			d.warnf(elemPath("queries.weights", wi), "weight set %q applies to no group set: a weight set applies only to group sets that select every group it names", w.name)
		}
	}
}

// checkBuilds builds an empty index for every distinct (config, width) the
// trials use, so bad build parameters fail now rather than hours into a
// run. A backend built without cgo gets a warning instead. One error per
// config and message lists every width it failed at.
func (d *decoder) checkBuilds(s *Spec, trials []Trial) {
	type use struct {
		config string
		dim    int
	}
	type failure struct {
		path, msg string
		uses      []string
	}
	at := map[string]int{}
	for i, c := range s.Indexes {
		at[c.Name] = i
	}
	tried := map[use]bool{}
	unavailable := map[string]bool{}
	var failures []*failure
	byMsg := map[[2]string]*failure{}
	for _, b := range buildsOf(s.Schema, trials) {
		for _, name := range b.Configs {
			u := use{name, b.Dim}
			if tried[u] || unavailable[name] {
				continue
			}
			tried[u] = true
			c := s.Indexes[at[name]]
			path := joinPath(elemPath("index", at[name]), "build")
			if len(c.Build) == 0 {
				path = joinPath(elemPath("index", at[name]), "backend")
			}
			idx, err := index.New(c.Backend, b.Dim, c.Build)
			switch {
			case err != nil && strings.Contains(err.Error(), "without cgo"):
				unavailable[name] = true
				d.warnf(path, "%v: its trials will fail", err)
			case err != nil:
				key := [2]string{name, err.Error()}
				f, ok := byMsg[key]
				if !ok {
					f = &failure{path: path, msg: err.Error()}
					byMsg[key] = f
					failures = append(failures, f)
				}
				f.uses = append(f.uses, fmt.Sprintf("a %d-wide index%s", b.Dim, forGroup(b.Key.Group)))
			default:
				if err := idx.Close(); err != nil {
					d.errorf(path, "closing a test index: %v", err)
				}
			}
		}
	}
	for _, f := range failures {
		d.errorf(f.path, "%s (building %s)", f.msg, strings.Join(f.uses, "; "))
	}
}

func forGroup(g string) string {
	if g == "" {
		return " over the full vector"
	}
	return " for group " + g
}

// checkUse warns about index configs no trial searches.
func (d *decoder) checkUse(s *Spec, trials []Trial) {
	used := map[string]bool{}
	for _, t := range trials {
		if t.usesMain() {
			used[t.Index.Name] = true
		}
		for _, g := range t.GroupIndexes {
			used[g.Config.Name] = true
		}
	}
	var unused []int
	for i, c := range s.Indexes {
		if !used[c.Name] {
			unused = append(unused, i)
		}
	}
	sort.Ints(unused)
	for _, i := range unused {
		d.warnf(elemPath("index", i), "index config %q is searched by no trial (no strategy names it, or max_n excludes every size)", s.Indexes[i].Name)
	}
}
