package database

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/order"
)

// The statements that SQLite says differently. Id lists arrive as JSON
// arrays (see sqliteArgs); no row locks: RecordAttempts runs in a write
// transaction, which no other writer shares.
const (
	sqliteStatesSQL = `SELECT ` + stateColumns + ` FROM order_integrations
		WHERE store_id = $1 AND order_id IN (SELECT value FROM json_each($2))`

	sqliteLockOrdersSQL = `SELECT id, placed_at, integration_status, last_attempt_at FROM orders
		WHERE store_id = $1 AND id IN (SELECT value FROM json_each($2)) ORDER BY id`

	sqlitePurgeSQL = `DELETE FROM idempotency_keys WHERE rowid IN (
		SELECT rowid FROM idempotency_keys WHERE created_at < $1 ORDER BY created_at LIMIT $2)`

	sqliteTouchKeySQL = `UPDATE api_keys SET last_used_at = max(coalesce(last_used_at, $2), $2) WHERE id = $1`

	// sqliteDeleteOldAttemptsSQL is retention's batch, by seq, the rowid.
	sqliteDeleteOldAttemptsSQL = `DELETE FROM integration_attempts WHERE seq IN (
			SELECT seq FROM integration_attempts WHERE store_id = $1 AND occurred_at < $2
			ORDER BY occurred_at, seq LIMIT $3)`

	sqliteInsertAttemptSQL = `INSERT INTO integration_attempts (id, store_id, order_id, system, status, action,
			message, error_code, external_id, occurred_at, recorded_at, details, request_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		RETURNING seq`

	sqliteUpsertStateSQL = `INSERT INTO order_integrations (order_id, system, store_id, status, message, error_code,
			last_attempt_at, last_seq, attempts, placed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (order_id, system) DO UPDATE SET store_id = excluded.store_id, status = excluded.status,
			message = excluded.message, error_code = excluded.error_code,
			last_attempt_at = excluded.last_attempt_at, last_seq = excluded.last_seq,
			attempts = excluded.attempts, placed_at = excluded.placed_at`

	// sqliteSetSummarySQL sets a changed summary (never updated_at: SPEC 5).
	sqliteSetSummarySQL = `UPDATE orders SET integration_status = $3, last_attempt_at = $4
		WHERE store_id = $1 AND id = $2`
)

// recordRows is RecordAttempts on SQLite, in the transaction of ctx: it
// reads the orders of attempts that are in the store (no row locks: the
// write transaction already excludes every other writer), inserts the
// attempts of those orders in input order, so seq is their recording
// order, then reads, applies and writes their states.
func (s orderStore) recordRows(ctx context.Context, storeID string, attempts []*order.Attempt,
	results []error) error {
	locked, err := s.lockOrders(ctx, storeID, attempts)
	if err != nil {
		return err
	}
	batch := make([]*order.Attempt, 0, len(attempts))
	for i, a := range attempts {
		if _, ok := locked[a.OrderID]; !ok {
			results[i] = errOrderNotFound()
			continue
		}
		batch = append(batch, a)
	}
	if len(batch) == 0 {
		return nil
	}
	if err := s.insertAttemptRows(ctx, storeID, batch); err != nil {
		return err
	}
	return s.summarize(ctx, storeID, batch, locked)
}

// insertAttemptRows inserts batch one row at a time, in batch order, and
// sets the Seq of each attempt. In process, a statement costs microseconds,
// so a batch of 500 is a few milliseconds.
func (s orderStore) insertAttemptRows(ctx context.Context, storeID string, batch []*order.Attempt) error {
	conn := s.db.conn(ctx)
	for _, a := range batch {
		seqs, err := scanRows(conn, func(n *int64) []any { return []any{n} }, sqliteInsertAttemptSQL,
			a.ID, storeID, a.OrderID, a.System, string(a.Status), a.Action, a.Message, a.ErrorCode, a.ExternalID,
			a.OccurredAt, a.RecordedAt, jsonText(a.Details), a.RequestID)
		if err != nil {
			return classify(err, "insert attempts")
		}
		if len(seqs) != 1 {
			return fmt.Errorf("database: unable to insert attempts: no seq returned for attempt %s", a.ID)
		}
		a.Seq = seqs[0]
	}
	return nil
}

// writeStateRows upserts the touched states and sets the changed summaries,
// one row at a time.
func (s orderStore) writeStateRows(ctx context.Context, storeID string, touched map[order.StateKey]order.SystemState,
	locked map[uuid.UUID]lockedOrder, changed map[uuid.UUID]order.Summary) error {
	conn := s.db.conn(ctx)
	for k, st := range touched {
		err := conn.Exec(sqliteUpsertStateSQL, k.Order, k.System, storeID, string(st.Status), st.Message, st.ErrorCode,
			st.LastAttemptAt, st.LastSeq, st.Attempts, locked[k.Order].PlacedAt).Error
		if err != nil {
			return classify(err, "write integration states")
		}
	}
	for id, sum := range changed {
		err := conn.Exec(sqliteSetSummarySQL, storeID, id, string(sum.Status), sum.LastAttemptAt).Error
		if err != nil {
			return classify(err, "write integration states")
		}
	}
	return nil
}

// jsonText returns a JSON document as SQLite stores it, as text (a []byte
// would be a BLOB, which SQLite's JSON functions take for JSONB), or nil.
func jsonText(doc json.RawMessage) any {
	if doc == nil {
		return nil
	}
	return string(doc)
}
