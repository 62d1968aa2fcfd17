// Package cli is the command line of orders-api: each command's flags,
// usage text and output, on top of the composition root (internal/app),
// which builds everything they use. cmd/orders-api's main only calls Run.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// env is what a command gets from its process: the environment and the
// standard streams. Only a command's result, such as a new key's secret or
// the help asked for, goes to stdout; logs and messages go to stderr.
type env struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
}

// Run runs the command named by args (os.Args: the program name, then the
// command and its arguments) until it is done or ctx is canceled. Its
// error is one line naming what to fix.
func Run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdout: stdout, stderr: stderr}
	name, rest := "serve", []string{}
	if len(args) > 1 {
		name, rest = args[1], args[2:]
	}
	err := dispatch(ctx, e, name, rest)
	if errors.Is(err, flag.ErrHelp) {
		return nil // -h: the usage text was printed
	}
	return oneLineError(err)
}

// dispatch runs one command.
func dispatch(ctx context.Context, e env, name string, args []string) error {
	switch name {
	case "serve":
		return serveCmd(ctx, e, args)
	case "migrate":
		return migrateCmd(ctx, e, args)
	case "keys":
		return keysCmd(ctx, e, args)
	case "healthcheck":
		return healthcheckCmd(ctx, e, args)
	case "demo":
		return demoCmd(ctx, e, args)
	case "retention":
		return retentionCmd(ctx, e, args)
	}
	if isHelp(name) {
		fmt.Fprint(e.stdout, usage)
		return nil
	}
	return unknownCommand(name)
}

// isHelp reports whether arg asks for help.
func isHelp(arg string) bool {
	switch arg {
	case "help", "-h", "-help", "--help":
		return true
	}
	return false
}

// The commands answer a command line they can't make sense of (an unknown
// flag, a flag without its value, a missing or extra argument, a required
// flag not given) with their usage text on stderr, then the error. A bad
// value of a known flag or argument, and an unknown command, are one line
// only, pointing to -h: the usage would bury it. Help asked for (-h) goes
// to stdout.

// parseFlags parses the flags of one command. On -h it prints the command's
// usage and returns flag.ErrHelp; a bad flag also prints the usage, a bad
// value of a flag (--batch x) does not.
func parseFlags(e env, fs *flag.FlagSet, args []string, usage string) error {
	fs.SetOutput(io.Discard) // the flag package's own messages would repeat ours
	err := fs.Parse(args)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(e.stdout, usage)
		return err
	case strings.HasPrefix(err.Error(), "invalid value ") || strings.HasPrefix(err.Error(), "invalid boolean value "):
		return badValue(fs.Name(), err.Error()) // the flag package's words for a value its flag can't parse
	}
	fmt.Fprint(e.stderr, usage)
	return fmt.Errorf("%s: %w", fs.Name(), err)
}

// badValue is the one-line error of a bad flag or argument value of cmd.
func badValue(cmd, problem string) error {
	return fmt.Errorf("%s: %s (run orders-api %s -h for help)", cmd, problem, cmd)
}

// noArgs parses flags for a command that takes no positional arguments.
func noArgs(e env, fs *flag.FlagSet, args []string, usage string) error {
	if err := parseFlags(e, fs, args, usage); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprint(e.stderr, usage)
		return fmt.Errorf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}
