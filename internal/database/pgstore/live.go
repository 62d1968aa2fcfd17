package pgstore

import (
	"context"
	"log/slog"

	"github.com/orders-api/orders-api/internal/database/sqldb"
	"github.com/orders-api/orders-api/internal/order"
)

// liveStore is the storage of SPEC 10 (order.LiveStore) on PostgreSQL:
// live streams (events.go), statistics and exports.
type liveStore struct {
	db  *DB
	hub *sqldb.EventHub
}

// Live returns the store of live streams, statistics and exports. Its
// streams share the DB's one hub, made by the first call (with logger).
func (db *DB) Live(logger *slog.Logger) order.LiveStore {
	h := db.events.Load()
	if h == nil {
		db.events.CompareAndSwap(nil, sqldb.NewEventHub(pgEvents{db}, logger))
		h = db.events.Load()
	}
	return liveStore{db: db, hub: h}
}

// wakeEvents tells the hub, if any, that attempts were committed.
func (db *DB) wakeEvents() {
	if h := db.events.Load(); h != nil {
		h.Poke()
	}
}

// onCommit runs f once the transaction of ctx commits (at once without one).
func (db *DB) onCommit(ctx context.Context, f func()) {
	if t, ok := db.tx(ctx); ok {
		t.OnCommit(f)
		return
	}
	f()
}

// Subscribe opens a feed of storeID's attempts (see sqldb.EventHub).
func (s liveStore) Subscribe(ctx context.Context, storeID string, f order.StreamFilter,
	after *order.EventPos) (order.Feed, error) {
	return s.hub.Subscribe(ctx, storeID, f, after)
}

// Stats returns the statistics of SPEC 10.2 (see sqldb.StatsReader).
func (s liveStore) Stats(ctx context.Context, storeID string, q order.StatsQuery) (order.Stats, error) {
	return s.stats().Stats(ctx, storeID, q)
}

// stats is the reader of Stats on db.
func (s liveStore) stats() sqldb.StatsReader {
	return sqldb.StatsReader{Conn: s.db.conn, Classify: Classify, Log: s.hub.Log(), Fold: s.foldCounts}
}

// foldCountsSQL replaces the deltas of (store, system) by their sums in
// one statement: a delta committed meanwhile is not seen, so not deleted,
// and stays for the next sum. $1 store, $2 system.
const foldCountsSQL = `WITH gone AS (
		DELETE FROM integration_state_counts WHERE store_id = $1 AND system = $2 RETURNING status, n)
	INSERT INTO integration_state_counts (store_id, system, status, n)
	SELECT $1, $2, status, sum(n) FROM gone GROUP BY status`

// foldCounts replaces the deltas of (store, system) by their sums.
func (s liveStore) foldCounts(ctx context.Context, storeID, system string) error {
	return Classify(s.db.conn(ctx).Exec(foldCountsSQL, storeID, system).Error, "fold state counts")
}

// ExportAttempts walks every attempt of storeID matching f, newest first, in
// chunks of sqldb.ExportChunk: each chunk is the history page query of the
// chunk's size after the previous chunk's last key, joined to the orders'
// numbers. A ctx that is done (a client gone) ends the walk at the next
// statement.
func (s liveStore) ExportAttempts(ctx context.Context, storeID string, f order.AttemptFilter,
	fn func([]order.ExportRow) error) error {
	f.After = nil
	out := make([]order.ExportRow, 0, sqldb.ExportChunk)
	for {
		text, args := sqldb.ExportQuery(storeID, f)
		rows, err := query[sqldb.ExportRow](ctx, s.db, text, args...)
		if err != nil {
			return Classify(err, "export attempts")
		}
		out = sqldb.ExportRows(rows, out[:0])
		if len(out) > 0 {
			if err := fn(out); err != nil {
				return err
			}
		}
		if len(rows) < sqldb.ExportChunk {
			return nil
		}
		k := out[len(out)-1].Attempt.Key()
		f.After = &k
	}
}

// firstSuccessSQL lowers first_success_at of the given states: $1 store,
// $2 order ids, $3 systems, $4 times.
const firstSuccessSQL = `UPDATE order_integrations oi SET first_success_at = u.at
	FROM unnest($2::uuid[], $3::text[], $4::timestamptz[]) AS u(order_id, system, at)
	WHERE oi.store_id = $1 AND oi.order_id = u.order_id AND oi.system = u.system
		AND (oi.first_success_at IS NULL OR oi.first_success_at > u.at)`

// recordFirstSuccesses lowers each touched state's first_success_at to the
// batch's earliest success for it (sqldb.FirstSuccessesOf), in one
// statement of the record's transaction, after the states were written,
// under the orders' locks.
func (s orderStore) recordFirstSuccesses(ctx context.Context, storeID string, attempts []*order.Attempt,
	results []error) error {
	f := sqldb.FirstSuccessesOf(attempts, results)
	if len(f.OrderIDs) == 0 {
		return nil
	}
	err := s.db.conn(ctx).Exec(firstSuccessSQL, storeID, pgUUIDs(f.OrderIDs), f.Systems, f.At).Error
	return Classify(err, "write first successes")
}
