package database

import (
	"context"

	"github.com/orders-api/orders-api/internal/order"
)

// foldAfter is how many delta rows of one (store, system) Stats lets pile
// up before it folds them into one per status.
const foldAfter = 64

// The folds of the states' counts. On PostgreSQL one statement deletes the
// deltas it sees and inserts their sums: a delta committed meanwhile is not
// seen, so not deleted, and stays for the next sum. On SQLite the fold runs
// in a write transaction, which no recording transaction shares.
const (
	pgFoldCountsSQL = `WITH gone AS (
			DELETE FROM integration_state_counts WHERE store_id = $1 AND system = $2 RETURNING status, n)
		INSERT INTO integration_state_counts (store_id, system, status, n)
		SELECT $1, $2, status, sum(n) FROM gone GROUP BY status`

	sqliteFoldSumsSQL = `INSERT INTO integration_state_counts (store_id, system, status, n)
		SELECT store_id, system, status, sum(n) FROM integration_state_counts
		WHERE store_id = $1 AND system = $2 GROUP BY store_id, system, status`
	sqliteFoldDeleteSQL = `DELETE FROM integration_state_counts WHERE store_id = $1 AND system = $2 AND rowid <= $3`
	sqliteMaxRowSQL     = `SELECT coalesce(max(rowid), 0) FROM integration_state_counts WHERE store_id = $1 AND system = $2`
)

// stateRowCount is a row of statsStatesSQL.
type stateRowCount struct {
	status string
	sum    int64
	rows   int64
}

// stateCounts returns the store's orders by system's current state, and
// folds the deltas when they piled up. A failed fold changes no sum: it is
// only logged.
func (s liveStore) stateCounts(ctx context.Context, storeID, system string) (order.StatusCounts, error) {
	rows, err := scanRows(s.db.conn(ctx), func(r *stateRowCount) []any { return []any{&r.status, &r.sum, &r.rows} },
		statsStatesSQL, storeID, system)
	if err != nil {
		return order.StatusCounts{}, classify(err, "count states")
	}
	var c order.StatusCounts
	var deltas int64
	for _, r := range rows {
		c.Add(order.AttemptStatus(r.status), r.sum)
		deltas += r.rows
	}
	if deltas > foldAfter {
		if err := s.foldCounts(ctx, storeID, system); err != nil && ctx.Err() == nil {
			s.db.logger.WarnContext(ctx, "statistics: unable to fold the state counts", "error", err.Error())
		}
	}
	return c, nil
}

// foldCounts replaces the deltas of (store, system) by their sums.
func (s liveStore) foldCounts(ctx context.Context, storeID, system string) error {
	if !s.db.isSQLite() {
		return classify(s.db.conn(ctx).Exec(pgFoldCountsSQL, storeID, system).Error, "fold state counts")
	}
	return s.db.inTx(ctx, func(ctx context.Context) error {
		conn := s.db.conn(ctx)
		last, err := scanRows(conn, func(n *int64) []any { return []any{n} }, sqliteMaxRowSQL, storeID, system)
		if err != nil || len(last) != 1 {
			return classify(err, "fold state counts")
		}
		if err := conn.Exec(sqliteFoldSumsSQL, storeID, system).Error; err != nil {
			return classify(err, "fold state counts")
		}
		return classify(conn.Exec(sqliteFoldDeleteSQL, storeID, system, last[0]).Error, "fold state counts")
	})
}
