package database

import (
	"errors"
	"strings"

	gosqlite "github.com/glebarez/go-sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// sqliteConstraint returns the PostgreSQL name, which conflictDetail knows,
// of the unique constraint on cols as SQLite's errors name them: by their
// columns, not by the constraint's name.
func sqliteConstraint(cols string) string {
	switch cols {
	case "orders.store_id, orders.number":
		return "orders_store_number_key"
	case "idempotency_keys.store_id, idempotency_keys.key":
		return "idempotency_keys_pkey"
	}
	return ""
}

// sqliteConflict reports whether err violates a unique constraint on
// SQLite, and which one (its PostgreSQL name, or "" when unknown).
func sqliteConflict(err error) (constraint string, ok bool) {
	var e *gosqlite.Error
	if !errors.As(err, &e) || (e.Code() != sqlite3.SQLITE_CONSTRAINT_UNIQUE && e.Code() != sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY) {
		return "", false
	}
	_, cols, _ := strings.Cut(e.Error(), " constraint failed: ")
	cols, _, _ = strings.Cut(cols, " (")
	return sqliteConstraint(cols), true
}

// sqliteUnavailable reports whether err means that the SQLite file can't be
// used for now: locked by another process past busy_timeout, or an I/O
// failure, a full disk, a file that can't be opened. A retry later may work.
func sqliteUnavailable(err error) bool {
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
