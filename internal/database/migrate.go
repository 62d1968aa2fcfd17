package database

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/orders-api/orders-api/internal/database/sqldb"
	"github.com/orders-api/orders-api/internal/errs"
)

// migrations holds the versioned schema, embedded in the binary: one folder
// per engine, with the same versions.
//
//go:embed migrations/postgres/*.sql migrations/sqlite/*.sql
var migrations embed.FS

// newProvider returns the goose provider of the embedded migrations in
// folder, of goose's dialect d. With sessionLock (PostgreSQL), a session
// advisory lock serialises replicas that migrate at the same time; SQLite
// serves one process.
func newProvider(db *sql.DB, folder string, d goose.Dialect, sessionLock bool,
	logger *slog.Logger) (*goose.Provider, error) {
	dir, err := fs.Sub(migrations, folder)
	if err != nil {
		return nil, fmt.Errorf("database: unable to read the migrations: %w", err)
	}
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true), goose.WithSlog(logger)}
	if sessionLock {
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, fmt.Errorf("database: unable to make the migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(d, db, dir, opts...)
	if err != nil {
		return nil, fmt.Errorf("database: unable to load the migrations: %w", err)
	}
	return p, nil
}

// Migrate applies the pending migrations and logs each one.
func (db *DB) Migrate(ctx context.Context) error {
	results, err := db.goose.Up(ctx)
	if err != nil {
		return db.engine.Classify(err, "apply migrations")
	}
	for _, r := range results {
		db.logger.InfoContext(ctx, "migration applied",
			slog.String("migration", r.Source.Path), slog.Duration("duration", r.Duration.Round(time.Millisecond)))
	}
	db.migrated.Store(true)
	return nil
}

// errNotMigrated is the readiness failure of a reachable database whose schema
// is behind the binary.
func errNotMigrated() error {
	return &errs.Error{Code: errs.Unavailable, Detail: "the database has pending migrations", RetryAfter: 2 * time.Second}
}

// Ready reports whether the database answers and no migration is pending, as
// nil or an errs.Unavailable error. Once no migration was pending, later
// calls only ping: a running binary's migrations never become pending again.
func (db *DB) Ready(ctx context.Context) error {
	if err := db.engine.Pool().PingContext(ctx); err != nil {
		return sqldb.Unavailable(err)
	}
	if db.migrated.Load() {
		return nil
	}
	pending, err := db.goose.HasPending(ctx)
	if err != nil {
		return sqldb.Unavailable(err)
	}
	if pending {
		return errNotMigrated()
	}
	db.migrated.Store(true)
	return nil
}
