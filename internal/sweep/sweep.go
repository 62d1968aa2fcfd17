// Package sweep deletes old rows in short batches, each its own statement,
// so that no transaction holds many row locks or runs long: the loop shared
// by the attempt retention (internal/order) and the idempotency purge
// (internal/idempotency).
package sweep

import (
	"context"
	"errors"
	"time"
)

// Step deletes up to limit rows and returns how many it deleted.
type Step func(ctx context.Context, limit int) (int64, error)

// errSize is Run's answer to a batch size that would never end the loop.
var errSize = errors.New("sweep: the batch size must be at least 1")

// Run calls step with size until a batch comes back short, with a pause of
// pause between two batches. It returns the rows deleted and the batches
// run (the statements that succeeded), so far when step fails or ctx ends.
func Run(ctx context.Context, size int, pause time.Duration, step Step) (rows, batches int64, err error) {
	if size < 1 {
		return 0, 0, errSize
	}
	for {
		n, err := step(ctx, size)
		if err != nil {
			return rows, batches, err
		}
		rows, batches = rows+n, batches+1
		if n < int64(size) {
			return rows, batches, nil
		}
		if err := sleep(ctx, pause); err != nil {
			return rows, batches, err
		}
	}
}

// sleep waits d, or less when ctx ends; it returns ctx's error then.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
