package database

import (
	"context"
	"time"
)

// Attempt retention (orders-api retention): old attempts are deleted store
// by store, oldest first, in short statements that each delete at most a
// batch, so that no transaction holds many row locks or runs long, and the
// orders and their summaries are never touched (SPEC 5.3). Each engine says
// it its own way (pgstore, sqlitestore).

// AttemptStores returns the stores that have attempts, in order.
func (db *DB) AttemptStores(ctx context.Context) ([]string, error) {
	return db.engine.AttemptStores(ctx)
}

// CountAttemptsBefore returns how many attempts of storeID occurred before
// cutoff: the dry run.
func (db *DB) CountAttemptsBefore(ctx context.Context, storeID string, cutoff time.Time) (int64, error) {
	return db.engine.CountAttemptsBefore(ctx, storeID, cutoff)
}

// DeleteAttemptsBefore deletes up to limit attempts of storeID that occurred
// before cutoff, the oldest first, in one statement (its own transaction),
// and returns how many it deleted. Callers loop until it deletes fewer than
// limit.
func (db *DB) DeleteAttemptsBefore(ctx context.Context, storeID string, cutoff time.Time, limit int) (int64, error) {
	return db.engine.DeleteAttemptsBefore(ctx, storeID, cutoff, limit)
}
