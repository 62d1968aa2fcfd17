package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/database/sqldb"
	"github.com/orders-api/orders-api/internal/idempotency"
	"github.com/orders-api/orders-api/internal/order"
)

// DB is the two pools on one SQLite file and the stores built on them.
//
// SQLite lets one connection write at a time, and a deferred transaction
// that reads and then writes fails at once (SQLITE_BUSY, whatever
// busy_timeout says) when another writer committed in between. So every
// write, and every transaction, goes through a pool of exactly one
// connection, where Go queues them in order without polling; each
// transaction is BEGIN IMMEDIATE, which takes the write lock up front and so
// also waits properly for another process (like `orders-api keys create`
// next to a running server). Reads outside transactions go to a pool of
// query-only connections, which WAL lets run beside the writer and which see
// every committed write. busy_timeout covers the other processes.
type DB struct {
	writer, readers       *gorm.DB
	writerSQL, readersSQL *sql.DB
	keyLocks              *keyLocks
	events                atomic.Pointer[sqldb.EventHub] // the live stream's hub, made by the first Live
}

// minReaders is the least number of reading connections.
const minReaders = 4

// pragmas are set on every connection: a 10 s busy_timeout, WAL (readers
// beside the writer), NORMAL sync (safe with WAL: a commit survives a crash
// of the process, not always one of the machine), foreign keys.
const pragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)" +
	"&_pragma=foreign_keys(1)"

// Open opens (creating it and its directory if need be) the SQLite file at
// path.
func Open(ctx context.Context, path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("database: unable to create the directory of the SQLite file: %w", err)
	}
	writer, err := sql.Open(sqlite.DriverName, dsn(path, "_txlock=immediate"))
	if err != nil {
		return nil, fmt.Errorf("database: unable to open: %w", err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	if err := writer.PingContext(ctx); err != nil { // creates the file and turns WAL on before any reader opens
		_ = writer.Close()
		return nil, Classify(err, "open the SQLite file")
	}
	readers, err := sql.Open(sqlite.DriverName, dsn(path, "_pragma=query_only(1)"))
	if err != nil {
		_ = writer.Close()
		return nil, fmt.Errorf("database: unable to open: %w", err)
	}
	n := max(minReaders, runtime.GOMAXPROCS(0))
	readers.SetMaxOpenConns(n)
	readers.SetMaxIdleConns(n)
	db, err := newDB(writer, readers)
	if err != nil {
		_ = writer.Close()
		_ = readers.Close()
		return nil, err
	}
	return db, nil
}

// newDB builds the DB of the two pools.
func newDB(writer, readers *sql.DB) (*DB, error) {
	w, err := gorm.Open(&sqlite.Dialector{Conn: writePool{argPool{writer}}}, sqldb.GormConfig())
	if err != nil {
		return nil, fmt.Errorf("database: unable to open: %w", err)
	}
	r, err := gorm.Open(&sqlite.Dialector{Conn: argPool{readers}}, sqldb.GormConfig())
	if err != nil {
		return nil, fmt.Errorf("database: unable to open: %w", err)
	}
	return &DB{writer: w, readers: r, writerSQL: writer, readersSQL: readers, keyLocks: newKeyLocks()}, nil
}

// dsn returns the driver's name of the file at path, with the pragmas and
// one more query parameter.
func dsn(path, extra string) string { return path + "?" + pragmas + "&" + extra }

// Pool returns the one-connection writer: for migrations, pings and the
// pool's metrics. Statements go through the stores.
func (db *DB) Pool() *sql.DB { return db.writerSQL }

// Close stops the live stream's hub, if any, then closes both pools.
func (db *DB) Close() error {
	if h := db.events.Load(); h != nil {
		h.Stop()
	}
	return errors.Join(db.writerSQL.Close(), db.readersSQL.Close())
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
