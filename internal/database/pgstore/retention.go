package pgstore

import (
	"context"
	"time"

	"github.com/orders-api/orders-api/internal/database/sqldb"
)

// Attempt retention: old attempts are deleted store by store, oldest first,
// in short statements that each delete at most a batch, so that no
// transaction holds many row locks or runs long. Deleting attempts locks
// only those rows: inserts and reads go on, and the orders and their states
// are never touched, so every summary stays as it was (an order keeps its
// state and its attempts count, SPEC 5.3, even when the attempts behind
// them are gone). The statements walk the index (store_id, occurred_at
// DESC, seq DESC), the one behind the store-wide history, so retention
// needs no index of its own on a table where each index costs every insert.

// DeleteOldAttemptsSQL is retention's batch, oldest first: $1 store, $2
// cutoff, $3 limit. It deletes by the physical addresses of its rows (a TID
// scan): joining on id instead, the planner may hash the batch and scan the
// whole table for it. Attempts are never updated, so their addresses hold
// for the statement.
const DeleteOldAttemptsSQL = `DELETE FROM integration_attempts WHERE ctid = ANY (ARRAY(
			SELECT ctid FROM integration_attempts WHERE store_id = $1 AND occurred_at < $2
			ORDER BY occurred_at, seq LIMIT $3))`

// AttemptStores returns the stores that have attempts, in order.
func (db *DB) AttemptStores(ctx context.Context) ([]string, error) {
	return sqldb.ListAttemptStores(queryFn[sqldb.Value[string]](ctx, db), Classify)
}

// CountAttemptsBefore returns how many attempts of storeID occurred before
// cutoff: the dry run. When they are a large part of the store, PostgreSQL
// rightly counts them with a sequential scan: a read, which locks nothing.
func (db *DB) CountAttemptsBefore(ctx context.Context, storeID string, cutoff time.Time) (int64, error) {
	return sqldb.CountAttemptsBefore(queryFn[sqldb.Value[int64]](ctx, db), Classify, storeID, cutoff)
}

// DeleteAttemptsBefore deletes up to limit attempts of storeID that occurred
// before cutoff, the oldest first, in one statement (its own transaction),
// and returns how many it deleted. Callers loop until it deletes fewer than
// limit.
func (db *DB) DeleteAttemptsBefore(ctx context.Context, storeID string, cutoff time.Time, limit int) (int64, error) {
	return sqldb.DeleteBatch(db.conn(ctx), Classify, "delete old attempts", DeleteOldAttemptsSQL, limit, storeID, cutoff)
}
