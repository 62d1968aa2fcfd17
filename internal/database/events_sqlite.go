package database

import (
	"context"
	"log/slog"

	"github.com/orders-api/orders-api/internal/order"
)

// On SQLite one connection writes, so attempts commit in seq order: an
// attempt's position is (0, seq), every committed attempt is final, and
// the hub hears of commits in process (onCommit), with the poll as a
// safety net.
const (
	sqliteTailSQL  = `SELECT coalesce(max(seq), 0) FROM integration_attempts`
	sqliteFetchSQL = `SELECT ` + attemptColumns + `, '0' FROM integration_attempts
		WHERE seq > $1 ORDER BY seq LIMIT $2`
)

// sqliteEvents is the event source on SQLite.
type sqliteEvents struct{ db *DB }

func (s sqliteEvents) tail(ctx context.Context) (order.EventPos, error) {
	seqs, err := scanRows(s.db.conn(ctx), func(n *int64) []any { return []any{n} }, sqliteTailSQL)
	if err != nil || len(seqs) == 0 {
		return order.EventPos{}, classify(err, "read the stream's tail")
	}
	return order.EventPos{Seq: seqs[0]}, nil
}

func (s sqliteEvents) fetch(ctx context.Context, pos order.EventPos, limit int) ([]order.Event, bool, error) {
	rows, err := scanRows(s.db.conn(ctx), (*eventRow).dest, sqliteFetchSQL, pos.Seq, limit)
	if err != nil {
		return nil, false, classify(err, "read new attempts")
	}
	events, err := toEvents(rows)
	return events, false, err
}

func (s sqliteEvents) catchUp(ctx context.Context, storeID string, f order.StreamFilter, after, upTo order.EventPos,
	limit int) ([]order.Event, error) {
	var q query
	q.where("store_id = %s", storeID)
	q.where("seq > %s", after.Seq)
	q.where("seq <= %s", upTo.Seq)
	streamFilter(&q, f)
	text := `SELECT ` + attemptColumns + `, '0' FROM integration_attempts ` + q.clause() +
		` ORDER BY seq LIMIT ` + q.arg(limit)
	rows, err := scanRows(s.db.conn(ctx), (*eventRow).dest, text, q.args...)
	if err != nil {
		return nil, classify(err, "read attempts to resume")
	}
	return toEvents(rows)
}

// listen does nothing: commits are heard of in process.
func (sqliteEvents) listen(context.Context, func(), *slog.Logger) {}
