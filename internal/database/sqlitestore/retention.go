package sqlitestore

import (
	"context"
	"time"

	"github.com/orders-api/orders-api/internal/database/sqldb"
)

// Attempt retention, as on PostgreSQL (see pgstore): store by store, oldest
// first, in short statements of at most a batch each, along the index
// (store_id, occurred_at DESC, seq DESC); orders and their states are never
// touched.

// DeleteOldAttemptsSQL is retention's batch, oldest first, by seq, the
// rowid: $1 store, $2 cutoff, $3 limit.
const DeleteOldAttemptsSQL = `DELETE FROM integration_attempts WHERE seq IN (
			SELECT seq FROM integration_attempts WHERE store_id = $1 AND occurred_at < $2
			ORDER BY occurred_at, seq LIMIT $3)`

// AttemptStores returns the stores that have attempts, in order.
func (db *DB) AttemptStores(ctx context.Context) ([]string, error) {
	return sqldb.ListAttemptStores(queryFn[sqldb.Value[string]](db.read(ctx)), Classify)
}

// CountAttemptsBefore returns how many attempts of storeID occurred before
// cutoff: the dry run.
func (db *DB) CountAttemptsBefore(ctx context.Context, storeID string, cutoff time.Time) (int64, error) {
	return sqldb.CountAttemptsBefore(queryFn[sqldb.Value[int64]](db.read(ctx)), Classify, storeID, cutoff)
}

// DeleteAttemptsBefore deletes up to limit attempts of storeID that occurred
// before cutoff, the oldest first, in one statement (its own transaction),
// and returns how many it deleted. Callers loop until it deletes fewer than
// limit.
func (db *DB) DeleteAttemptsBefore(ctx context.Context, storeID string, cutoff time.Time, limit int) (int64, error) {
	return sqldb.DeleteBatch(db.write(ctx), Classify, "delete old attempts", DeleteOldAttemptsSQL, limit, storeID, cutoff)
}
