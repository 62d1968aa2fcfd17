package app

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/idempotency"
)

// purgeStore is an idempotency.Store whose Purge deletes the counts given,
// one per call; its other methods are not used by the purge.
type purgeStore struct {
	idempotency.Store
	counts []int64
	err    error
	calls  int
	limits []int
}

func (s *purgeStore) Purge(_ context.Context, _ time.Time, limit int) (int64, error) {
	s.calls++
	s.limits = append(s.limits, limit)
	if len(s.counts) == 0 {
		return 0, s.err
	}
	n := s.counts[0]
	s.counts = s.counts[1:]
	return n, nil
}

func TestPurgeOnce(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		store     *purgeStore
		wantCalls int
		wantLog   string
	}{
		{"nothing to purge", &purgeStore{counts: []int64{0}}, 1, ""},
		{"batches until a short one", &purgeStore{counts: []int64{1000, 1000, 3}}, 3, `"count":2003`},
		{"exactly full batches", &purgeStore{counts: []int64{1000, 0}}, 2, `"count":1000`},
		{"failure is logged", &purgeStore{counts: []int64{1000}, err: errors.New("db down")}, 2, "idempotency purge failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var log bytes.Buffer
			purgeOnce(t.Context(), tt.store, slog.New(slog.NewJSONHandler(&log, nil)), time.Now())
			if tt.store.calls != tt.wantCalls {
				t.Errorf("Purge called %d times, want %d", tt.store.calls, tt.wantCalls)
			}
			for _, l := range tt.store.limits {
				if l != purgeBatch {
					t.Errorf("Purge limit = %d, want %d", l, purgeBatch)
				}
			}
			if !strings.Contains(log.String(), tt.wantLog) || (tt.wantLog == "" && log.Len() > 0) {
				t.Errorf("log = %q, want %q", log.String(), tt.wantLog)
			}
		})
	}
}

// TestStartPurgeStops checks that stop ends the loop and waits for it.
func TestStartPurgeStops(t *testing.T) {
	t.Parallel()
	store := &purgeStore{}
	stop := startPurge(t.Context(), store, func(context.Context) error { return nil }, slog.New(slog.DiscardHandler))
	done := make(chan struct{})
	go func() { stop(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("stop did not return")
	}
}
