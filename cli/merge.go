package cli

import (
	"fmt"
	"io"

	"github.com/ecgbench/ecgbench/results"
)

func init() { Register(mergeCommand{}) }

// mergeCommand joins the run folders of a sharded run.
type mergeCommand struct{}

func (mergeCommand) Name() string { return "merge" }

func (mergeCommand) Synopsis() string {
	return "join the run folders of shards (run -shard i/n) into one run folder"
}

// Run merges SHARD_DIR... into -out and prints the folder; `ecgbench report`
// then draws the whole run.
func (c mergeCommand) Run(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(c)
	out := fs.String("out", "", "run `folder` to write the merged results to (required)")
	shards, err := parseArgs(c, fs, args, stderr, "-out DIR SHARD_DIR...")
	if err != nil {
		return err
	}
	if *out == "" {
		return UsageErrorf("-out is required: the folder to write the merged run to")
	}
	if len(shards) == 0 {
		return UsageErrorf("want the shard run folders to merge")
	}
	recs, warnings, err := results.Merge(*out, shards)
	for _, w := range warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d trials from %d shards in %s\n", len(recs), len(shards), *out)
	return nil
}
