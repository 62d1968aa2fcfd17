package sweep

import (
	"context"
	"errors"
	"testing"
	"time"
)

// steps is a Step that deletes the counts given, one per call, then fails
// with err (or deletes nothing when err is nil).
type steps struct {
	counts []int64
	err    error
	limits []int
}

func (s *steps) step(_ context.Context, limit int) (int64, error) {
	s.limits = append(s.limits, limit)
	if len(s.counts) == 0 {
		return 0, s.err
	}
	n := s.counts[0]
	s.counts = s.counts[1:]
	return n, nil
}

func TestRun(t *testing.T) {
	t.Parallel()
	down := errors.New("db down")
	tests := []struct {
		name                string
		s                   *steps
		rows, batches, runs int64
		err                 error
	}{
		{"nothing", &steps{counts: []int64{0}}, 0, 1, 1, nil},
		{"until a short batch", &steps{counts: []int64{10, 10, 3}}, 23, 3, 3, nil},
		{"exactly full batches", &steps{counts: []int64{10, 0}}, 10, 2, 2, nil},
		{"a failure keeps the count so far", &steps{counts: []int64{10}, err: down}, 10, 1, 2, down},
	}
	for _, tt := range tests {
		rows, batches, err := Run(t.Context(), 10, time.Millisecond, tt.s.step)
		if rows != tt.rows || batches != tt.batches || !errors.Is(err, tt.err) || int64(len(tt.s.limits)) != tt.runs {
			t.Errorf("%s: Run = %d rows, %d batches, %v after %d calls; want %d, %d, %v after %d",
				tt.name, rows, batches, err, len(tt.s.limits), tt.rows, tt.batches, tt.err, tt.runs)
		}
		for _, l := range tt.s.limits {
			if l != 10 {
				t.Errorf("%s: step limit %d, want 10", tt.name, l)
			}
		}
	}
}

// TestRunStopsWithContext: a canceled context ends the loop between two
// full batches, with or without a pause.
func TestRunStopsWithContext(t *testing.T) {
	t.Parallel()
	for _, pause := range []time.Duration{0, time.Hour} {
		ctx, cancel := context.WithCancel(t.Context())
		calls := 0
		rows, _, err := Run(ctx, 5, pause, func(context.Context, int) (int64, error) {
			calls++
			cancel()
			return 5, nil
		})
		if calls != 1 || rows != 5 || !errors.Is(err, context.Canceled) {
			t.Errorf("pause %v: %d calls, %d rows, %v; want 1 call, 5 rows, canceled", pause, calls, rows, err)
		}
	}
	if _, _, err := Run(t.Context(), 0, 0, nil); err == nil {
		t.Error("Run with a batch size of 0 succeeded: it would never end")
	}
}
