package sqlitestore

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/database/sqldb"
	"github.com/orders-api/orders-api/internal/order"
)

// LockOrdersSQL returns the read of RecordAttempts' orders: $1 store, $2
// the order ids as a JSON array. No row locks: RecordAttempts runs in a
// write transaction, which no other writer shares.
func LockOrdersSQL() string { return lockOrdersSQL }

// lockOrdersSQL is LockOrdersSQL's text, made once.
var lockOrdersSQL = `SELECT ` + sqldb.LockedOrderColumns() + ` FROM orders
		WHERE store_id = $1 AND id IN (SELECT value FROM json_each($2)) ORDER BY id`

// The statements of RecordAttempts that write, one row each.
const (
	insertAttemptSQL = `INSERT INTO integration_attempts (id, store_id, order_id, system, status, action,
			message, error_code, external_id, occurred_at, recorded_at, details, request_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		RETURNING seq`

	upsertStateSQL = `INSERT INTO order_integrations (order_id, system, store_id, status, message, error_code,
			last_attempt_at, last_seq, attempts, placed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (order_id, system) DO UPDATE SET store_id = excluded.store_id, status = excluded.status,
			message = excluded.message, error_code = excluded.error_code,
			last_attempt_at = excluded.last_attempt_at, last_seq = excluded.last_seq,
			attempts = excluded.attempts, placed_at = excluded.placed_at`

	// setSummarySQL sets a changed summary (never updated_at: SPEC 5).
	setSummarySQL = `UPDATE orders SET integration_status = $3, last_attempt_at = $4
		WHERE store_id = $1 AND id = $2`
)

// RecordAttempts stores attempts of storeID and updates their orders'
// summaries in one transaction (ctx's, or its own). An attempt whose order
// is not in the store gets a NotFound entry and is not stored.
//
// The write transaction excludes every other writer: the orders are read
// first (no row locks), then the attempts of those orders inserted one by
// one in input order, so seq is their recording order, then their states
// read, applied and written.
func (s orderStore) RecordAttempts(ctx context.Context, storeID string, attempts []*order.Attempt) ([]error, error) {
	results := make([]error, len(attempts))
	if len(attempts) == 0 {
		return results, nil
	}
	err := s.db.inTx(ctx, func(ctx context.Context) error {
		s.db.onCommit(ctx, s.db.wakeEvents) // in-process streams hear of it at once
		return s.answering(ctx, storeID, attempts, results, func(attempts []*order.Attempt, results []error) error {
			if err := s.record(ctx, storeID, attempts, results); err != nil {
				return err
			}
			return s.recordFirstSuccesses(ctx, storeID, attempts, results)
		})
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

// record is RecordAttempts in the transaction of ctx.
func (s orderStore) record(ctx context.Context, storeID string, attempts []*order.Attempt, results []error) error {
	rows, err := query[sqldb.LockedOrder](s.db.write(ctx), lockOrdersSQL, storeID, sqldb.AttemptOrderIDs(attempts))
	if err != nil {
		return Classify(err, "lock orders")
	}
	locked := sqldb.ByID(rows)
	batch := make([]*order.Attempt, 0, len(attempts))
	for i, a := range attempts {
		if _, ok := locked[a.OrderID]; !ok {
			results[i] = sqldb.ErrOrderNotFound()
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
	current, err := s.states(ctx, storeID, sqldb.LockedIDs(locked))
	if err != nil {
		return err
	}
	touched, changed := sqldb.Changes(current, batch, locked)
	return s.writeStateRows(ctx, storeID, touched, locked, changed)
}

// insertAttemptRows inserts batch one row at a time, in batch order, and
// sets the Seq of each attempt. In process, a statement costs microseconds,
// so a batch of 500 is a few milliseconds.
func (s orderStore) insertAttemptRows(ctx context.Context, storeID string, batch []*order.Attempt) error {
	conn := s.db.write(ctx)
	for _, a := range batch {
		seqs, err := query[sqldb.Value[int64]](conn, insertAttemptSQL,
			a.ID, storeID, a.OrderID, a.System, string(a.Status), a.Action, a.Message, a.ErrorCode, a.ExternalID,
			a.OccurredAt, a.RecordedAt, jsonText(a.Details), a.RequestID)
		if err != nil {
			return Classify(err, "insert attempts")
		}
		if len(seqs) != 1 {
			return fmt.Errorf("database: unable to insert attempts: no seq returned for attempt %s", a.ID)
		}
		a.Seq = seqs[0].V
	}
	return nil
}

// writeStateRows upserts the touched states and sets the changed summaries,
// one row at a time.
func (s orderStore) writeStateRows(ctx context.Context, storeID string, touched map[order.StateKey]order.SystemState,
	locked map[uuid.UUID]sqldb.LockedOrder, changed map[uuid.UUID]order.Summary) error {
	conn := s.db.write(ctx)
	for k, st := range touched {
		err := conn.Exec(upsertStateSQL, k.Order, k.System, storeID, string(st.Status), st.Message, st.ErrorCode,
			st.LastAttemptAt, st.LastSeq, st.Attempts, locked[k.Order].PlacedAt).Error
		if err != nil {
			return Classify(err, "write integration states")
		}
	}
	for id, sum := range changed {
		err := conn.Exec(setSummarySQL, storeID, id, string(sum.Status), sum.LastAttemptAt).Error
		if err != nil {
			return Classify(err, "write integration states")
		}
	}
	return nil
}
