package request_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/database"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
	"github.com/orders-api/orders-api/internal/testdb"
)

// clock is a test's time, moved by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is one test's services on a fresh database, with a clock of its own.
type env struct {
	t      *testing.T
	db     *database.DB
	store  database.RequestStore
	orders *order.Service
	svc    *request.Service
	clock  *clock
}

// engines runs fn on a fresh database of the engine TEST_DB names (make
// test runs this package on both). The tests of this package do not run
// in parallel with each other: several open replicas' pools on a server
// that others share.
func engines(t *testing.T, fn func(t *testing.T, url string)) {
	fn(t, testdb.NewFor(t))
}

// newEnv opens url; cfg sets the rules (defaults when zero).
func newEnv(t *testing.T, url string, cfg request.Config) *env {
	t.Helper()
	db, err := database.Open(t.Context(), url, nil)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if err := db.Migrate(t.Context()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	rs := db.Requests()
	t.Cleanup(rs.Close)
	c := &clock{t: time.Now().UTC().Truncate(time.Microsecond)}
	return &env{t: t, db: db, store: rs, orders: order.NewService(db.Orders(), c.now),
		svc: request.NewService(rs, rs.Notifier(), c.now, cfg), clock: c}
}

// order creates an order of store.
func (v *env) order(store string) order.Order {
	v.t.Helper()
	total := int64(100)
	o, err := v.orders.CreateOrder(v.t.Context(), store, order.NewOrder{Number: uuid.NewString()[:30],
		Customer: order.Customer{Name: "Ana"}, TotalCents: &total})
	if err != nil {
		v.t.Fatalf("create order: %v", err)
	}
	return o
}

// ask creates a request for o and system.
func (v *env) ask(store string, o uuid.UUID, system string) (request.Request, bool) {
	v.t.Helper()
	r, created, err := v.svc.Create(v.t.Context(), store, o, request.Ask{System: system})
	if err != nil {
		v.t.Fatalf("create request: %v", err)
	}
	return r, created
}

// lease leases for system with lease.
func (v *env) lease(ctx context.Context, store, system string, limit int, lease time.Duration) []request.Grant {
	v.t.Helper()
	got, err := v.svc.Lease(ctx, store, request.LeaseAsk{System: system, Limit: limit, LeaseFor: lease})
	if err != nil {
		v.t.Fatalf("lease: %v", err)
	}
	return got
}

// get reads a request.
func (v *env) get(store string, id uuid.UUID) request.Request {
	v.t.Helper()
	r, err := v.svc.Request(v.t.Context(), store, id)
	if err != nil {
		v.t.Fatalf("get request: %v", err)
	}
	return r
}

// history returns the attempts of an order, newest first.
func (v *env) history(store string, id uuid.UUID) []order.Attempt {
	v.t.Helper()
	page, err := v.orders.Attempts(v.t.Context(), store, order.AttemptFilter{OrderID: &id, Limit: 200})
	if err != nil {
		v.t.Fatalf("history: %v", err)
	}
	return page.Attempts
}

// answer records an attempt answering r.
func (v *env) answer(store string, r request.Request, status order.AttemptStatus) (order.Attempt, error) {
	return v.orders.RecordAttempt(v.t.Context(), store, order.NewAttempt{OrderID: r.OrderID, System: r.System,
		Status: status, Message: "sent", RequestID: &r.ID})
}
