package sqldb

import (
	"time"

	"gorm.io/gorm"
)

// The parts of retention and of the idempotency purge that both engines
// run alike; each engine's delete statement (PostgreSQL's by ctid or with
// SKIP LOCKED, SQLite's by rowid) stays its own.

// ListAttemptStores returns the stores that have attempts, in order,
// through q.
func ListAttemptStores(q Query[Value[string]], classify Classify) ([]string, error) {
	stores, err := q(AttemptStoresSQL)
	return Values(stores), classify(err, "list the stores with attempts")
}

// CountAttemptsBefore returns how many attempts of storeID occurred before
// cutoff, through q: retention's dry run.
func CountAttemptsBefore(q Query[Value[int64]], classify Classify, storeID string, cutoff time.Time) (int64, error) {
	n, err := q(CountOldAttemptsSQL, storeID, cutoff)
	if err != nil || len(n) == 0 {
		return 0, classify(err, "count old attempts")
	}
	return n[0].V, nil
}

// DeleteBatch runs an engine's batch delete, stmt, on g with args then
// limit as its last argument, and returns how many rows it deleted; a
// limit of zero or less deletes nothing. Callers loop until it deletes
// fewer than limit, so that no statement holds many locks or runs long.
func DeleteBatch(g *gorm.DB, classify Classify, action, stmt string, limit int, args ...any) (int64, error) {
	if limit <= 0 {
		return 0, nil
	}
	n, err := Exec(g, stmt, append(args, limit)...)
	if err != nil {
		return 0, classify(err, action)
	}
	return n, nil
}
