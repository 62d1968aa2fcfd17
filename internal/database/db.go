// Package database is the storage adapter of orders-api: it implements
// order.Store, auth.KeyStore and idempotency.Store with GORM over pgx on
// PostgreSQL, or over the pure-Go SQLite driver on the embedded database
// file (the zero-setup default), and applies the embedded migrations of
// each with goose. What differs between the two is in dialect.
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
	"errors"
	"fmt"
	"log/slog"
	"net/url"
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

// DB is a connection pool to the database and the stores built on it.
type DB struct {
	gorm     *gorm.DB
	sql      *sql.DB // the pool; on SQLite, its one-connection writer
	readers  *sql.DB // SQLite's readers; nil on PostgreSQL
	logger   *slog.Logger
	goose    *goose.Provider
	migrated atomic.Bool // set once no migration was pending; they never become pending again
	dialect  dialect
	keyLocks *keyLocks                // SQLite's idempotency locks; nil on PostgreSQL
	events   atomic.Pointer[eventHub] // the live stream's feed, started by the first Subscribe
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
	g, err := gorm.Open(postgres.Open(withConnectTimeout(databaseURL)), gormConfig())
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
	db := &DB{gorm: g, sql: sqlDB, logger: logger, dialect: postgresDialect()}
	if db.goose, err = newProvider(sqlDB, db.dialect, logger); err != nil {
		_ = sqlDB.Close()
		return nil, err
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		_ = sqlDB.Close()
		return nil, classify(err, "connect")
	}
	return db, nil
}

// defaultConnectTimeout bounds a new connection's set-up when the URL does
// not say (connect_timeout, in seconds): without it, a server that drops
// packets holds Open, and each request needing a new connection, for as
// long as the system's TCP timeouts.
const defaultConnectTimeout = "10"

// withConnectTimeout adds connect_timeout to a postgres:// URL that has none.
func withConnectTimeout(databaseURL string) string {
	u, err := url.Parse(databaseURL)
	if err != nil || u.Query().Has("connect_timeout") {
		return databaseURL // a bad URL is the driver's to report
	}
	q := u.Query()
	q.Set("connect_timeout", defaultConnectTimeout)
	u.RawQuery = q.Encode()
	return u.String()
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

// Close closes the pool (on SQLite, both).
func (db *DB) Close() error {
	db.stopEvents()
	err := db.sql.Close()
	if db.readers != nil {
		err = errors.Join(err, db.readers.Close())
	}
	return err
}

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
	tx    *txState
}

// txState is a transaction of inTx. It begins in inTx, or at its first
// statement when the dialect begins lazily; it is used by one goroutine at
// a time, like the connection under it.
type txState struct {
	db   *DB
	ctx  context.Context // inTx's, which bounds the transaction
	tx   *gorm.DB        // nil until begun, and once ended
	err  error           // why it could not begin, returned by every statement
	keys []string        // idempotency keys held until the end (SQLite)
	// committed run once the transaction has committed (see onCommit)
	committed []func()
}

// tx returns the transaction ctx carries for db, if any.
func (db *DB) tx(ctx context.Context) (*txState, bool) {
	v, ok := ctx.Value(txKey{}).(txValue)
	if !ok || v.owner != db {
		return nil, false
	}
	return v.tx, true
}

// conn returns what a statement runs on: the transaction in ctx (begun now
// if need be), or the pool.
func (db *DB) conn(ctx context.Context) *gorm.DB {
	st, ok := db.tx(ctx)
	if !ok {
		return db.gorm.WithContext(ctx)
	}
	if err := st.begin(); err != nil {
		g := db.gorm.WithContext(ctx)
		_ = g.AddError(err) // every statement on g fails with err, and runs nothing
		return g
	}
	return st.tx.WithContext(ctx)
}

// inTx runs fn in a transaction carried by the ctx given to fn. When ctx
// already carries one, fn runs in it (no nesting, no savepoint): the
// outermost caller commits or rolls back.
func (db *DB) inTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := db.tx(ctx); ok {
		return fn(ctx)
	}
	st := &txState{db: db, ctx: ctx}
	defer st.end() // rolls back unless committed, also when fn panics
	if !db.dialect.lazyBegin {
		if err := st.begin(); err != nil {
			return err
		}
	}
	if err := fn(context.WithValue(ctx, txKey{}, txValue{owner: db, tx: st})); err != nil {
		return err
	}
	if err := st.commit(); err != nil {
		return err
	}
	for _, f := range st.committed {
		f()
	}
	return nil
}

// begin begins the transaction, once.
func (st *txState) begin() error {
	if st.tx == nil && st.err == nil {
		tx := st.db.gorm.WithContext(st.ctx).Begin()
		if tx.Error != nil {
			st.err = classify(tx.Error, "begin a transaction")
		} else {
			st.tx = tx
		}
	}
	return st.err
}

// commit commits the transaction, if it began.
func (st *txState) commit() error {
	if st.tx == nil {
		return st.err
	}
	err := st.tx.Commit().Error
	st.tx = nil
	if err != nil {
		return classify(err, "commit a transaction")
	}
	return nil
}

// end rolls back a transaction that was not committed, then frees its
// idempotency keys: after the commit, so that a request that takes a key
// next sees the outcome stored under it.
func (st *txState) end() {
	if st.tx != nil {
		st.tx.Rollback() // fn failed or panicked: its error is the one to return
		st.tx = nil
	}
	st.db.keyLocks.release(st.keys)
}
