package database

import (
	"context"

	"github.com/orders-api/orders-api/internal/order"
)

// exportChunk is how many attempts an export reads per statement: a
// keyset walk in chunks, so memory stays flat whatever the export's size,
// and each statement is short (no snapshot held for the whole export).
const exportChunk = 2000

// exportRow is an attempt with its order's number.
type exportRow struct {
	attemptRow
	Number string
}

// dest returns the scan destinations of exportQuery's columns.
func (r *exportRow) dest() []any { return append(r.attemptRow.dest(), &r.Number) }

// ExportAttempts walks every attempt of storeID matching f, newest first, in
// chunks of exportChunk: each chunk is the history page query of the chunk's
// size after the previous chunk's last key, joined to the orders' numbers.
// A ctx that is done (a client gone) ends the walk at the next statement.
func (s liveStore) ExportAttempts(ctx context.Context, storeID string, f order.AttemptFilter,
	fn func([]order.ExportRow) error) error {
	f.Limit, f.After = exportChunk-1, nil // attemptsQuery reads Limit+1 rows
	out := make([]order.ExportRow, 0, exportChunk)
	for {
		page, args := attemptsQuery(storeID, f)
		rows, err := scanRows(s.db.conn(ctx), (*exportRow).dest, exportQuery(page), args...)
		if err != nil {
			return classify(err, "export attempts")
		}
		out = out[:0]
		for _, r := range rows {
			out = append(out, order.ExportRow{Attempt: toAttempt(r.attemptRow), OrderNumber: r.Number})
		}
		if len(out) > 0 {
			if err := fn(out); err != nil {
				return err
			}
		}
		if len(rows) < exportChunk {
			return nil
		}
		k := out[len(out)-1].Attempt.Key()
		f.After = &k
	}
}

// exportQuery wraps a history page query (attemptsQuery) with the orders'
// numbers, in the page's order.
func exportQuery(page string) string {
	return `SELECT t.id, t.seq, t.store_id, t.order_id, t.system, t.status, t.action, t.message, t.error_code,
		t.external_id, t.occurred_at, t.recorded_at, t.details, o.number
	FROM (` + page + `) t JOIN orders o ON o.id = t.order_id
	ORDER BY t.occurred_at DESC, t.seq DESC`
}
