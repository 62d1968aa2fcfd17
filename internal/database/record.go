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

// stateKey names one system's state on one order.
type stateKey struct {
	order  uuid.UUID
	system string
}

// RecordAttempts stores attempts of storeID and updates their orders'
// summaries in one transaction (ctx's, or its own), in four statements
// whatever the batch size: lock the orders, read their states, insert the
// attempts, write the changed states and summaries. An attempt whose order
// is not in the store gets a NotFound entry and is not stored.
//
// Orders are locked FOR NO KEY UPDATE in id order, so concurrent batches
// queue per order without deadlocks, and every statement after the lock
// sees the states as the previous holder committed them; seq is taken
// after the lock, so it is the recording order of each order's attempts.
// On PostgreSQL the insert comes first, scoped to the store, and the lock
// after it (see recordInsertingFirst): the states are as exact, and the
// locks are held for less time.
func (s orderStore) RecordAttempts(ctx context.Context, storeID string, attempts []*order.Attempt) ([]error, error) {
	results := make([]error, len(attempts))
	if len(attempts) == 0 {
		return results, nil
	}
	err := s.db.inTx(ctx, func(ctx context.Context) error {
		if s.db.dialect.insertFirst {
			return s.recordInsertingFirst(ctx, storeID, attempts, results)
		}
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
		return s.record(ctx, storeID, batch, locked)
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

// record inserts batch, whose orders are locked, and writes the new states
// and the summaries that changed.
func (s orderStore) record(ctx context.Context, storeID string, batch []*order.Attempt,
	locked map[uuid.UUID]lockedOrder) error {
	if err := s.db.dialect.insertAttempts(s, ctx, storeID, batch); err != nil {
		return err
	}
	return s.summarize(ctx, storeID, batch, locked)
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
	touched map[stateKey]order.SystemState, byOrder map[uuid.UUID][]order.SystemState) {
	states := make(map[stateKey]order.SystemState)
	for id, list := range current {
		for _, st := range list {
			states[stateKey{id, st.System}] = st
		}
	}
	touched = make(map[stateKey]order.SystemState, len(batch))
	for _, a := range batch {
		k := stateKey{a.OrderID, a.System}
		var next order.SystemState
		if st, ok := states[k]; ok {
			next = order.Apply(&st, *a)
		} else {
			next = order.Apply(nil, *a)
		}
		states[k], touched[k] = next, next
	}
	byOrder = make(map[uuid.UUID][]order.SystemState)
	for k, st := range states {
		byOrder[k.order] = append(byOrder[k.order], st)
	}
	return touched, byOrder
}

// equalTime reports whether a and b are both nil or the same instant.
func equalTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}
