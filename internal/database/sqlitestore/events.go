package sqlitestore

import (
	"context"
	"log/slog"

	"github.com/orders-api/orders-api/internal/database/sqldb"
	"github.com/orders-api/orders-api/internal/order"
)

// On SQLite one connection writes, so attempts commit in seq order: an
// attempt's position is (0, seq), every committed attempt is final, and
// the hub hears of commits in process (onCommit), with the poll as a
// safety net.
const tailSQL = `SELECT coalesce(max(seq), 0) FROM integration_attempts`

// fetchSQL reads the attempts after a seq: $1 the seq, $2 how many.
var fetchSQL = `SELECT ` + sqldb.AttemptColumns() + `, '0' FROM integration_attempts
	WHERE seq > $1 ORDER BY seq LIMIT $2`

// sqliteEvents is the event source on SQLite.
type sqliteEvents struct{ db *DB }

// Tail implements sqldb.EventSource.
func (s sqliteEvents) Tail(ctx context.Context) (order.EventPos, error) {
	seqs, err := query[sqldb.Value[int64]](s.db.read(ctx), tailSQL)
	if err != nil || len(seqs) == 0 {
		return order.EventPos{}, Classify(err, "read the stream's tail")
	}
	return order.EventPos{Seq: seqs[0].V}, nil
}

// Fetch implements sqldb.EventSource: nothing is ever held back.
func (s sqliteEvents) Fetch(ctx context.Context, pos order.EventPos, limit int) ([]order.Event, bool, error) {
	rows, err := query[sqldb.EventRow](s.db.read(ctx), fetchSQL, pos.Seq, limit)
	if err != nil {
		return nil, false, Classify(err, "read new attempts")
	}
	events, err := sqldb.ToEvents(rows)
	return events, false, err
}

// CatchUp implements sqldb.EventSource.
func (s sqliteEvents) CatchUp(ctx context.Context, storeID string, f order.StreamFilter, after, upTo order.EventPos,
	limit int) ([]order.Event, error) {
	text, args := sqldb.CatchUpQuery(storeID, f, "'0'", "seq", limit, func(arg func(any) string) string {
		return "seq > " + arg(after.Seq) + " AND seq <= " + arg(upTo.Seq)
	})
	rows, err := query[sqldb.EventRow](s.db.read(ctx), text, args...)
	if err != nil {
		return nil, Classify(err, "read attempts to resume")
	}
	return sqldb.ToEvents(rows)
}

// Listen does nothing: commits are heard of in process.
func (sqliteEvents) Listen(context.Context, func(), *slog.Logger) {}
