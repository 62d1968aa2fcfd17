// Package database is the storage of orders-api as the rest of the program
// sees it: Open connects to PostgreSQL (pgstore) or to the embedded SQLite
// file (sqlitestore), by the URL, and DB hands out the stores of that
// engine (order.Store, auth.KeyStore, idempotency.Store, and
// re-integration's request.Store and request.JobStore, and SPEC 10's
// order.LiveStore), attempt
// retention, readiness, and the embedded migrations of each, applied with
// goose. What both engines share (GORM rows, converters, filters, the
// transaction in a context, error mapping) is in sqldb; each engine's own
// SQL and RecordAttempts is in its package.
package database

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/database/pgstore"
	"github.com/orders-api/orders-api/internal/database/sqldb"
	"github.com/orders-api/orders-api/internal/database/sqlitestore"
	"github.com/orders-api/orders-api/internal/idempotency"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
)

// engine is what a storage engine gives the facade: pgstore.DB or
// sqlitestore.DB.
type engine interface {
	Orders() order.Store
	Keys() auth.KeyStore
	Idempotency() idempotency.Store
	Requests(logger *slog.Logger) sqldb.RequestStore
	Jobs(rs request.Store, logger *slog.Logger) sqldb.JobStore
	Live(logger *slog.Logger) order.LiveStore
	AttemptStores(ctx context.Context) ([]string, error)
	CountAttemptsBefore(ctx context.Context, storeID string, cutoff time.Time) (int64, error)
	DeleteAttemptsBefore(ctx context.Context, storeID string, cutoff time.Time, limit int) (int64, error)
	Classify(err error, action string) error
	Pool() *sql.DB
	Close() error
}

// DB is a connection pool to the database and the stores built on it.
type DB struct {
	engine   engine
	logger   *slog.Logger
	goose    *goose.Provider
	migrated atomic.Bool // set once no migration was pending; they never become pending again
}

// Open connects to the database of databaseURL: PostgreSQL for a postgres://
// or postgresql:// URL; the embedded SQLite file EmbeddedFile for an empty
// one, or the file of a sqlite:// URL (see SQLiteURL). It checks that the
// database answers: an unreachable server is an errs.Unavailable error.
func Open(ctx context.Context, databaseURL string, logger *slog.Logger) (*DB, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if path, ok := sqlitePath(databaseURL); ok {
		return openSQLite(ctx, path, logger)
	}
	if !strings.HasPrefix(databaseURL, "postgres://") && !strings.HasPrefix(databaseURL, "postgresql://") {
		return nil, fmt.Errorf("database: the URL must start with postgres:// or postgresql://, or be empty for the embedded SQLite file")
	}
	pg, err := pgstore.Open(ctx, databaseURL)
	if err != nil {
		return nil, err
	}
	db := &DB{engine: pg, logger: logger}
	if db.goose, err = newProvider(pg.Pool(), "migrations/postgres", goose.DialectPostgres, true, logger); err != nil {
		_ = pg.Close()
		return nil, err
	}
	return db, nil
}

// openSQLite opens (creating it and its directory if need be) the SQLite
// file at path.
func openSQLite(ctx context.Context, path string, logger *slog.Logger) (*DB, error) {
	lite, err := sqlitestore.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	db := &DB{engine: lite, logger: logger}
	if db.goose, err = newProvider(lite.Pool(), "migrations/sqlite", goose.DialectSQLite3, false, logger); err != nil {
		_ = lite.Close()
		return nil, err
	}
	abs, _ := filepath.Abs(path)
	logger.InfoContext(ctx, "using the embedded SQLite database", slog.String("file", abs))
	return db, nil
}

// Close closes the pool (on SQLite, both).
func (db *DB) Close() error { return db.engine.Close() }

// Pool returns the connection pool under GORM (on SQLite, the writer), for
// its statistics (the metrics of the pool). Statements go through the
// stores, never through it.
func (db *DB) Pool() *sql.DB { return db.engine.Pool() }

// Orders returns the store of orders and their histories.
func (db *DB) Orders() order.Store { return db.engine.Orders() }

// Keys returns the store of API keys.
func (db *DB) Keys() auth.KeyStore { return db.engine.Keys() }

// Idempotency returns the store of idempotent outcomes. Its InTx starts the
// transaction that the other stores of db join when called with the ctx it
// gives (see sqldb.TxOf): that is how the idempotency middleware stores an
// outcome with the handler's data.
func (db *DB) Idempotency() idempotency.Store { return db.engine.Idempotency() }

// RequestStore is the store of integration requests (request.Store), the
// notifier of their long polls, the open counts of the gauge; Close stops
// its notification session (PostgreSQL's LISTEN).
type RequestStore = sqldb.RequestStore

// JobStore is the store of bulk jobs (request.JobStore) and their counts.
type JobStore = sqldb.JobStore

// Requests returns the store of integration requests. Call it once per
// process and Close it before the DB.
func (db *DB) Requests() RequestStore { return db.engine.Requests(db.logger) }

// Jobs returns the store of bulk jobs, which makes requests through rs (a
// store of db: they commit with the chunk).
func (db *DB) Jobs(rs request.Store) JobStore { return db.engine.Jobs(rs, db.logger) }

// Live returns the store of live streams, statistics and exports (SPEC
// 10). Every call shares the DB's one event hub; Close stops it.
func (db *DB) Live() order.LiveStore { return db.engine.Live(db.logger) }
