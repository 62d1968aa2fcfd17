package metrics

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/order"
)

// fakeStore answers RecordAttempts with fixed results; the other methods
// are not called.
type fakeStore struct {
	order.Store
	results []error
	err     error
}

func (f fakeStore) RecordAttempts(context.Context, string, []*order.Attempt) ([]error, error) {
	return f.results, f.err
}

func attempts(labels ...string) []*order.Attempt {
	var out []*order.Attempt
	for i := 0; i+1 < len(labels); i += 2 {
		out = append(out, &order.Attempt{System: labels[i], Status: order.AttemptStatus(labels[i+1])})
	}
	return out
}

func (m *Metrics) attemptCount(system, status string) float64 {
	return testutil.ToFloat64(m.attempts.WithLabelValues(system, status))
}

func TestOrdersCountsStoredAttempts(t *testing.T) {
	t.Parallel()
	m := New(nil)
	notFound := errs.New(errs.NotFound, "order not found")
	store := m.Orders(fakeStore{results: []error{nil, notFound, nil}})
	if _, err := store.RecordAttempts(t.Context(), "acme", attempts("bling", "error", "bling", "error", "tiny", "success")); err != nil {
		t.Fatal(err)
	}
	if got := m.attemptCount("bling", "error"); got != 1 {
		t.Errorf("bling error = %v, want 1 (the attempt whose order was not found is not stored)", got)
	}
	if got := m.attemptCount("tiny", "success"); got != 1 {
		t.Errorf("tiny success = %v, want 1", got)
	}

	failing := m.Orders(fakeStore{err: errors.New("database down")})
	if _, err := failing.RecordAttempts(t.Context(), "acme", attempts("omie", "pending")); err == nil {
		t.Fatal("the store's error was lost")
	}
	if got := m.attemptCount("omie", "pending"); got != 0 {
		t.Errorf("omie pending = %v after a failed batch, want 0", got)
	}
}

func TestTallyWaitsForCommit(t *testing.T) {
	t.Parallel()
	m := New(nil)
	store := m.Orders(fakeStore{results: []error{nil}})

	ctx, dropped := m.WithTally(t.Context())
	_, _ = store.RecordAttempts(ctx, "acme", attempts("bling", "success"))
	if got := m.attemptCount("bling", "success"); got != 0 {
		t.Fatalf("counted %v before the commit", got)
	}
	_ = dropped // never committed: its transaction rolled back

	ctx, committed := m.WithTally(t.Context())
	_, _ = store.RecordAttempts(ctx, "acme", attempts("bling", "success"))
	committed.Commit()
	committed.Commit() // a second commit adds nothing
	if got := m.attemptCount("bling", "success"); got != 1 {
		t.Errorf("bling success = %v, want 1", got)
	}

	other := New(nil) // a tally of other metrics is not ours: count at once
	ctx, _ = other.WithTally(t.Context())
	_, _ = store.RecordAttempts(ctx, "acme", attempts("tiny", "error"))
	if got := m.attemptCount("tiny", "error"); got != 1 {
		t.Errorf("tiny error = %v, want 1", got)
	}
}

func TestSystemLabelIsBounded(t *testing.T) {
	t.Parallel()
	m := New(nil)
	store := m.Orders(fakeStore{results: []error{nil}})
	for i := range maxSystems + 5 {
		_, _ = store.RecordAttempts(t.Context(), "acme", attempts(fmt.Sprintf("sys-%d", i), "success"))
	}
	_, _ = store.RecordAttempts(t.Context(), "acme", attempts("sys-0", "success"))
	if n := testutil.CollectAndCount(m.attempts); n != maxSystems+1 {
		t.Errorf("%d series, want %d (the first %d systems and %s)", n, maxSystems+1, maxSystems, OtherSystem)
	}
	if got := m.attemptCount(OtherSystem, "success"); got != 5 {
		t.Errorf("%s = %v, want 5", OtherSystem, got)
	}
	if got := m.attemptCount("sys-0", "success"); got != 2 {
		t.Errorf("sys-0 = %v, want 2 (a known system keeps its label)", got)
	}
}

func TestObserveRequestAndHandler(t *testing.T) {
	t.Parallel()
	m := New(nil)
	m.ObserveRequest("/orders/:id", "GET", 200, 30*time.Millisecond)
	m.ObserveRequest("/orders/:id", "GET", 200, 10*time.Millisecond)
	m.ObserveRequest(Unmatched, "BREW", 404, time.Millisecond)

	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type = %q, want the Prometheus text format", ct)
	}
	for _, want := range []string{
		`http_requests_total{method="GET",route="/orders/:id",status="200"} 2`,
		`http_requests_total{method="OTHER",route="unmatched",status="404"} 1`,
		`http_request_duration_seconds_count{method="GET",route="/orders/:id"} 2`,
		`http_request_duration_seconds_bucket{method="GET",route="/orders/:id",le="0.025"} 1`,
		"go_goroutines ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q:\n%s", want, body)
		}
	}
}
