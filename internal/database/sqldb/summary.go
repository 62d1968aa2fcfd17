package sqldb

import (
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/order"
)

// Changes applies batch (stored, with its seqs), in input order, to the
// current states of the locked orders. It returns the states the batch
// touched, to write, and the summaries that changed: a late older attempt
// changes no summary. Whatever the order in which batches are applied, a
// system's state is its attempt with the greatest (occurred_at, seq).
func Changes(current map[uuid.UUID][]order.SystemState, batch []*order.Attempt,
	locked map[uuid.UUID]LockedOrder) (map[order.StateKey]order.SystemState, map[uuid.UUID]order.Summary) {
	states := make(map[order.StateKey]order.SystemState)
	for id, list := range current {
		for _, st := range list {
			states[order.StateKey{Order: id, System: st.System}] = st
		}
	}
	touched := order.Fold(states, batch)
	byOrder := order.ByOrder(states)
	changed := make(map[uuid.UUID]order.Summary, len(byOrder))
	for id, states := range byOrder {
		sum, lo := order.Summarize(states), locked[id]
		if string(sum.Status) != lo.IntegrationStatus || !equalTime(sum.LastAttemptAt, lo.LastAttemptAt) {
			changed[id] = sum
		}
	}
	return touched, changed
}

// LockedIDs returns the ids of the locked orders.
func LockedIDs(locked map[uuid.UUID]LockedOrder) []uuid.UUID {
	ids := make([]uuid.UUID, 0, len(locked))
	for id := range locked {
		ids = append(ids, id)
	}
	return ids
}

// equalTime reports whether a and b are both nil or the same instant.
func equalTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}
