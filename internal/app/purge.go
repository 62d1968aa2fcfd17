package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/orders-api/orders-api/internal/idempotency"
)

// The servers' idempotency purge: idempotency.Expire, every purgeEvery, in
// small batches so that no statement holds locks for long.
const (
	purgeEvery = 10 * time.Minute
	purgeBatch = 1000
)

// startPurge runs the idempotency purge in the background, at once and then
// every purgeEvery, skipping the rounds while ready fails (a schema not
// migrated yet has nothing to purge). The returned stop cancels it and
// waits for it to end.
func startPurge(ctx context.Context, store idempotency.Purger, ready func(context.Context) error, logger *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		ticker := time.NewTicker(purgeEvery)
		defer ticker.Stop()
		for {
			if ready(ctx) == nil {
				purgeOnce(ctx, store, logger, time.Now())
			}
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// purgeOnce purges the outcomes past their retention at now. A failure is
// logged and retried next round.
func purgeOnce(ctx context.Context, store idempotency.Purger, logger *slog.Logger, now time.Time) {
	n, err := idempotency.Expire(ctx, store, now, purgeBatch, 0)
	if err != nil && ctx.Err() == nil {
		logger.Warn("idempotency purge failed", slog.Any("error", err))
	}
	if n > 0 {
		logger.Info("idempotency outcomes purged", slog.Int64("count", n), slog.Time("before", idempotency.Cutoff(now)))
	}
}
