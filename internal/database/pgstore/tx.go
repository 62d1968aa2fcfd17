package pgstore

import (
	"context"

	"gorm.io/gorm"

	"github.com/orders-api/orders-api/internal/database/sqldb"
)

// tx returns the transaction of db that ctx carries, if any (see sqldb.TxOf).
func (db *DB) tx(ctx context.Context) (*sqldb.Tx, bool) { return sqldb.TxOf[DB, sqldb.Tx](ctx, db) }

// conn returns what a statement runs on: the transaction ctx carries, or
// the pool.
func (db *DB) conn(ctx context.Context) *gorm.DB {
	if t, ok := db.tx(ctx); ok {
		return t.Conn(ctx)
	}
	return db.gorm.WithContext(ctx)
}

// inTx runs fn in a transaction, begun at once, carried by the ctx given to
// fn. When ctx already carries one, fn runs in it (no nesting, no
// savepoint): the outermost caller commits or rolls back.
func (db *DB) inTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := db.tx(ctx); ok {
		return fn(ctx)
	}
	t := sqldb.NewTx(ctx, db.gorm, Classify)
	defer t.Rollback() // unless committed, also when fn panics
	if err := t.Begin(); err != nil {
		return err
	}
	if err := fn(sqldb.WithTx(ctx, db, &t)); err != nil {
		return err
	}
	return t.Commit()
}
