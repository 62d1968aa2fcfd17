package sqlitestore

import (
	"context"
	"time"

	"github.com/orders-api/orders-api/internal/database/sqldb"
	"github.com/orders-api/orders-api/internal/idempotency"
)

// idempotencyStore implements idempotency.Store on SQLite.
type idempotencyStore struct{ db *DB }

// InTx runs fn in one transaction, carried by the ctx given to fn; the
// stores' methods called with that ctx run in it (see sqldb.TxOf). A
// transaction is one connection: fn must not use its ctx from several
// goroutines at once.
func (s idempotencyStore) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	return s.db.inTx(ctx, fn)
}

// Lock takes (storeID, key) for the rest of the transaction of ctx, in
// process (see keyLocks). It returns false at once when another transaction
// holds it.
func (s idempotencyStore) Lock(ctx context.Context, storeID, key string) (bool, error) {
	t, ok := s.db.tx(ctx)
	if !ok {
		return false, sqldb.ErrLockOutsideTx
	}
	return s.db.keyLocks.tryLock(t, storeID, key), nil
}

// Response returns the stored outcome of (storeID, key), or nil.
func (s idempotencyStore) Response(ctx context.Context, storeID, key string) (*idempotency.Response, error) {
	r, err := sqldb.FindResponse(s.db.read(ctx), storeID, key)
	return r, Classify(err, "read an idempotent response")
}

// SaveResponse stores the outcome of the request holding (storeID, key).
func (s idempotencyStore) SaveResponse(ctx context.Context, storeID, key string, r idempotency.Response) error {
	return Classify(sqldb.SaveResponse(s.db.write(ctx), storeID, key, r), "save an idempotent response")
}

// purgeSQL deletes a batch of old outcomes, oldest first: $1 created
// before, $2 limit.
const purgeSQL = `DELETE FROM idempotency_keys WHERE rowid IN (
		SELECT rowid FROM idempotency_keys WHERE created_at < $1 ORDER BY created_at LIMIT $2)`

// Purge deletes up to limit outcomes created before before, oldest first,
// and returns how many it deleted. Callers loop until it returns less than
// limit, so no statement runs long.
func (s idempotencyStore) Purge(ctx context.Context, before time.Time, limit int) (int64, error) {
	return sqldb.DeleteBatch(s.db.write(ctx), Classify, "purge idempotent responses", purgeSQL, limit, before)
}
