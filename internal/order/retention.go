package order

import (
	"context"
	"fmt"
	"time"

	"github.com/orders-api/orders-api/internal/sweep"
)

// Attempt retention deletes the attempts that occurred before a cut-off,
// store by store, oldest first, in short statements of at most a batch
// each. Orders and their states are never touched, so every summary stays
// as it was: an order keeps its state and its attempts count even when the
// attempts behind them are gone.

// RetentionStore is what attempt retention needs of storage.
type RetentionStore interface {
	// AttemptStores returns the stores that have attempts, in order.
	AttemptStores(ctx context.Context) ([]string, error)
	// CountAttemptsBefore counts a store's attempts that occurred before cutoff.
	CountAttemptsBefore(ctx context.Context, storeID string, cutoff time.Time) (int64, error)
	// DeleteAttemptsBefore deletes up to limit of them, the oldest first, in
	// one statement, and returns how many it deleted.
	DeleteAttemptsBefore(ctx context.Context, storeID string, cutoff time.Time, limit int) (int64, error)
}

// Retention says which attempts DeleteOldAttempts deletes, and how.
type Retention struct {
	Before time.Time     // the attempts that occurred before it
	DryRun bool          // only count them
	Batch  int           // rows per delete statement
	Pause  time.Duration // between two statements, to spare the disks and the replicas
}

// RetentionResult is what DeleteOldAttempts did, so far when it failed.
type RetentionResult struct {
	Stores   int   // the stores that have attempts (0 when they could not be listed)
	Attempts int64 // deleted, or counted on a dry run
	Batches  int64 // delete statements run (none on a dry run)
}

// DeleteOldAttempts deletes (on a dry run, counts) the attempts that
// occurred before r.Before, store by store; after each store it calls done
// with the store and its count, also when it failed midway. It stops at the
// first failure, whose error names the store.
func DeleteOldAttempts(ctx context.Context, s RetentionStore, r Retention,
	done func(storeID string, n int64)) (RetentionResult, error) {
	stores, err := s.AttemptStores(ctx)
	if err != nil {
		return RetentionResult{}, err
	}
	res := RetentionResult{Stores: len(stores)}
	for _, store := range stores {
		n, batches, err := retainStore(ctx, s, store, r)
		res.Attempts, res.Batches = res.Attempts+n, res.Batches+batches
		done(store, n)
		if err != nil {
			return res, fmt.Errorf("store %s: %w", store, err)
		}
	}
	return res, nil
}

// retainStore deletes, or counts, one store's old attempts.
func retainStore(ctx context.Context, s RetentionStore, store string, r Retention) (n, batches int64, err error) {
	if r.DryRun {
		n, err = s.CountAttemptsBefore(ctx, store, r.Before)
		return n, 0, err
	}
	return sweep.Run(ctx, r.Batch, r.Pause, func(ctx context.Context, limit int) (int64, error) {
		return s.DeleteAttemptsBefore(ctx, store, r.Before, limit)
	})
}
