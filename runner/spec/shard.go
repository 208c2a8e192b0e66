package spec

import (
	"fmt"
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

// Shard keeps the trials of shard i of n (0 ≤ i < n), in their order.
// Trials are dealt in units so that no index is built by two shards: trials
// that search a common index (same BuildKey) are in one unit, and the exact
// trials of one dataset size form one unit. Units go to shards round-robin
// in the order of their first trial. Together the n shards hold every trial
// exactly once; with more shards than units, the extra shards are empty.
func Shard(trials []Trial, i, n int) []Trial {
	if n < 1 || i < 0 || i >= n {
		return nil
	}
	units := unitsOf(trials)
	var out []Trial
	for j, t := range trials {
		if units[j]%n == i {
			out = append(out, t)
		}
	}
	return out
}

// unitsOf numbers the sharding unit of each trial, from 0 in order of first
// appearance: the connected components of trials linked by shared builds.
func unitsOf(trials []Trial) []int {
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		p, ok := parent[x]
		if !ok || p == x {
			parent[x] = x
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	node := func(t Trial) []string {
		if len(t.Builds) == 0 {
			return []string{"exact|" + sizeLabel(t.N)}
		}
		ns := make([]string, len(t.Builds))
		for i, b := range t.Builds {
			ns[i] = "build|" + b.String()
		}
		return ns
	}
	for _, t := range trials {
		ns := node(t)
		for _, x := range ns[1:] {
			parent[find(x)] = find(ns[0])
		}
	}
	number := map[string]int{}
	out := make([]int, len(trials))
	for j, t := range trials {
		root := find(node(t)[0])
		u, ok := number[root]
		if !ok {
			u = len(number)
			number[root] = u
		}
		out[j] = u
	}
	return out
}
