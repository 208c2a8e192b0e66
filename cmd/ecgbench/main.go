// Command ecgbench benchmarks similarity search over ECGs described by
// model-derived metrics. Run 'ecgbench help' for its subcommands.
package main

import (
	"os"

	"github.com/ecgbench/ecgbench/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
