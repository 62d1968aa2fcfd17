package sqldb

import (
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/order"
)

// EventRow is an attempt with its transaction id, as text (PostgreSQL's
// txid; '0' on SQLite): a row of the live stream's reads.
type EventRow struct {
	AttemptRow
	Tx string
}

// Columns lists EventRow's columns and their scan targets: the attempt's,
// then the engine's txid expression, which the query writes itself.
func (r *EventRow) Columns(c Columns) Columns { return r.AttemptRow.Columns(c).Add("", &r.Tx) }

// ToEvents converts rows to events.
func ToEvents(rows []EventRow) ([]order.Event, error) {
	events := make([]order.Event, len(rows))
	for i, r := range rows {
		tx, err := ParseTxID(r.Tx)
		if err != nil {
			return nil, err
		}
		events[i] = order.Event{Pos: order.EventPos{Tx: tx, Seq: r.Seq}, Attempt: ToAttempt(r.AttemptRow)}
	}
	return events, nil
}

// ParseTxID reads a transaction id as the reads give it, in text.
func ParseTxID(text string) (uint64, error) {
	tx, err := strconv.ParseUint(text, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("database: unable to read a transaction id %q: %w", text, err)
	}
	return tx, nil
}

// CatchUpQuery returns the query of up to limit attempts of storeID
// matching f in a range of positions, in position order: between writes
// the range's condition with arg (which returns an argument's
// placeholder), txid the engine's SELECT expression of the transaction id,
// orderBy the engine's position order.
func CatchUpQuery(storeID string, f order.StreamFilter, txid, orderBy string, limit int,
	between func(arg func(any) string) string) (string, []any) {
	var q query
	q.where("store_id = %s", storeID)
	q.add(between(q.arg))
	whereIf(&q, "order_id = %s", f.OrderID)
	whereIf(&q, "system = %s", f.System)
	if f.Status != nil {
		q.where("status = %s", string(*f.Status))
	}
	text := `SELECT ` + attemptColumns + `, ` + txid + ` FROM integration_attempts ` + q.clause() +
		` ORDER BY ` + orderBy + ` LIMIT ` + q.arg(limit)
	return text, q.args
}

// ExportChunk is how many attempts an export reads per statement: a
// keyset walk in chunks, so memory stays flat whatever the export's size,
// and each statement is short (no snapshot held for the whole export).
const ExportChunk = 2000

// ExportRow is an attempt with its order's number.
type ExportRow struct {
	AttemptRow
	Number string
}

// Columns lists ExportRow's columns and their scan targets.
func (r *ExportRow) Columns(c Columns) Columns {
	return r.AttemptRow.Columns(c).Add("number", &r.Number)
}

// ExportQuery returns the statement of one chunk of an export after f.After:
// the history page query (AttemptsQuery) of ExportChunk rows with each
// one's order number, in the page's order. The number is a scalar subquery,
// one primary-key lookup a row: as a join, PostgreSQL hashes the whole
// orders table for every chunk (a sequential scan of 100,000 orders, 300 ms
// a chunk, where the lookups take 15 ms).
func ExportQuery(storeID string, f order.AttemptFilter) (string, []any) {
	f.Limit = ExportChunk - 1 // AttemptsQuery reads Limit+1 rows
	page, args := AttemptsQuery(storeID, f)
	return `SELECT ` + List[AttemptRow]("t") + `, (SELECT o.number FROM orders o WHERE o.id = t.order_id) AS number
	FROM (` + page + `) t
	ORDER BY t.occurred_at DESC, t.seq DESC`, args
}

// ExportRows returns the domain rows of an export chunk.
func ExportRows(rows []ExportRow, out []order.ExportRow) []order.ExportRow {
	for _, r := range rows {
		out = append(out, order.ExportRow{Attempt: ToAttempt(r.AttemptRow), OrderNumber: r.Number})
	}
	return out
}

// FirstSuccesses are the earliest success of each (order, system) of a
// batch, as parallel arrays.
type FirstSuccesses struct {
	OrderIDs []uuid.UUID
	Systems  []string
	At       []time.Time
}

// FirstSuccessesOf returns the earliest success of each (order, system)
// among the stored attempts (results[i] nil) of a batch: what lowers each
// touched state's first_success_at, in the record's transaction. The
// column is what first_success_seconds (SPEC 10.2) reads, so that
// retention, which deletes old attempts, doesn't change it.
func FirstSuccessesOf(attempts []*order.Attempt, results []error) FirstSuccesses {
	earliest := map[order.StateKey]time.Time{}
	for i, a := range attempts {
		if results[i] != nil || a.Status != order.AttemptSuccess {
			continue
		}
		k := order.StateKey{Order: a.OrderID, System: a.System}
		if t, ok := earliest[k]; !ok || a.OccurredAt.Before(t) {
			earliest[k] = a.OccurredAt
		}
	}
	var f FirstSuccesses
	for k, t := range earliest {
		f.OrderIDs, f.Systems, f.At = append(f.OrderIDs, k.Order), append(f.Systems, k.System), append(f.At, t)
	}
	return f
}
