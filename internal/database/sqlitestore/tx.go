package sqlitestore

import (
	"context"

	"gorm.io/gorm"

	"github.com/orders-api/orders-api/internal/database/sqldb"
)

// tx is a transaction of inTx, with the idempotency keys it holds until it
// ends (see keyLocks).
type tx struct {
	sqldb.Tx
	keys []string
}

// tx returns the transaction of db that ctx carries, if any (see sqldb.TxOf).
func (db *DB) tx(ctx context.Context) (*tx, bool) { return sqldb.TxOf[DB, tx](ctx, db) }

// read returns what a read runs on: the transaction ctx carries (begun now
// if need be), or the readers.
func (db *DB) read(ctx context.Context) *gorm.DB {
	if t, ok := db.tx(ctx); ok {
		return t.Conn(ctx)
	}
	return db.readers.WithContext(ctx)
}

// write returns what a write runs on: the transaction ctx carries (begun
// now if need be), or the writer.
func (db *DB) write(ctx context.Context) *gorm.DB {
	if t, ok := db.tx(ctx); ok {
		return t.Conn(ctx)
	}
	return db.writer.WithContext(ctx)
}

// inTx runs fn in a transaction on the writer carried by the ctx given to
// fn. When ctx already carries one, fn runs in it (no nesting, no
// savepoint): the outermost caller commits or rolls back.
//
// The transaction begins at its first statement, not here. SQLite has one
// writer, so a transaction waits for it when it begins; lazily, an
// idempotency key is locked (in process) before that wait, and a request
// whose key is in flight gets its 409 at once.
func (db *DB) inTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := db.tx(ctx); ok {
		return fn(ctx)
	}
	t := &tx{Tx: sqldb.NewTx(ctx, db.writer, Classify)}
	defer db.end(t) // rolls back unless committed, also when fn panics
	if err := fn(sqldb.WithTx(ctx, db, t)); err != nil {
		return err
	}
	return t.Commit()
}

// end rolls back a transaction that was not committed, then frees its
// idempotency keys: after the commit, so that a request that takes a key
// next sees the outcome stored under it.
func (db *DB) end(t *tx) {
	t.Rollback()
	db.keyLocks.release(t.keys)
}
