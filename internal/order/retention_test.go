package order_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/order"
)

// oldAttempts is a RetentionStore holding, per store, the number of its
// attempts older than the cut-off; fail names a store whose deletes fail.
type oldAttempts struct {
	old     map[string]int64
	order   []string
	fail    string
	cutoffs []time.Time
}

func (s *oldAttempts) AttemptStores(context.Context) ([]string, error) { return s.order, nil }

func (s *oldAttempts) CountAttemptsBefore(_ context.Context, store string, cutoff time.Time) (int64, error) {
	s.cutoffs = append(s.cutoffs, cutoff)
	return s.old[store], nil
}

func (s *oldAttempts) DeleteAttemptsBefore(_ context.Context, store string, cutoff time.Time, limit int) (int64, error) {
	s.cutoffs = append(s.cutoffs, cutoff)
	if store == s.fail {
		return 0, errors.New("db down")
	}
	n := min(int64(limit), s.old[store])
	s.old[store] -= n
	return n, nil
}

// TestDeleteOldAttempts: every store is swept in batches with the one
// cut-off; a dry run only counts; a failure names its store and keeps the
// counts so far.
func TestDeleteOldAttempts(t *testing.T) {
	t.Parallel()
	before := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	newStore := func() *oldAttempts {
		return &oldAttempts{old: map[string]int64{"a": 5, "b": 0, "c": 2}, order: []string{"a", "b", "c"}}
	}
	for _, dry := range []bool{true, false} {
		s := newStore()
		var seen []string
		res, err := order.DeleteOldAttempts(t.Context(), s, order.Retention{Before: before, DryRun: dry, Batch: 2},
			func(store string, n int64) { seen = append(seen, fmt.Sprint(store, "=", n)) })
		wantBatches := int64(3 + 1 + 2) // a: 2, 2, 1; b: 0; c: 2, 0
		if dry {
			wantBatches = 0
		}
		if err != nil || res != (order.RetentionResult{Stores: 3, Attempts: 7, Batches: wantBatches}) ||
			fmt.Sprint(seen) != "[a=5 b=0 c=2]" {
			t.Errorf("dry %v: %+v, %v, stores %v", dry, res, err, seen)
		}
		for _, c := range s.cutoffs {
			if !c.Equal(before) {
				t.Errorf("dry %v: cut-off %v, want %v", dry, c, before)
			}
		}
		if left := s.old["a"] + s.old["c"]; (left == 0) == dry {
			t.Errorf("dry %v: %d old attempts left", dry, left)
		}
	}
	s := newStore()
	s.fail = "c"
	res, err := order.DeleteOldAttempts(t.Context(), s, order.Retention{Before: before, Batch: 2}, func(string, int64) {})
	if err == nil || err.Error() != "store c: db down" || res.Attempts != 5 || res.Stores != 3 {
		t.Errorf("failing store: %+v, %v; want store c named and 5 deleted before", res, err)
	}
}
