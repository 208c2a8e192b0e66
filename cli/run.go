package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"

	// The index backends register themselves.
	_ "github.com/ecgbench/ecgbench/engine/index/faiss"
	_ "github.com/ecgbench/ecgbench/engine/index/flat"
	_ "github.com/ecgbench/ecgbench/engine/index/hnsw"
	"github.com/ecgbench/ecgbench/runner"
	"github.com/ecgbench/ecgbench/runner/spec"
)

func init() { Register(runCommand{}) }

// runCommand runs an experiment spec.
type runCommand struct{}

func (runCommand) Name() string     { return "run" }
func (runCommand) Synopsis() string { return "run an experiment spec: data, indexes, queries, results" }

func (c runCommand) Run(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(c)
	force := fs.Bool("force", false, "rebuild every cache entry and re-run every trial")
	out := fs.String("out", "", "run folder (default: the spec's run.out_dir/name)")
	shard := fs.String("shard", "", "run shard i of n only, e.g. 0/4 (default: all trials)")
	list := fs.Bool("list", false, "print the trials and index builds the spec expands to, and run nothing")
	specs, err := parseArgs(c, fs, args, stderr, "[-force] [-list] [-out DIR] [-shard i/n] SPEC.toml")
	if err != nil {
		return err
	}
	if len(specs) != 1 {
		return UsageErrorf("want one spec file, got %d arguments", len(specs))
	}
	opt := runner.Options{Out: *out, Force: *force, Log: stderr}
	if *shard != "" {
		i, n, err := spec.ParseShard(*shard)
		if err != nil {
			return UsageErrorf("-shard: %v", err)
		}
		opt.Shard, opt.Shards = i, n
	}
	sp, err := spec.Load(specs[0])
	if err != nil {
		return err
	}
	for _, w := range sp.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	if *list {
		trials := sp.Trials()
		if opt.Shards > 1 {
			trials = spec.Shard(trials, opt.Shard, opt.Shards)
		}
		for _, t := range trials {
			fmt.Fprintln(stdout, t.Name)
		}
		builds := map[spec.BuildKey]bool{}
		for _, t := range trials {
			for _, b := range t.Builds {
				builds[b] = true
			}
		}
		fmt.Fprintf(stdout, "%d trials, %d index builds\n", len(trials), len(builds))
		return nil
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	dir, err := runner.Run(ctx, sp, opt)
	if err != nil {
		if dir != "" {
			return fmt.Errorf("%w (finished trials are kept in %s; run the same command again to resume)", err, dir)
		}
		return err
	}
	fmt.Fprintln(stdout, dir)
	return nil
}
