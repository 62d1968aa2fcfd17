package sqlitestore

import (
	"errors"
	"strings"

	gosqlite "github.com/glebarez/go-sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/orders-api/orders-api/internal/database/sqldb"
)

// Classify turns a SQLite error into the error a store method returns: an
// *errs.Error for what a client can act on (Conflict, NotFound,
// Unavailable), else an internal error naming the action. Details never
// hold SQL text or parameters; the cause is kept for the log only.
func Classify(err error, action string) error {
	if known, ok := sqldb.Known(err); ok {
		return known
	}
	if constraint, ok := conflict(err); ok {
		return sqldb.Conflict(err, constraint)
	}
	if sqldb.Transient(err) || unavailable(err) {
		return sqldb.Unavailable(err)
	}
	return sqldb.Internal(err, action)
}

// constraint returns the PostgreSQL name, which sqldb.Conflict knows, of
// the unique constraint on cols as SQLite's errors name them: by their
// columns, not by the constraint's name.
func constraint(cols string) string {
	switch cols {
	case "orders.store_id, orders.number":
		return sqldb.OrderNumberKey
	case "idempotency_keys.store_id, idempotency_keys.key":
		return sqldb.IdempotencyKeyKey
	}
	return ""
}

// conflict reports whether err violates a unique constraint on
// SQLite, and which one (its PostgreSQL name, or "" when unknown).
func conflict(err error) (name string, ok bool) {
	var e *gosqlite.Error
	if !errors.As(err, &e) || (e.Code() != sqlite3.SQLITE_CONSTRAINT_UNIQUE && e.Code() != sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY) {
		return "", false
	}
	_, cols, _ := strings.Cut(e.Error(), " constraint failed: ")
	cols, _, _ = strings.Cut(cols, " (")
	return constraint(cols), true
}

// unavailable reports whether err means that the SQLite file can't be
// used for now: locked by another process past busy_timeout, or an I/O
// failure, a full disk, a file that can't be opened. A retry later may work.
func unavailable(err error) bool {
	var e *gosqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code() & 0xff { // the primary result code of an extended one
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL, sqlite3.SQLITE_CANTOPEN:
		return true
	}
	return false
}
