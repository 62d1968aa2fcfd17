package sqldb

import (
	"context"

	"github.com/orders-api/orders-api/internal/order"
)

// foldAfter is how many delta rows of one (store, system) Stats lets pile
// up before it folds them into one per status.
const foldAfter = 64

// stateRowCount is a row of statsStatesSQL.
type stateRowCount struct {
	status string
	sum    int64
	rows   int64
}

// stateCounts returns the store's orders by system's current state, and
// folds the deltas when they piled up. A failed fold changes no sum: it is
// only logged.
func (s StatsReader) stateCounts(ctx context.Context, storeID, system string) (order.StatusCounts, error) {
	rows, err := scan(s.Conn(ctx), func(r *stateRowCount) []any { return []any{&r.status, &r.sum, &r.rows} },
		statsStatesSQL, storeID, system)
	if err != nil {
		return order.StatusCounts{}, s.Classify(err, "count states")
	}
	var c order.StatusCounts
	var deltas int64
	for _, r := range rows {
		c.Add(order.AttemptStatus(r.status), r.sum)
		deltas += r.rows
	}
	if deltas > foldAfter {
		if err := s.Fold(ctx, storeID, system); err != nil && ctx.Err() == nil {
			s.Log.WarnContext(ctx, "statistics: unable to fold the state counts", "error", err.Error())
		}
	}
	return c, nil
}
