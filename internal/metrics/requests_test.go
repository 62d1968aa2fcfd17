package metrics

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/orders-api/orders-api/internal/order"
)

func TestRequestMetrics(t *testing.T) {
	t.Parallel()
	m := New(nil)
	m.RequestCreated("bling", "manual")
	m.Leased("bling", 3, 1500*time.Millisecond)
	m.Released("bling", true)
	m.Swept(2, 1, 4)
	m.OpenRequests(map[string]map[string]int{"bling": {"queued": 7, "leased": 2}})
	m.Jobs(map[string]int{"running": 1, "succeeded": 3})
	rid := uuid.New()
	answers := []*order.Attempt{
		{System: "bling", Status: order.AttemptSuccess, RequestID: &rid},
		{System: "bling", Status: order.AttemptPending, RequestID: &rid}, // progress, not an answer
		{System: "bling", Status: order.AttemptError},                    // no request
	}
	if _, err := m.Orders(fakeStore{results: make([]error, 3)}).RecordAttempts(context.Background(), "s", answers); err != nil {
		t.Fatal(err)
	}
	r := m.reint
	for name, c := range map[string]struct{ got, want float64 }{
		"created":       {testutil.ToFloat64(r.created.WithLabelValues("bling", "manual")), 1},
		"leased":        {testutil.ToFloat64(r.leased.WithLabelValues("bling")), 3},
		"released":      {testutil.ToFloat64(r.released.WithLabelValues("bling")), 1},
		"expiries":      {testutil.ToFloat64(r.expired), 2},
		"max delivered": {testutil.ToFloat64(r.failed.WithLabelValues("reintegration.max_deliveries")), 2},
		"expired":       {testutil.ToFloat64(r.failed.WithLabelValues("reintegration.expired")), 4},
		"answers":       {testutil.ToFloat64(r.answered.WithLabelValues("bling")), 1},
		"queued":        {testutil.ToFloat64(r.open.WithLabelValues("bling", "queued")), 7},
		"leased gauge":  {testutil.ToFloat64(r.open.WithLabelValues("bling", "leased")), 2},
		"jobs running":  {testutil.ToFloat64(r.jobs.WithLabelValues("running")), 1},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", name, c.got, c.want)
		}
	}
	if n := testutil.CollectAndCount(r.leaseWait); n != 1 {
		t.Errorf("lease wait histogram has %d series, want 1", n)
	}
}
