package pgstore

import (
	"context"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/database/sqldb"
	"github.com/orders-api/orders-api/internal/order"
)

// RecordAttempts stores attempts of storeID and updates their orders'
// summaries in one transaction (ctx's, or its own). An attempt whose order
// is not in the store gets a NotFound entry and is not stored.
//
// That is four statements whatever the batch size: insert the attempts
// whose order is in the store, lock those orders FOR NO KEY UPDATE in id
// order (so concurrent batches queue per order without deadlocks, and each
// reads the states as the previous holder committed them), read their
// states, write the changed states and summaries. The insert, about a
// quarter of a batch's time, thus runs before the locks: batches of random
// orders almost always share some, and queued behind each other for the
// whole transaction (docs/PERFORMANCE.md).
//
// Summaries stay exact: an order's state is its attempt with the greatest
// (occurred_at, seq), and Apply keeps that whatever the order in which
// attempts are applied. A batch that inserted with a lower seq but locked
// after another applies onto a state that already holds the other's
// attempt, which it supersedes or not by that rule, as a recomputation from
// the history would. seq is the order in which the attempts were recorded
// (inserted), not the order of the summary updates.
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
	stored, err := s.insertScoped(ctx, storeID, attempts)
	if err != nil {
		return err
	}
	batch := make([]*order.Attempt, 0, len(attempts))
	for i, a := range attempts {
		if _, ok := stored[a.ID]; !ok {
			results[i] = sqldb.ErrOrderNotFound()
			continue
		}
		a.Seq = stored[a.ID]
		batch = append(batch, a)
	}
	if len(batch) == 0 {
		return nil
	}
	locked, err := s.lockOrders(ctx, storeID, batch)
	if err != nil {
		return err
	}
	current, err := s.states(ctx, storeID, sqldb.LockedIDs(locked))
	if err != nil {
		return err
	}
	touched, changed := sqldb.Changes(current, batch, locked)
	return s.writeStates(ctx, storeID, touched, locked, changed)
}

// insertAttemptsSQL inserts the attempts whose order is in the store, in
// input order, and returns those it stored. Orders are never deleted and
// never change store, so the check needs no lock; the foreign key's own
// check takes FOR KEY SHARE, which no batch's FOR NO KEY UPDATE waits for.
var insertAttemptsSQL = `INSERT INTO integration_attempts (id, store_id, order_id, system, status, action,
		message, error_code, external_id, occurred_at, recorded_at, details, request_id)
	SELECT u.id, $1, u.order_id, u.system, u.status, u.action, u.message, u.error_code, u.external_id,
		u.occurred_at, u.recorded_at, u.details, u.request_id
	FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
		$9::text[], $10::timestamptz[], $11::timestamptz[], $12::json[], $13::uuid[]) WITH ORDINALITY
		AS u(id, order_id, system, status, action, message, error_code, external_id, occurred_at, recorded_at, details,
			request_id, ord)
	WHERE EXISTS (SELECT 1 FROM orders o WHERE o.store_id = $1 AND o.id = u.order_id)
	ORDER BY u.ord
	RETURNING ` + sqldb.List[inserted]("")

// inserted is a row that InsertAttemptsSQL returns.
type inserted struct {
	ID  uuid.UUID
	Seq int64
}

// Columns lists inserted's columns and their scan targets.
func (r *inserted) Columns(c sqldb.Columns) sqldb.Columns {
	return c.
		Add("id", &r.ID).
		Add("seq", &r.Seq)
}

// insertScoped inserts the attempts whose order is in storeID and returns
// the seq of each, by attempt id.
func (s orderStore) insertScoped(ctx context.Context, storeID string, attempts []*order.Attempt) (map[uuid.UUID]int64, error) {
	var c attemptArrays
	for _, a := range attempts {
		c.add(a)
	}
	rows, err := query[inserted](ctx, s.db, insertAttemptsSQL, storeID, c.ids, c.orderIDs, c.systems, c.statuses,
		c.actions, c.messages, c.codes, c.externals, c.occurred, c.recorded, c.details, c.requests)
	if err != nil {
		return nil, Classify(err, "insert attempts")
	}
	seqs := make(map[uuid.UUID]int64, len(rows))
	for _, r := range rows {
		seqs[r.ID] = r.Seq
	}
	return seqs, nil
}
