package spec

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// ParseShard reads a shard flag "i/n" (0 ≤ i < n), as given to
// --shard: shard i of n.
func ParseShard(s string) (i, n int, err error) {
	a, b, ok := strings.Cut(s, "/")
	i, errI := strconv.Atoi(strings.TrimSpace(a))
	n, errN := strconv.Atoi(strings.TrimSpace(b))
	if !ok || errI != nil || errN != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, fmt.Errorf("shard %q: want i/n with 0 ≤ i < n, e.g. 0/4 … 3/4", s)
	}
	return i, n, nil
}

// Shard keeps the trials of shard i of n (0 ≤ i < n). Trials are dealt in
// units, so that no two shards build the same index: a unit is every trial
// of one dataset size that searches the same index configs (the exact
// trials of a size form one unit). Units go to shards round-robin, in the
// order of their first trial; the order of trials is kept. Together the n
// shards hold every trial once. There are as many useful shards as units:
// the rest are empty.
func Shard(trials []Trial, i, n int) []Trial {
	if n < 1 || i < 0 || i >= n {
		return nil
	}
	unitOf := map[string]int{}
	var out []Trial
	for _, t := range trials {
		u := t.unit()
		idx, ok := unitOf[u]
		if !ok {
			idx = len(unitOf)
			unitOf[u] = idx
		}
		if idx%n == i {
			out = append(out, t)
		}
	}
	return out
}

// unit is the sharding unit of a trial: its size and the configs it
// searches.
func (t *Trial) unit() string {
	var configs []string
	if t.Route != KindExact {
		configs = append(configs, t.Index.Name)
	}
	for _, g := range t.GroupIndexes {
		if !contains(configs, g.Config.Name) {
			configs = append(configs, g.Config.Name)
		}
	}
	sort.Strings(configs)
	return sizeLabel(t.N) + "|" + strings.Join(configs, ",")
}
