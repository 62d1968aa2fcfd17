package cli

import (
	"context"
	"flag"
	"log/slog"

	"github.com/orders-api/orders-api/internal/app"
)

const migrateUsage = `Usage: orders-api migrate

Applies the pending migrations embedded in this binary to DATABASE_URL, then
exits. Safe to run from several replicas at once: they take turns.
`

// migrateCmd is `orders-api migrate`.
func migrateCmd(ctx context.Context, e env, args []string) error {
	if err := noArgs(e, flag.NewFlagSet("migrate", flag.ContinueOnError), args, migrateUsage); err != nil {
		return err
	}
	a, err := app.Start(ctx, e.getenv, e.stderr, slog.LevelInfo, app.Options{Migrate: app.MigrateAlways})
	if err != nil {
		return commandError("migrate", err)
	}
	return a.Close()
}
