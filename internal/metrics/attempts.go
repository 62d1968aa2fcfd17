package metrics

import (
	"context"
	"sync"

	"github.com/orders-api/orders-api/internal/order"
)

// maxSystems bounds the system label of the attempts counter. Systems are
// slugs chosen by clients; past this many distinct ones, the others are
// counted under OtherSystem, so a misbehaving client can't grow the series
// without end.
const maxSystems = 100

// OtherSystem is the system label of the systems past the first maxSystems.
// A slug can't start with '_', so it never names a real system.
const OtherSystem = "_other"

// Orders returns store with its stored attempts counted in
// orders_api_attempts_recorded_total. When the context of RecordAttempts
// carries a Tally (see WithTally), the count waits for the tally's Commit,
// since the caller's transaction may still roll back; otherwise the store
// has committed when RecordAttempts returns, and they are counted at once.
func (m *Metrics) Orders(store order.Store) order.Store {
	return countingStore{Store: store, m: m}
}

// countingStore is an order.Store that counts the attempts it stores.
type countingStore struct {
	order.Store
	m *Metrics
}

// RecordAttempts stores attempts, then counts those stored (the ones without
// an error of their own).
func (s countingStore) RecordAttempts(ctx context.Context, storeID string, attempts []*order.Attempt) ([]error, error) {
	results, err := s.Store.RecordAttempts(ctx, storeID, attempts)
	if err != nil {
		return results, err
	}
	stored := make([]attemptLabels, 0, len(attempts))
	for i, a := range attempts {
		if results[i] == nil {
			stored = append(stored, attemptLabels{system: a.System, status: string(a.Status),
				answers: a.RequestID != nil && a.Status != order.AttemptPending})
		}
	}
	if t, ok := ctx.Value(tallyKey{}).(*Tally); ok && t.m == s.m {
		t.add(stored)
	} else {
		s.m.countAttempts(stored)
	}
	return results, nil
}

// attemptLabels are the labels of one stored attempt.
type attemptLabels struct {
	system, status string
	answers        bool // it names a request, with a final status
}

func (m *Metrics) countAttempts(stored []attemptLabels) {
	for _, a := range stored {
		m.attempts.WithLabelValues(m.systems.label(a.system), a.status).Inc()
		if a.answers {
			m.answered(a.system)
		}
	}
}

// tallyKey is the context key of a request's Tally.
type tallyKey struct{}

// Tally holds the attempts stored during one request until the request's
// outcome is known: the HTTP layer commits it when the response is a 2xx,
// which is sent only after the data committed, and drops it otherwise.
type Tally struct {
	m       *Metrics
	mu      sync.Mutex
	pending []attemptLabels
}

// WithTally returns ctx carrying a new, empty Tally.
func (m *Metrics) WithTally(ctx context.Context) (context.Context, *Tally) {
	t := &Tally{m: m}
	return context.WithValue(ctx, tallyKey{}, t), t
}

func (t *Tally) add(stored []attemptLabels) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pending = append(t.pending, stored...)
}

// Commit counts the pending attempts, then forgets them.
func (t *Tally) Commit() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.m.countAttempts(t.pending)
	t.pending = nil
}

// labelCap passes through the first max distinct values it sees and maps
// every later one to OtherSystem.
type labelCap struct {
	max  int
	mu   sync.Mutex
	seen map[string]struct{}
}

func newLabelCap(limit int) *labelCap {
	return &labelCap{max: limit, seen: map[string]struct{}{}}
}

func (c *labelCap) label(v string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.seen[v]; ok {
		return v
	}
	if len(c.seen) >= c.max {
		return OtherSystem
	}
	c.seen[v] = struct{}{}
	return v
}
