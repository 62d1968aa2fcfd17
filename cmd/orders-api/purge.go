package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/orders-api/orders-api/internal/idempotency"
)

// The idempotency purge: outcomes are kept twice the promised retention,
// and deleted in small batches so that no statement holds locks for long.
const (
	purgeAge   = 2 * idempotency.Retention // 48h
	purgeEvery = 10 * time.Minute
	purgeBatch = 1000
)

// startPurge runs the idempotency purge in the background, at once and then
// every purgeEvery. The returned stop cancels it and waits for it to end.
func startPurge(ctx context.Context, store idempotency.Store, logger *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		ticker := time.NewTicker(purgeEvery)
		defer ticker.Stop()
		for {
			purgeOnce(ctx, store, logger, time.Now().Add(-purgeAge))
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

// purgeOnce deletes the outcomes created before before, batch by batch,
// until a batch comes back short. A failure is logged and retried next round.
func purgeOnce(ctx context.Context, store idempotency.Store, logger *slog.Logger, before time.Time) {
	var total int64
	for ctx.Err() == nil {
		n, err := store.Purge(ctx, before, purgeBatch)
		if err != nil {
			if ctx.Err() == nil {
				logger.Warn("idempotency purge failed", slog.Any("error", err))
			}
			break
		}
		total += n
		if n < purgeBatch {
			break
		}
	}
	if total > 0 {
		logger.Info("idempotency outcomes purged", slog.Int64("count", total), slog.Time("before", before))
	}
}
