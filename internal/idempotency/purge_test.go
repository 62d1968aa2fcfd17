package idempotency_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/idempotency"
)

// purger records the cut-offs it is given and deletes the counts given.
type purger struct {
	counts  []int64
	err     error
	befores []time.Time
}

func (p *purger) Purge(_ context.Context, before time.Time, _ int) (int64, error) {
	p.befores = append(p.befores, before)
	if len(p.counts) == 0 {
		return 0, p.err
	}
	n := p.counts[0]
	p.counts = p.counts[1:]
	return n, nil
}

// TestExpire: one cut-off, Retention before now, for every batch; a
// failure says how far it got.
func TestExpire(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	p := &purger{counts: []int64{2, 2, 1}}
	n, err := idempotency.Expire(t.Context(), p, now, 2, 0)
	if n != 5 || err != nil || len(p.befores) != 3 {
		t.Fatalf("Expire = %d, %v after %d batches; want 5, nil after 3", n, err, len(p.befores))
	}
	for _, b := range p.befores {
		if want := now.Add(-24 * time.Hour); !b.Equal(want) || !idempotency.Cutoff(now).Equal(want) {
			t.Errorf("cut-off %v, want %v: outcomes are kept 24 hours", b, want)
		}
	}
	down := errors.New("db down")
	n, err = idempotency.Expire(t.Context(), &purger{counts: []int64{2}, err: down}, now, 2, 0)
	if n != 2 || !errors.Is(err, down) || err.Error() != "idempotency purge after 2 outcomes: db down" {
		t.Errorf("Expire on a failure = %d, %v", n, err)
	}
}
