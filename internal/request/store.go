package request

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/order"
)

// Store keeps requests. Every method is scoped by the store (tenant) id: a
// request of another store is not found. Errors are *errs.Error values or
// wrapped internal errors.
type Store interface {
	// CreateRequests stores each request with its pending attempt (see
	// NewRequests) in one transaction, updating the order's summary, unless
	// its order and system already have an open request: then that one is
	// returned with created false and nothing is stored for it. An order
	// that is not in the store is a NotFound entry of errs.
	CreateRequests(ctx context.Context, storeID string, rs []New) (out []Created, err error)
	// OrderExists reports whether the order is in the store: the 404 of an
	// order's empty request list.
	OrderExists(ctx context.Context, storeID string, id uuid.UUID) (bool, error)
	// Request returns one request as stored.
	Request(ctx context.Context, storeID string, id uuid.UUID) (Request, error)
	// Requests returns up to f.Limit+1 requests matching f at now, newest
	// first.
	Requests(ctx context.Context, storeID string, f Filter, now time.Time) ([]Request, error)
	// Lease leases up to p.Limit open requests of p.System available at
	// p.Now, oldest available first, skipping those another transaction
	// holds: each gets the next hash of p.Hashes, leased_until p.Until and
	// one more delivery. It returns them with their orders.
	Lease(ctx context.Context, storeID string, p LeaseParams) ([]Grant, error)
	// Release and Extend change a request's current unexpired lease, whose
	// token hash must be hash (else Conflict); change is given the request
	// as stored (the lease checked) and returns it changed, and the attempt
	// to record with it (for a release that gives up, see Service).
	Release(ctx context.Context, storeID string, id uuid.UUID, hash []byte, now time.Time,
		change func(Request) (Request, *order.Attempt)) (Request, error)
	Extend(ctx context.Context, storeID string, id uuid.UUID, hash []byte, now, until time.Time) (Request, error)
	// Sweep, across stores, puts expired leases back to queued and gives
	// up the requests that p says, each with its attempt, at most p.Limit
	// of each kind; requests another transaction holds are left to the
	// next sweep, so that several replicas sweeping fail each request once.
	Sweep(ctx context.Context, p SweepParams) (SweepResult, error)
}

// New is a request to store, with the attempt that records it.
type New struct {
	Request Request
	Attempt *order.Attempt
}

// Created is the outcome of one New: the stored request (or the open one
// that was there), whether it is new, or why it could not be stored.
type Created struct {
	Request Request
	Created bool
	Err     error
}

// LeaseParams are a lease call's, resolved.
type LeaseParams struct {
	System        string
	Limit         int
	Now, Until    time.Time
	Hashes        [][]byte // one per request that may be leased, Limit of them
	MaxDeliveries int      // requests with this many deliveries are not leased again
}

// Grant is a request just leased, with its token and its order.
type Grant struct {
	Request Request
	Token   string
	Order   order.Order
}

// SweepParams say what the sweep gives up.
type SweepParams struct {
	Now           time.Time
	MaxDeliveries int       // a lease ended with this many deliveries: MaxDeliveries
	CreatedBefore time.Time // an open request not held, created before this: Expired
	Limit         int
}

// SweepResult counts what a sweep did.
type SweepResult struct {
	Requeued      int // expired leases read queued again
	MaxDeliveries int // given up after their last lease
	Expired       int // given up at REQUEST_TTL
}

// Notifier wakes long polls: Subscribe's channel receives (at least once,
// possibly more) after requests of the store and system may have become
// leasable, on any replica; cancel stops it.
type Notifier interface {
	Subscribe(storeID, system string) (ch <-chan struct{}, cancel func())
}
