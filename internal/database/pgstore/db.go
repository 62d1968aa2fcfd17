package pgstore

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"sync/atomic"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/database/sqldb"
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

// DB is a connection pool to a PostgreSQL database and the stores built on it.
type DB struct {
	gorm   *gorm.DB
	sql    *sql.DB                        // the pool under gorm
	events atomic.Pointer[sqldb.EventHub] // the live stream's hub, made by the first Live
}

// Open connects to the PostgreSQL database of databaseURL (postgres:// or
// postgresql://) and checks that it answers: an unreachable server is an
// errs.Unavailable error.
func Open(ctx context.Context, databaseURL string) (*DB, error) {
	g, err := gorm.Open(postgres.Open(withConnectTimeout(databaseURL)), sqldb.GormConfig())
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
	if err := sqlDB.PingContext(ctx); err != nil {
		_ = sqlDB.Close()
		return nil, Classify(err, "connect")
	}
	return &DB{gorm: g, sql: sqlDB}, nil
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

// Pool returns the connection pool: for migrations, pings and the pool's
// metrics. Statements go through the stores.
func (db *DB) Pool() *sql.DB { return db.sql }

// Close stops the live stream's hub, if any, then closes the pool.
func (db *DB) Close() error {
	if h := db.events.Load(); h != nil {
		h.Stop()
	}
	return db.sql.Close()
}

// Orders returns the store of orders and their histories.
func (db *DB) Orders() order.Store { return orderStore{db} }

// Keys returns the store of API keys.
func (db *DB) Keys() auth.KeyStore { return keyStore{db} }

// Idempotency returns the store of idempotent outcomes.
func (db *DB) Idempotency() idempotency.Store { return idempotencyStore{db} }

// Classify maps err, from a statement of db or from migrations on its pool,
// to the error a store method returns (see the package's Classify).
func (db *DB) Classify(err error, action string) error { return Classify(err, action) }
