package sqldb

import (
	"context"

	"gorm.io/gorm"
)

// Tx is a transaction of an engine's InTx, begun at once (pgstore) or at
// its first statement (sqlitestore). It is used by one goroutine at a time,
// like the connection under it.
type Tx struct {
	ctx      context.Context // InTx's, which bounds the transaction
	pool     *gorm.DB
	classify func(err error, action string) error // the engine's
	tx       *gorm.DB                             // nil until begun, and once ended
	err      error                                // why it could not begin, returned by every statement
	// committed run once the transaction has committed (see OnCommit)
	committed []func()
}

// OnCommit has f run once t has committed (never on a rollback): how a
// writer wakes the live stream's hub after its attempts are visible.
func (t *Tx) OnCommit(f func()) { t.committed = append(t.committed, f) }

// NewTx returns a transaction on pool, bounded by ctx, not begun yet;
// classify is the engine's error mapping.
func NewTx(ctx context.Context, pool *gorm.DB, classify func(error, string) error) Tx {
	return Tx{ctx: ctx, pool: pool, classify: classify}
}

// Begin begins the transaction, once. A failure is remembered: every
// statement in the transaction returns it.
func (t *Tx) Begin() error {
	if t.tx == nil && t.err == nil {
		tx := t.pool.WithContext(t.ctx).Begin()
		if tx.Error != nil {
			t.err = t.classify(tx.Error, "begin a transaction")
		} else {
			t.tx = tx
		}
	}
	return t.err
}

// Conn returns what a statement of ctx runs on in t: the transaction, begun
// now if need be, or, when it could not begin, a session on which every
// statement fails with why, running nothing.
func (t *Tx) Conn(ctx context.Context) *gorm.DB {
	if err := t.Begin(); err != nil {
		g := t.pool.WithContext(ctx)
		_ = g.AddError(err)
		return g
	}
	return t.tx.WithContext(ctx)
}

// Commit commits the transaction, if it began.
func (t *Tx) Commit() error {
	if t.tx == nil {
		return t.err
	}
	err := t.tx.Commit().Error
	t.tx = nil
	if err != nil {
		return t.classify(err, "commit a transaction")
	}
	for _, f := range t.committed {
		f()
	}
	t.committed = nil
	return nil
}

// Rollback rolls back a transaction that began and was not committed: fn
// failed or panicked, and its error is the one to return.
func (t *Tx) Rollback() {
	if t.tx != nil {
		t.tx.Rollback()
		t.tx = nil
	}
}

// txKey is the context key of the transactions of owners of type O
// carrying transactions of type T.
type txKey[O, T any] struct{}

// carried is a transaction in a context, with the DB that started it, so
// that a context carrying another DB's transaction is not mistaken for ours.
type carried[O, T any] struct {
	owner *O
	tx    *T
}

// WithTx returns ctx carrying tx, a transaction of owner.
func WithTx[O, T any](ctx context.Context, owner *O, tx *T) context.Context {
	return context.WithValue(ctx, txKey[O, T]{}, carried[O, T]{owner: owner, tx: tx})
}

// TxOf returns the transaction of owner that ctx carries, if any.
//
// This is where a transaction is joined through a context, and the only
// place: every store method of an engine gets its connection through it, so
// a method called with a ctx that InTx gave (or one derived from it) runs
// in that transaction. That is how the idempotency middleware
// (internal/httpapi/idempotent.go) puts a handler's writes, and the
// outcome it stores, in the one transaction that holds the key: it calls
// idempotency.Store.InTx, and the handler's order.Store calls run with the
// request context InTx gave. Nothing else starts or joins a transaction;
// nested InTx calls run in the outer one (no savepoints).
func TxOf[O, T any](ctx context.Context, owner *O) (*T, bool) {
	v, ok := ctx.Value(txKey[O, T]{}).(carried[O, T])
	if !ok || v.owner != owner {
		return nil, false
	}
	return v.tx, true
}
