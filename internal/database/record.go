package database

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/order"
)

// lockedOrder is an order locked by RecordAttempts, with its stored summary.
type lockedOrder struct {
	ID                uuid.UUID
	PlacedAt          time.Time
	IntegrationStatus string
	LastAttemptAt     *time.Time
}

// RecordAttempts stores attempts of storeID and updates their orders'
// summaries in one transaction (ctx's, or its own). An attempt whose order
// is not in the store gets a NotFound entry and is not stored.
//
// On PostgreSQL (recordInsertingFirst) that is four statements whatever the
// batch size: insert the attempts whose order is in the store, lock those
// orders FOR NO KEY UPDATE in id order (so concurrent batches queue per
// order without deadlocks, and each reads the states as the previous holder
// committed them), read their states, write the changed states and
// summaries. seq is taken by the insert, before the lock: it is the order in
// which attempts were inserted, not that of the summary updates, and the
// summaries are exact all the same, since a system's state is its attempt
// with the greatest (occurred_at, seq) whatever the order in which attempts
// are applied. On SQLite (recordRows) the write transaction excludes every
// other writer: the orders are read first, then the rows written one by one.
func (s orderStore) RecordAttempts(ctx context.Context, storeID string, attempts []*order.Attempt) ([]error, error) {
	results := make([]error, len(attempts))
	if len(attempts) == 0 {
		return results, nil
	}
	err := s.db.inTx(ctx, func(ctx context.Context) error {
		if err := s.db.dialect.record(s, ctx, storeID, attempts, results); err != nil {
			return err
		}
		s.db.onCommit(ctx, s.db.wakeEvents) // in-process streams hear of it at once
		return s.recordFirstSuccesses(ctx, storeID, attempts, results)
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

// summarize reads the states of the locked orders, applies batch (stored,
// with its seqs) to them, and writes the new states and the summaries that
// changed.
func (s orderStore) summarize(ctx context.Context, storeID string, batch []*order.Attempt,
	locked map[uuid.UUID]lockedOrder) error {
	ids := make([]uuid.UUID, 0, len(locked))
	for id := range locked {
		ids = append(ids, id)
	}
	current, err := s.states(ctx, storeID, ids)
	if err != nil {
		return err
	}
	touched, byOrder := fold(current, batch)
	changed := make(map[uuid.UUID]order.Summary, len(byOrder))
	for id, states := range byOrder {
		sum, lo := order.Summarize(states), locked[id]
		if string(sum.Status) != lo.IntegrationStatus || !equalTime(sum.LastAttemptAt, lo.LastAttemptAt) {
			changed[id] = sum // a late older attempt changes no summary
		}
	}
	return s.db.dialect.writeStates(s, ctx, storeID, touched, locked, changed)
}

// fold applies batch, in input order, to the current states. It returns the
// states the batch touched and every state of the batch's orders.
func fold(current map[uuid.UUID][]order.SystemState, batch []*order.Attempt) (
	touched map[order.StateKey]order.SystemState, byOrder map[uuid.UUID][]order.SystemState) {
	states := make(map[order.StateKey]order.SystemState)
	for id, list := range current {
		for _, st := range list {
			states[order.StateKey{Order: id, System: st.System}] = st
		}
	}
	touched = order.Fold(states, batch)
	return touched, order.ByOrder(states)
}

// equalTime reports whether a and b are both nil or the same instant.
func equalTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}
