package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// env is what a command gets from its process: the environment and the
// standard streams. Only a command's result, such as a new key's secret,
// goes to stdout; logs and messages go to stderr.
type env struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
}

// run runs the command named by args (os.Args: the program name, then the
// command and its arguments) until it is done or ctx is canceled.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdout: stdout, stderr: stderr}
	name, rest := "serve", []string{}
	if len(args) > 1 {
		name, rest = args[1], args[2:]
	}
	err := dispatch(ctx, e, name, rest)
	if errors.Is(err, flag.ErrHelp) {
		return nil // -h: the usage text was printed
	}
	if err != nil && strings.ContainsAny(err.Error(), "\r\n") {
		return &startError{msg: oneLine(err.Error()), err: err} // SPEC 3: one line
	}
	return err
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
	case "help", "-h", "-help", "--help":
		fmt.Fprint(e.stderr, usage)
		return nil
	default:
		fmt.Fprint(e.stderr, usage)
		return fmt.Errorf("unknown command %q (run orders-api -h for help)", name)
	}
}

// The commands answer a command line they can't make sense of (an unknown
// flag or command, a flag without its value, a missing or extra argument, a
// required flag not given) with their usage text, then the error. A bad
// value of a known flag or argument is one line only, pointing to -h: the
// usage would bury it.

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
		fmt.Fprint(e.stderr, usage)
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

// usage is the help text of orders-api.
const usage = `Usage: orders-api [command] [flags]

Commands:
  serve          apply pending migrations (unless MIGRATE_ON_START=false), then
                 serve HTTP until SIGINT or SIGTERM (the default command)
  serve --demo   also seed, once, the demo store "demo" with realistic orders and
                 histories, and print an admin and a connector key for it
  demo           seed the demo store and print new keys for it, without serving
  migrate        apply pending migrations and exit
  keys create --store S --role R [--system SYS] [--name LABEL]
                 create an API key (role admin, reader or connector; --system for
                 connectors) and print its secret alone on stdout, this once only
  keys list --store S
                 list a store's keys (secrets are never shown again)
  keys revoke ID revoke a key; running servers refuse it within 3 seconds
  healthcheck    exit 0 when the local server answers /healthz (container health check)
  retention --older-than AGE [--dry-run]
                 delete the attempts older than AGE (such as 400d) in short
                 batches, leaving every summary as it is; also purge old
                 idempotency outcomes (for a daily cron job)

Environment (defaults in brackets):
  DATABASE_URL         postgres://user:password@host:5432/db [empty: the embedded
                       SQLite file ./data/orders.db]
  HTTP_ADDR            listen address [:8080]
  LOG_LEVEL            debug, info, warn or error [info]
  LOG_FORMAT           json or text [json]
  MIGRATE_ON_START     apply migrations in serve and keys [true]
  MAX_BODY_BYTES       request body limit, after decompression [1048576]
  RATE_LIMIT_RPS       requests per second per key, 0 = off [100]
  RATE_LIMIT_BURST     burst per key, 0 = off [200]
  SHUTDOWN_TIMEOUT     graceful shutdown bound [15s]
  READ_HEADER_TIMEOUT, READ_TIMEOUT, WRITE_TIMEOUT, IDLE_TIMEOUT
                       HTTP server timeouts [5s, 30s, 30s, 120s]
  JWT_JWKS_FILE or JWT_PUBLIC_KEY_FILE, JWT_ISSUER, JWT_AUDIENCE
                       accept the admin SPA's RS256/ES256 tokens [off]
  CORS_ALLOWED_ORIGINS comma-separated origins of the admin SPA [none]
  TRUSTED_PROXIES      CIDRs whose X-Forwarded-For is believed [none]
  STREAMS_PER_KEY      open live history streams per key on each server [5]
`
