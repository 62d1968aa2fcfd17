package database

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/order"
)

// firstSuccesses are the earliest success of each (order, system) of a
// batch, as parallel arrays.
type firstSuccesses struct {
	orderIDs []uuid.UUID
	systems  []string
	at       []time.Time
}

// recordFirstSuccesses lowers each touched state's first_success_at to the
// batch's earliest success for it, in the record's transaction (after the
// states were written, under the orders' locks on PostgreSQL). The column
// is what first_success_seconds (SPEC 10.2) reads, so that retention, which
// deletes old attempts, doesn't change it.
func (s orderStore) recordFirstSuccesses(ctx context.Context, storeID string, attempts []*order.Attempt,
	results []error) error {
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
	if len(earliest) == 0 {
		return nil
	}
	var f firstSuccesses
	for k, t := range earliest {
		f.orderIDs, f.systems, f.at = append(f.orderIDs, k.Order), append(f.systems, k.System), append(f.at, t)
	}
	if s.db.isSQLite() {
		return s.firstSuccessRows(ctx, storeID, f)
	}
	return s.firstSuccessArrays(ctx, storeID, f)
}
