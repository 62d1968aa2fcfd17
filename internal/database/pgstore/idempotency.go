package pgstore

import (
	"context"
	"time"

	"github.com/orders-api/orders-api/internal/database/sqldb"
	"github.com/orders-api/orders-api/internal/idempotency"
)

// idempotencyStore implements idempotency.Store on PostgreSQL.
type idempotencyStore struct{ db *DB }

// LockKeySQL takes an Idempotency-Key's transaction-level advisory lock,
// at once or not at all: $1 store, $2 key.
const LockKeySQL = `SELECT pg_try_advisory_xact_lock(hashtextextended($1 || ':' || $2, 0))`

// InTx runs fn in one transaction, carried by the ctx given to fn; the
// stores' methods called with that ctx run in it (see sqldb.TxOf). A
// transaction is one connection: fn must not use its ctx from several
// goroutines at once.
func (s idempotencyStore) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	return s.db.inTx(ctx, fn)
}

// Lock takes (storeID, key) for the rest of the transaction of ctx with a
// transaction-level advisory lock. It returns false at once when another
// transaction holds it.
func (s idempotencyStore) Lock(ctx context.Context, storeID, key string) (bool, error) {
	if _, ok := s.db.tx(ctx); !ok {
		return false, sqldb.ErrLockOutsideTx
	}
	var locked bool
	err := s.db.conn(ctx).Raw(LockKeySQL, storeID, key).Scan(&locked).Error
	return locked, Classify(err, "lock an idempotency key")
}

// Response returns the stored outcome of (storeID, key), or nil.
func (s idempotencyStore) Response(ctx context.Context, storeID, key string) (*idempotency.Response, error) {
	r, err := sqldb.FindResponse(s.db.conn(ctx), storeID, key)
	return r, Classify(err, "read an idempotent response")
}

// SaveResponse stores the outcome of the request holding (storeID, key).
func (s idempotencyStore) SaveResponse(ctx context.Context, storeID, key string, r idempotency.Response) error {
	return Classify(sqldb.SaveResponse(s.db.conn(ctx), storeID, key, r), "save an idempotent response")
}

// purgeSQL deletes a batch of old outcomes, skipping rows that a concurrent
// purge (another replica's) has locked: $1 created before, $2 limit.
const purgeSQL = `DELETE FROM idempotency_keys k USING (
		SELECT store_id, key FROM idempotency_keys WHERE created_at < $1 ORDER BY created_at LIMIT $2
		FOR UPDATE SKIP LOCKED) old
	WHERE k.store_id = old.store_id AND k.key = old.key`

// Purge deletes up to limit outcomes created before before, oldest first,
// and returns how many it deleted. Callers loop until it returns less than
// limit, so no statement holds many locks or runs long.
func (s idempotencyStore) Purge(ctx context.Context, before time.Time, limit int) (int64, error) {
	return sqldb.DeleteBatch(s.db.conn(ctx), Classify, "purge idempotent responses", purgeSQL, limit, before)
}
