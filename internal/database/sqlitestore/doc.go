// Package sqlitestore is the SQLite engine of the storage, the embedded
// zero-setup database: it implements order.Store, auth.KeyStore and
// idempotency.Store with GORM over the pure-Go SQLite driver, and attempt
// retention, in SQLite's own SQL: JSON arrays for id lists, one statement
// per row (in process, a statement costs microseconds), no row locks (one
// writer), in-process idempotency locks (see keyLocks). What it shares with
// pgstore (rows, converters, filters, the transaction in a context, error
// mapping) is in sqldb.
//
// Two pools share the file (see Open): every statement says which it needs,
// read or write (see DB.read and DB.write).
//
// Room for what comes next: row leasing and notification, which PostgreSQL
// does with SKIP LOCKED and LISTEN/NOTIFY, are in process here, beside the
// stores, since the embedded database serves one process.
package sqlitestore
