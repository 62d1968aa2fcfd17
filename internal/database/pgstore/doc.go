// Package pgstore is the PostgreSQL engine of the storage: it implements
// order.Store, auth.KeyStore and idempotency.Store with GORM over pgx, and
// attempt retention, in PostgreSQL's own SQL: arrays, row locks, advisory
// locks. What it shares with sqlitestore (rows, converters, filters, the
// transaction in a context, error mapping) is in sqldb.
//
// Hot paths are raw SQL with numbered placeholders, which GORM hands to pgx
// as they are, so slices travel as PostgreSQL arrays and each statement text
// is constant (one prepared statement per connection, whatever the batch
// size). Outside a transaction, queries run on the pgx connection itself
// (see query): no GORM statement, no database/sql conversion of each value.
//
// Room for what comes next: row leasing (SELECT ... FOR UPDATE SKIP LOCKED)
// and notification (LISTEN/NOTIFY) are this package's, beside the stores.
package pgstore
