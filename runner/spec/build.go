package spec

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ecgbench/ecgbench/engine/index"
	"github.com/ecgbench/ecgbench/engine/schema"
)

// BuildKey identifies one index build: a backend with its build parameters
// over the first N rows of one group's columns, of the full vector, or of a
// subset trial's selected columns scaled by its weights. Two
// index configs that differ only in name or search sweep share their
// builds. BuildKey is comparable, for use as a map key.
type BuildKey struct {
	// N is the dataset size (0: every row of a file).
	N int
	// Group is the canonical group name of a hybrid per-group index, ""
	// for the full-vector index of the single strategy, or SubsetPrefix
	// followed by the selection (groups label and weights) for subset.
	Group   string
	Backend string
	// Params is the canonical form of the build parameters: key=value
	// pairs sorted by key, joined by ",", strings quoted.
	Params string
}

// String writes the key as "n=100000/group=emb/backend=faiss/params=…",
// with group=all for the full vector.
func (k BuildKey) String() string {
	g := k.Group
	if g == "" {
		g = "all"
	}
	return fmt.Sprintf("n=%s/group=%s/backend=%s/params=%s", sizeLabel(k.N), g, k.Backend, k.Params)
}

// Build is one distinct index build of a spec.
type Build struct {
	Key BuildKey
	// Dim is the width of the vectors indexed.
	Dim int
	// Params are the build parameters to pass to the backend's New.
	Params index.Params
	// Configs are the index configs sharing this build, in the order the
	// trials first use them.
	Configs []string
}

// CanonicalParams writes build parameters in the canonical form of
// BuildKey.Params.
func CanonicalParams(p index.Params) string {
	parts := make([]string, 0, len(p))
	for _, k := range sortedKeys(p) {
		v := p[k]
		if s, ok := v.(string); ok {
			v = strconv.Quote(s)
		}
		parts = append(parts, fmt.Sprintf("%s=%v", k, v))
	}
	return strings.Join(parts, ",")
}

// SubsetPrefix starts the BuildKey.Group of a subset index.
const SubsetPrefix = "subset:"

// SubsetGroup is the BuildKey.Group of the subset index for sel, e.g.
// "subset:hr+bp/w=1,2".
func SubsetGroup(sch schema.Schema, sel schema.Selection) string {
	w := make([]string, len(sel.Weights))
	for i, x := range sel.Weights {
		w[i] = formatFloat(x)
	}
	return SubsetPrefix + sel.Label(sch) + "/w=" + strings.Join(w, ",")
}

// builds lists the indexes a trial searches.
func (t *Trial) builds(sch schema.Schema) []BuildKey {
	switch t.Route {
	case KindSingle:
		return []BuildKey{{N: t.N, Backend: t.Index.Backend, Params: CanonicalParams(t.Index.Build)}}
	case KindSubset:
		return []BuildKey{{N: t.N, Group: SubsetGroup(sch, t.Sel), Backend: t.Index.Backend, Params: CanonicalParams(t.Index.Build)}}
	case KindHybrid:
		out := make([]BuildKey, len(t.GroupIndexes))
		for i, g := range t.GroupIndexes {
			out[i] = BuildKey{N: t.N, Group: g.Group, Backend: g.Config.Backend, Params: CanonicalParams(g.Config.Build)}
		}
		return out
	}
	return nil
}

// Builds lists every distinct index build of the spec's trials, in the
// order the trials first need them, so the runner builds each index once
// and runs every trial that searches it.
func (s *Spec) Builds() []Build {
	return buildsOf(schema.Default(s.Dataset.PCA), s.Trials())
}

func buildsOf(sch schema.Schema, trials []Trial) []Build {
	var out []Build
	at := map[BuildKey]int{}
	note := func(k BuildKey, c IndexConfig, sel schema.Selection) {
		i, ok := at[k]
		if !ok {
			dim := sch.Dim()
			switch {
			case strings.HasPrefix(k.Group, SubsetPrefix):
				dim = 0
				for _, g := range sel.Groups {
					dim += sch.Groups[g].Width
				}
			case k.Group != "":
				dim = sch.Groups[sch.Index(k.Group)].Width
			}
			at[k] = len(out)
			out = append(out, Build{Key: k, Dim: dim, Params: c.Build})
			i = len(out) - 1
		}
		if !contains(out[i].Configs, c.Name) {
			out[i].Configs = append(out[i].Configs, c.Name)
		}
	}
	for _, t := range trials {
		switch t.Route {
		case KindSingle, KindSubset:
			note(t.Builds[0], t.Index, t.Sel)
		case KindHybrid:
			for i, g := range t.GroupIndexes {
				note(t.Builds[i], g.Config, t.Sel)
			}
		}
	}
	return out
}
