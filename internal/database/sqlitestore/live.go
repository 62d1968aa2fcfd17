package sqlitestore

import (
	"context"
	"log/slog"

	"github.com/orders-api/orders-api/internal/database/sqldb"
	"github.com/orders-api/orders-api/internal/order"
)

// liveStore is the storage of SPEC 10 (order.LiveStore) on SQLite: live
// streams (events.go), statistics and exports, all reads of the readers
// but the fold of the states' counts.
type liveStore struct {
	db  *DB
	hub *sqldb.EventHub
}

// Live returns the store of live streams, statistics and exports. Its
// streams share the DB's one hub, made by the first call (with logger).
func (db *DB) Live(logger *slog.Logger) order.LiveStore {
	h := db.events.Load()
	if h == nil {
		db.events.CompareAndSwap(nil, sqldb.NewEventHub(sqliteEvents{db}, logger))
		h = db.events.Load()
	}
	return liveStore{db: db, hub: h}
}

// wakeEvents tells the hub, if any, that attempts were committed: on
// SQLite that is how it hears of them (one process owns the file).
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
	r := sqldb.StatsReader{Conn: s.db.read, Classify: Classify, Log: s.hub.Log(), Fold: s.foldCounts}
	return r.Stats(ctx, storeID, q)
}

// The fold of the states' counts, in a write transaction, which no
// recording transaction shares: the sums of the deltas up to the last
// rowid are inserted, then those deltas deleted.
const (
	foldSumsSQL = `INSERT INTO integration_state_counts (store_id, system, status, n)
		SELECT store_id, system, status, sum(n) FROM integration_state_counts
		WHERE store_id = $1 AND system = $2 GROUP BY store_id, system, status`
	foldDeleteSQL = `DELETE FROM integration_state_counts WHERE store_id = $1 AND system = $2 AND rowid <= $3`
	maxRowSQL     = `SELECT coalesce(max(rowid), 0) FROM integration_state_counts WHERE store_id = $1 AND system = $2`
)

// foldCounts replaces the deltas of (store, system) by their sums.
func (s liveStore) foldCounts(ctx context.Context, storeID, system string) error {
	return s.db.inTx(ctx, func(ctx context.Context) error {
		conn := s.db.write(ctx)
		last, err := query[sqldb.Value[int64]](conn, maxRowSQL, storeID, system)
		if err != nil || len(last) != 1 {
			return Classify(err, "fold state counts")
		}
		if err := conn.Exec(foldSumsSQL, storeID, system).Error; err != nil {
			return Classify(err, "fold state counts")
		}
		return Classify(conn.Exec(foldDeleteSQL, storeID, system, last[0].V).Error, "fold state counts")
	})
}

// ExportAttempts walks every attempt of storeID matching f, newest first, in
// chunks of sqldb.ExportChunk (each the history page query after the
// previous chunk's last key, joined to the orders' numbers), on the
// readers. A ctx that is done ends the walk at the next statement.
func (s liveStore) ExportAttempts(ctx context.Context, storeID string, f order.AttemptFilter,
	fn func([]order.ExportRow) error) error {
	f.After = nil
	out := make([]order.ExportRow, 0, sqldb.ExportChunk)
	for {
		text, args := sqldb.ExportQuery(storeID, f)
		rows, err := query[sqldb.ExportRow](s.db.read(ctx), text, args...)
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

// firstSuccessSQL lowers one state's first_success_at: $1 store, $2 order,
// $3 system, $4 time (fixed-width text, so text order is time order).
const firstSuccessSQL = `UPDATE order_integrations SET first_success_at = $4
	WHERE store_id = $1 AND order_id = $2 AND system = $3
		AND (first_success_at IS NULL OR first_success_at > $4)`

// recordFirstSuccesses lowers each touched state's first_success_at to the
// batch's earliest success for it (sqldb.FirstSuccessesOf), one statement
// per state, in the record's transaction.
func (s orderStore) recordFirstSuccesses(ctx context.Context, storeID string, attempts []*order.Attempt,
	results []error) error {
	f := sqldb.FirstSuccessesOf(attempts, results)
	conn := s.db.write(ctx)
	for i := range f.OrderIDs {
		if err := conn.Exec(firstSuccessSQL, storeID, f.OrderIDs[i], f.Systems[i], f.At[i]).Error; err != nil {
			return Classify(err, "write first successes")
		}
	}
	return nil
}
