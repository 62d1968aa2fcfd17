package main

import (
	"context"
	"flag"
	"log/slog"
	"time"

	"github.com/orders-api/orders-api/internal/config"
	"github.com/orders-api/orders-api/internal/database"
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
	cfg, logger, err := setup(e, slog.LevelInfo)
	if err != nil {
		return err
	}
	db, err := openDatabase(ctx, cfg, logger, true)
	if err != nil {
		return commandError("migrate", err)
	}
	closeDatabase(db, logger)
	return nil
}

// openDatabase opens the configured database and, when migrate is set,
// applies the pending migrations. A database that can't be reached is a
// one-line startError naming DATABASE_URL (startup.go).
func openDatabase(ctx context.Context, cfg config.Config, logger *slog.Logger, migrate bool) (*database.DB, error) {
	db, err := database.Open(ctx, cfg.DatabaseURL, logger)
	if err != nil {
		return nil, databaseError(cfg, err, true)
	}
	if !migrate {
		return db, nil
	}
	start := time.Now()
	if err := db.Migrate(ctx); err != nil {
		closeDatabase(db, logger)
		return nil, databaseError(cfg, err, false)
	}
	logger.Info("schema up to date", slog.String("took", time.Since(start).Round(time.Millisecond).String()))
	return db, nil
}

// closeDatabase closes db, logging a failure: at that point there is
// nothing else to do about it.
func closeDatabase(db *database.DB, logger *slog.Logger) {
	if err := db.Close(); err != nil {
		logger.Warn("closing the database failed", slog.Any("error", err))
	}
}
