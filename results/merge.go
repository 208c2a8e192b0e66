package results

import (
	"fmt"
	"os"
	"path/filepath"
)

// Merge joins the run folders of the shards of one spec (`ecgbench run
// -shard i/n`) into out: every record of every shard's results.jsonl, the
// first of any name kept (a repeat is reported as a warning), rewritten as
// results.jsonl, results.csv and bench.txt, plus the spec.toml and the
// cohort figure of the shards that have them. Shards of different specs
// (spec hashes) are an error naming the folders.
func Merge(out string, shards []string) (recs []Record, warnings []string, err error) {
	if len(shards) == 0 {
		return nil, nil, fmt.Errorf("results: merge: no shard folders")
	}
	seen := map[string]string{}
	hash, hashDir := "", ""
	for _, dir := range shards {
		rs, ws, err := ReadJSONL(filepath.Join(dir, JSONLFile))
		if err != nil {
			return nil, warnings, err
		}
		warnings = append(warnings, ws...)
		for _, r := range rs {
			if hash == "" {
				hash, hashDir = r.SpecHash, dir
			} else if r.SpecHash != hash {
				return nil, warnings, fmt.Errorf("results: merge: %s holds results of spec %.12s, %s of spec %.12s: shards must come from one spec", dir, r.SpecHash, hashDir, hash)
			}
			if first, dup := seen[r.Name]; dup {
				warnings = append(warnings, fmt.Sprintf("%s: %s is also in %s: keeping the first", dir, r.Name, first))
				continue
			}
			seen[r.Name] = dir
			recs = append(recs, r)
		}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, warnings, fmt.Errorf("results: merge: %w", err)
	}
	if err := WriteJSONL(filepath.Join(out, JSONLFile), recs); err != nil {
		return nil, warnings, err
	}
	if err := WriteRunFiles(out, recs); err != nil {
		return nil, warnings, err
	}
	// The spec and the cohort figure: from the last shard that has them.
	for _, name := range []string{"spec.toml", "figures/cohort-pca.png", "figures/cohort-pca.svg", "figures/cohort-pca.json"} {
		for i := len(shards) - 1; i >= 0; i-- {
			data, err := os.ReadFile(filepath.Join(shards[i], name))
			if err != nil {
				continue
			}
			dst := filepath.Join(out, name)
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				return nil, warnings, fmt.Errorf("results: merge: %w", err)
			}
			if err := WriteFileAtomic(dst, data); err != nil {
				return nil, warnings, err
			}
			break
		}
	}
	return recs, warnings, nil
}
