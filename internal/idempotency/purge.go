package idempotency

import (
	"context"
	"fmt"
	"time"

	"github.com/orders-api/orders-api/internal/sweep"
)

// Purger deletes old outcomes: the part of Store that Expire uses.
type Purger interface {
	// Purge deletes up to limit outcomes created before before, and returns how many it deleted.
	Purge(ctx context.Context, before time.Time, limit int) (int64, error)
}

// Cutoff is the creation time before which an outcome is past its
// Retention at now.
func Cutoff(now time.Time) time.Time { return now.Add(-Retention) }

// Expire deletes the outcomes past their Retention at now, in batches of
// batch rows (each its own short statement) with pause between two
// batches, and returns how many it deleted: so far, when it fails or ctx
// ends. It is the one purge: the servers run it every few minutes, the
// retention command once.
func Expire(ctx context.Context, store Purger, now time.Time, batch int, pause time.Duration) (int64, error) {
	before := Cutoff(now)
	n, _, err := sweep.Run(ctx, batch, pause, func(ctx context.Context, limit int) (int64, error) {
		return store.Purge(ctx, before, limit)
	})
	if err != nil {
		return n, fmt.Errorf("idempotency purge after %d outcomes: %w", n, err)
	}
	return n, nil
}
