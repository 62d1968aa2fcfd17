package database

import (
	"context"
	"time"
)

// Attempt retention (orders-api retention): old attempts are deleted store
// by store, oldest first, in short statements that each delete at most a
// batch, so that no transaction holds many row locks or runs long. Deleting
// attempts locks only those rows: inserts and reads go on, and the orders
// and their states are never touched, so every summary stays as it was
// (an order keeps its state and its attempts count, SPEC 5.3, even when the
// attempts behind them are gone).
//
// The statements walk the index (store_id, occurred_at DESC, seq DESC), the
// one behind the store-wide history, so retention needs no index of its own
// on a table where each index costs every insert. They are plain SQL with
// numbered placeholders in order, which both dialects run, except the
// delete, which each dialect says its own way (dialect.deleteOldSQL).
const (
	// attemptStoresSQL lists the stores with attempts by a skip scan of the
	// store index: one index probe per store, not a scan of the table.
	attemptStoresSQL = `WITH RECURSIVE s(store_id) AS (
			SELECT (SELECT store_id FROM integration_attempts ORDER BY store_id LIMIT 1)
			UNION ALL
			SELECT (SELECT a.store_id FROM integration_attempts a WHERE a.store_id > s.store_id ORDER BY a.store_id LIMIT 1)
			FROM s WHERE s.store_id IS NOT NULL)
		SELECT store_id FROM s WHERE store_id IS NOT NULL`

	countOldAttemptsSQL = `SELECT count(*) FROM integration_attempts WHERE store_id = $1 AND occurred_at < $2`

	// deleteOldAttemptsSQL, PostgreSQL's, deletes a batch by the physical
	// addresses of its rows (a TID scan): joining on id instead, the planner
	// may hash the batch and scan the whole table for it. Attempts are never updated, so
	// their addresses hold for the statement.
	deleteOldAttemptsSQL = `DELETE FROM integration_attempts WHERE ctid = ANY (ARRAY(
			SELECT ctid FROM integration_attempts WHERE store_id = $1 AND occurred_at < $2
			ORDER BY occurred_at, seq LIMIT $3))`
)

// AttemptStores returns the stores that have attempts, in order.
func (db *DB) AttemptStores(ctx context.Context) ([]string, error) {
	stores, err := scanRows(db.conn(ctx), func(s *string) []any { return []any{s} }, attemptStoresSQL)
	return stores, classify(err, "list the stores with attempts")
}

// CountAttemptsBefore returns how many attempts of storeID occurred before
// cutoff: the dry run. When they are a large part of the store, PostgreSQL
// rightly counts them with a sequential scan: a read, which locks nothing.
func (db *DB) CountAttemptsBefore(ctx context.Context, storeID string, cutoff time.Time) (int64, error) {
	n, err := scanRows(db.conn(ctx), func(n *int64) []any { return []any{n} }, countOldAttemptsSQL, storeID, cutoff)
	if err != nil || len(n) == 0 {
		return 0, classify(err, "count old attempts")
	}
	return n[0], nil
}

// DeleteAttemptsBefore deletes up to limit attempts of storeID that occurred
// before cutoff, the oldest first, in one statement (its own transaction),
// and returns how many it deleted. Callers loop until it deletes fewer than
// limit.
func (db *DB) DeleteAttemptsBefore(ctx context.Context, storeID string, cutoff time.Time, limit int) (int64, error) {
	if limit <= 0 {
		return 0, nil
	}
	res := db.conn(ctx).Exec(db.dialect.deleteOldSQL, storeID, cutoff, limit)
	if res.Error != nil {
		return 0, classify(res.Error, "delete old attempts")
	}
	return res.RowsAffected, nil
}
