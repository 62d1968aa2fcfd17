// Package database is the PostgreSQL adapter of orders-api: it implements
// order.Store, auth.KeyStore and idempotency.Store with GORM over pgx, and
// applies the embedded migrations with goose.
//
// GORM rows are unexported types of this package, converted explicitly to and
// from the domain types; they never leave it. Hot paths use raw SQL through
// GORM with numbered placeholders ($1, $2...), which GORM hands to pgx as
// they are, so slices travel as PostgreSQL arrays and each statement text is
// constant (one prepared statement per connection, whatever the batch size).
// Such texts must contain neither ? nor @, which GORM would rewrite; values
// only ever travel as arguments.
package database

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/pressly/goose/v3"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/idempotency"
	"github.com/orders-api/orders-api/internal/order"
)

// Pool settings: enough connections for a busy replica without exhausting a
// small server (PostgreSQL's default max_connections is 100).
const (
	maxOpenConns    = 20
	maxIdleConns    = 20
	connMaxLifetime = 30 * time.Minute
	connMaxIdleTime = 5 * time.Minute
)

// DB is a connection pool to PostgreSQL and the stores built on it.
type DB struct {
	gorm     *gorm.DB
	sql      *sql.DB
	logger   *slog.Logger
	goose    *goose.Provider
	migrated atomic.Bool // set once no migration was pending; they never become pending again
}

// Open connects to a PostgreSQL databaseURL (postgres:// or postgresql://).
// It checks that the server answers: an unreachable server is an
// errs.Unavailable error.
func Open(ctx context.Context, databaseURL string, logger *slog.Logger) (*DB, error) {
	if !strings.HasPrefix(databaseURL, "postgres://") && !strings.HasPrefix(databaseURL, "postgresql://") {
		return nil, fmt.Errorf("database: the URL must start with postgres:// or postgresql://")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	g, err := gorm.Open(postgres.Open(databaseURL), gormConfig())
	if err != nil {
		return nil, fmt.Errorf("database: unable to open: %w", err)
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, fmt.Errorf("database: unable to get the pool: %w", err)
	}
	sqlDB.SetMaxOpenConns(maxOpenConns)
	sqlDB.SetMaxIdleConns(maxIdleConns)
	sqlDB.SetConnMaxLifetime(connMaxLifetime)
	sqlDB.SetConnMaxIdleTime(connMaxIdleTime)
	db := &DB{gorm: g, sql: sqlDB, logger: logger}
	if db.goose, err = newProvider(sqlDB, logger); err != nil {
		_ = sqlDB.Close()
		return nil, err
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		_ = sqlDB.Close()
		return nil, classify(err, "connect")
	}
	return db, nil
}

// gormConfig keeps GORM quiet and lean: errors are returned (and logged by
// the caller when internal), never logged here with their SQL parameters;
// single statements run without a wrapping transaction.
func gormConfig() *gorm.Config {
	return &gorm.Config{
		SkipDefaultTransaction: true,
		DisableAutomaticPing:   true, // Open pings with its context instead
		Logger:                 logger.Discard,
		NowFunc:                func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) },
	}
}

// Close closes the pool.
func (db *DB) Close() error { return db.sql.Close() }

// Orders returns the store of orders and their histories.
func (db *DB) Orders() order.Store { return orderStore{db} }

// Keys returns the store of API keys.
func (db *DB) Keys() auth.KeyStore { return keyStore{db} }

// Idempotency returns the store of idempotent outcomes.
func (db *DB) Idempotency() idempotency.Store { return idempotencyStore{db} }

// txKey is the context key of the transaction started by inTx.
type txKey struct{}

// txValue is a transaction in a context, with the DB that started it, so that
// a context carrying another DB's transaction is not mistaken for ours.
type txValue struct {
	owner *DB
	tx    *gorm.DB
}

// tx returns the transaction ctx carries for db, if any.
func (db *DB) tx(ctx context.Context) (*gorm.DB, bool) {
	v, ok := ctx.Value(txKey{}).(txValue)
	if !ok || v.owner != db {
		return nil, false
	}
	return v.tx, true
}

// conn returns what a statement runs on: the transaction in ctx, or the pool.
func (db *DB) conn(ctx context.Context) *gorm.DB {
	if tx, ok := db.tx(ctx); ok {
		return tx.WithContext(ctx)
	}
	return db.gorm.WithContext(ctx)
}

// inTx runs fn in a transaction carried by the ctx given to fn. When ctx
// already carries one, fn runs in it (no nesting, no savepoint): the
// outermost caller commits or rolls back.
func (db *DB) inTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := db.tx(ctx); ok {
		return fn(ctx)
	}
	tx := db.gorm.WithContext(ctx).Begin()
	if tx.Error != nil {
		return classify(tx.Error, "begin a transaction")
	}
	done := false
	defer func() {
		if !done {
			tx.Rollback() // also when fn panics; its error is of no use then
		}
	}()
	if err := fn(context.WithValue(ctx, txKey{}, txValue{owner: db, tx: tx})); err != nil {
		return err
	}
	done = true
	if err := tx.Commit().Error; err != nil {
		return classify(err, "commit a transaction")
	}
	return nil
}
