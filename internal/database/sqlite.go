package database

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/glebarez/sqlite"
	"github.com/pressly/goose/v3"
	"gorm.io/gorm"
)

// EmbeddedFile is the embedded SQLite database that Open uses when the URL
// is empty: the zero-setup default of SPEC 2, relative to the working
// directory.
const EmbeddedFile = "./data/orders.db"

// sqliteScheme starts the URL of an explicit SQLite file (see SQLiteURL).
const sqliteScheme = "sqlite://"

// SQLiteURL returns the URL under which Open takes the SQLite file at path,
// like sqlite:///tmp/x/orders.db: for tests and tools that want a file other
// than EmbeddedFile.
func SQLiteURL(path string) string { return sqliteScheme + path }

// sqlitePath returns the SQLite file a database URL names: EmbeddedFile for
// an empty URL, the path of a sqlite:// URL; false for any other URL.
func sqlitePath(databaseURL string) (string, bool) {
	if databaseURL == "" {
		return EmbeddedFile, true
	}
	path, ok := strings.CutPrefix(databaseURL, sqliteScheme)
	return path, ok && path != ""
}

// Two pools share the SQLite file. SQLite lets one connection write at a
// time, and a deferred transaction that reads and then writes fails at once
// (SQLITE_BUSY, whatever busy_timeout says) when another writer committed in
// between. So every write, and every transaction, goes through a pool of
// exactly one connection, where Go queues them in order without polling;
// each transaction is BEGIN IMMEDIATE, which takes the write lock up front
// and so also waits properly for another process (like `orders-api keys
// create` next to a running server). Reads outside transactions go to a
// pool of query-only connections, which WAL lets run beside the writer and
// which see every committed write. busy_timeout covers the other processes.
const sqliteMinReaders = 4

// sqlitePragmas are set on every connection: a 10 s busy_timeout, WAL
// (readers beside the writer), NORMAL sync (safe with WAL: a commit survives
// a crash of the process, not always one of the machine), foreign keys.
const sqlitePragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)" +
	"&_pragma=foreign_keys(1)"

// openSQLite opens (creating it and its directory if need be) the SQLite
// file at path.
func openSQLite(ctx context.Context, path string, logger *slog.Logger) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("database: unable to create the directory of the SQLite file: %w", err)
	}
	writer, err := sql.Open(sqlite.DriverName, sqliteDSN(path, "_txlock=immediate"))
	if err != nil {
		return nil, fmt.Errorf("database: unable to open: %w", err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	if err := writer.PingContext(ctx); err != nil { // creates the file and turns WAL on before any reader opens
		_ = writer.Close()
		return nil, classify(err, "open the SQLite file")
	}
	readers, err := sql.Open(sqlite.DriverName, sqliteDSN(path, "_pragma=query_only(1)"))
	if err != nil {
		_ = writer.Close()
		return nil, fmt.Errorf("database: unable to open: %w", err)
	}
	n := max(sqliteMinReaders, runtime.GOMAXPROCS(0))
	readers.SetMaxOpenConns(n)
	readers.SetMaxIdleConns(n)
	db, err := newSQLiteDB(writer, readers, logger)
	if err != nil {
		_ = writer.Close()
		_ = readers.Close()
		return nil, err
	}
	abs, _ := filepath.Abs(path)
	logger.InfoContext(ctx, "using the embedded SQLite database", slog.String("file", abs))
	return db, nil
}

// newSQLiteDB builds the DB of the two pools.
func newSQLiteDB(writer, readers *sql.DB, logger *slog.Logger) (*DB, error) {
	g, err := gorm.Open(&sqlite.Dialector{Conn: &sqlitePool{writer: writer, readers: readers}}, gormConfig())
	if err != nil {
		return nil, fmt.Errorf("database: unable to open: %w", err)
	}
	db := &DB{gorm: g, sql: writer, readers: readers, logger: logger, dialect: sqliteDialect(), keyLocks: newKeyLocks()}
	if db.goose, err = newProvider(writer, db.dialect, logger); err != nil {
		return nil, err
	}
	return db, nil
}

// sqliteDSN returns the driver's name of the file at path, with the pragmas
// and one more query parameter.
func sqliteDSN(path, extra string) string { return path + "?" + sqlitePragmas + "&" + extra }

// sqliteDialect is the embedded database's: no row locks (one writer), JSON
// arrays instead of PostgreSQL's, one statement per row, in-process
// idempotency locks (see keyLocks).
func sqliteDialect() dialect {
	return dialect{
		lazyBegin:     true,
		statesSQL:     sqliteStatesSQL,
		lockOrdersSQL: sqliteLockOrdersSQL,
		purgeSQL:      sqlitePurgeSQL,
		touchKeySQL:   sqliteTouchKeySQL,
		deleteOldSQL:  sqliteDeleteOldAttemptsSQL,
		record:        orderStore.recordRows,
		writeStates:   orderStore.writeStateRows,
		migrations:    "migrations/sqlite",
		goose:         goose.DialectSQLite3,
	}
}
