package cli

import (
	"context"
	"flag"
	"log/slog"

	"github.com/orders-api/orders-api/internal/app"
)

const serveUsage = `Usage: orders-api serve [--demo]

Applies pending migrations (unless MIGRATE_ON_START=false), then serves HTTP on
HTTP_ADDR until SIGINT or SIGTERM, and shuts down gracefully within
SHUTDOWN_TIMEOUT. Run orders-api -h for the environment variables. While the
database has pending migrations (MIGRATE_ON_START=false and orders-api migrate
not run yet), /readyz and the API answer 503 with Retry-After.

--demo first seeds, once, the demo store "demo" with realistic orders and
histories, and prints a new admin key and connector key for it with curl lines
to try (see orders-api demo -h).
`

// serveCmd is `orders-api serve`.
func serveCmd(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	demo := fs.Bool("demo", false, "seed the demo store and print keys for it")
	if err := noArgs(e, fs, args, serveUsage); err != nil {
		return err
	}
	cfg, logger, err := app.Configure(e.getenv, e.stderr, slog.LevelInfo)
	if err != nil {
		return err
	}
	app.TuneGC(e.getenv, logger)
	stopPprof, err := app.StartPprof(e.getenv("PPROF_ADDR"), logger) // off unless set
	if err != nil {
		return err
	}
	defer stopPprof()
	a, err := app.New(ctx, cfg, logger, app.Options{Tokens: true})
	if err != nil {
		return commandError("serve", err)
	}
	defer a.Close()
	if *demo {
		if err := seedDemo(ctx, e, a); err != nil {
			return commandError("serve", err)
		}
	}
	return a.Serve(ctx)
}
