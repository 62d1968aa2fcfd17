package request

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/order"
)

// Config holds the rules' settings (SPEC 3).
type Config struct {
	// MaxDeliveries is how many leases a request gets: the one that ends
	// unanswered at this count gives it up (REQUEST_MAX_DELIVERIES).
	MaxDeliveries int
	// TTL gives up a request not leased this long after it was asked
	// (REQUEST_TTL).
	TTL time.Duration
}

// Defaults of Config.
const (
	DefaultMaxDeliveries = 5
	DefaultTTL           = 72 * time.Hour
)

// pollInterval is how often a long poll tries again when nothing woke it:
// the fall-back of notifications, and what sees expired leases.
const pollInterval = time.Second

var errNotFound = errs.New(errs.NotFound, "integration request not found")

var errOrderNotFound = errs.New(errs.NotFound, "order not found")

var errStaleLease = errs.New(errs.Conflict, "the lease token is not this request's current unexpired lease")

// Service applies the rules of re-integration requests on a Store.
type Service struct {
	store    Store
	notifier Notifier // nil: long polls poll
	clock    func() time.Time
	cfg      Config
	draining chan struct{} // closed by Drain: long polls answer at once
	drain    sync.Once
}

// NewService returns a Service; clock is the time source (time.Now in
// production), notifier may be nil.
func NewService(store Store, notifier Notifier, clock func() time.Time, cfg Config) *Service {
	if cfg.MaxDeliveries <= 0 {
		cfg.MaxDeliveries = DefaultMaxDeliveries
	}
	if cfg.TTL <= 0 {
		cfg.TTL = DefaultTTL
	}
	return &Service{store: store, notifier: notifier, clock: clock, cfg: cfg, draining: make(chan struct{})}
}

// Drain ends every long poll (they answer what they have, possibly []),
// and makes later ones answer at once: for a graceful shutdown, so that
// waiting lease calls don't hold it up to 20 s.
func (s *Service) Drain() { s.drain.Do(func() { close(s.draining) }) }

// now is the service time, at the database's precision.
func (s *Service) now() time.Time { return s.clock().UTC().Truncate(time.Microsecond) }

// Ask is who asks for a request, and why.
type Ask struct {
	System      string
	Reason      *string
	RequestedBy *string
	JobID       *uuid.UUID // set by bulk jobs
}

// Create asks that orderID be sent to a.System again. created is false when
// the order and system had an open request already: that one is returned.
func (s *Service) Create(ctx context.Context, storeID string, orderID uuid.UUID, a Ask) (Request, bool, error) {
	if err := a.Validate(); err != nil {
		return Request{}, false, err
	}
	out, err := s.store.CreateRequests(ctx, storeID, []New{NewRequest(storeID, orderID, a, s.now())})
	if err != nil {
		return Request{}, false, fmt.Errorf("create integration request: %w", err)
	}
	if out[0].Err != nil {
		return Request{}, false, out[0].Err
	}
	return out[0].Request.At(s.now()), out[0].Created, nil
}

// NewRequest is the request asked by a for orderID at now, with the pending
// attempt that records it.
func NewRequest(storeID string, orderID uuid.UUID, a Ask, now time.Time) New {
	r := Request{
		ID: uuid.Must(uuid.NewV7()), StoreID: storeID, OrderID: orderID, System: a.System, State: Queued,
		Reason: a.Reason, RequestedBy: a.RequestedBy, Trigger: Manual, JobID: a.JobID,
		AvailableAt: now, CreatedAt: now,
	}
	if a.JobID != nil {
		r.Trigger = Bulk
	}
	return New{Request: r, Attempt: requestedAttempt(r)}
}

// Request returns one request of storeID.
func (s *Service) Request(ctx context.Context, storeID string, id uuid.UUID) (Request, error) {
	r, err := s.store.Request(ctx, storeID, id)
	if err != nil {
		return Request{}, err
	}
	return r.At(s.now()), nil
}

// Requests returns one page of storeID's requests, newest first. With an
// order id, a page of an order not in the store is NotFound (exists tells).
func (s *Service) Requests(ctx context.Context, storeID string, f Filter) (Page, error) {
	f.Limit = clampLimit(f.Limit)
	now := s.now()
	rs, err := s.store.Requests(ctx, storeID, f, now)
	if err != nil {
		return Page{}, fmt.Errorf("list integration requests: %w", err)
	}
	if f.OrderID != nil && len(rs) == 0 {
		if ok, err := s.store.OrderExists(ctx, storeID, *f.OrderID); err != nil {
			return Page{}, fmt.Errorf("list integration requests: %w", err)
		} else if !ok {
			return Page{}, errOrderNotFound
		}
	}
	page := Page{Requests: rs}
	if len(rs) > f.Limit {
		page.Requests = rs[:f.Limit]
		k := page.Requests[f.Limit-1].Key()
		page.Next = &k
	}
	for i := range page.Requests {
		page.Requests[i] = page.Requests[i].At(now)
	}
	return page, nil
}

func clampLimit(n int) int {
	switch {
	case n <= 0:
		return order.DefaultLimit
	case n > order.MaxLimit:
		return order.MaxLimit
	}
	return n
}
