// Package cli is the ecgbench command line: a registry of subcommands
// behind one small interface, and Main, which cmd/ecgbench calls.
//
// Each subcommand lives in its own file and registers itself in init:
//
//	func init() { Register(genCommand{}) }
//
// Exit codes: 0 success, 1 failure, 2 usage error (bad flags or flag
// values). Errors print as "ecgbench <command>: <message>" on stderr.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Command is one subcommand.
type Command interface {
	// Name is the word that selects the command: "gen", "query", …
	Name() string
	// Synopsis is a one-line description for the command list.
	Synopsis() string
	// Run executes the command with the arguments after its name. A usage
	// error (see UsageErrorf) exits 2, any other error 1, flag.ErrHelp 0.
	Run(args []string, stdout, stderr io.Writer) error
}

var commands = map[string]Command{}

// Register adds a command; it panics on a duplicate name, a programming
// error.
func Register(c Command) {
	if _, dup := commands[c.Name()]; dup {
		panic("cli: command registered twice: " + c.Name())
	}
	commands[c.Name()] = c
}

// UsageError is an error in the command line itself.
type UsageError struct{ Err error }

func (e UsageError) Error() string { return e.Err.Error() }
func (e UsageError) Unwrap() error { return e.Err }

// UsageErrorf formats a UsageError.
func UsageErrorf(format string, args ...any) error {
	return UsageError{fmt.Errorf(format, args...)}
}

// Main runs the command named by args[0] and returns the exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "-help" || name == "--help" {
		usage(stdout)
		return 0
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "ecgbench: unknown command %q\n", name)
		usage(stderr)
		return 2
	}
	err := c.Run(args[1:], stdout, stderr)
	var ue UsageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "ecgbench %s: %v\nRun 'ecgbench %s -h' for usage.\n", name, err, name)
		return 2
	default:
		fmt.Fprintf(stderr, "ecgbench %s: %v\n", name, err)
		return 1
	}
}

func usage(w io.Writer) {
	var names []string
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "usage: ecgbench <command> [flags]")
	fmt.Fprintln(w, "\ncommands:")
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].Synopsis())
	}
	fmt.Fprintln(w, "\nRun 'ecgbench <command> -h' for a command's flags.")
}

// newFlagSet returns a flag set for c that reports errors to its caller
// instead of printing them.
func newFlagSet(c Command) *flag.FlagSet {
	fs := flag.NewFlagSet(c.Name(), flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags parses args of a command that takes flags only; -h prints
// the command's usage on stderr and returns flag.ErrHelp, other problems
// return a UsageError. Positional arguments are errors.
func parseFlags(c Command, fs *flag.FlagSet, args []string, stderr io.Writer) error {
	pos, err := parseArgs(c, fs, args, stderr, "[flags]")
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return UsageErrorf("unexpected argument %q (flags only)", pos[0])
	}
	return nil
}

// parseArgs parses flags placed before, between or after the positional
// arguments and returns the positional arguments. -h prints
// "usage: ecgbench <name> <operands>", the synopsis and the flags on
// stderr and returns flag.ErrHelp; other problems return a UsageError.
func parseArgs(c Command, fs *flag.FlagSet, args []string, stderr io.Writer, operands string) ([]string, error) {
	var pos []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stderr, "usage: ecgbench %s %s\n\n%s\n\nflags:\n", c.Name(), operands, c.Synopsis())
			fs.SetOutput(stderr)
			fs.PrintDefaults()
			fs.SetOutput(io.Discard)
			return nil, err
		}
		if err != nil {
			return nil, UsageError{err}
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// splitList splits a comma-separated flag value, dropping blanks around
// items.
func splitList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}
