package app

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/orders-api/orders-api/internal/errs"
)

// readyTimeout bounds one readiness check, below the probes' timeout, so a
// database that does not answer makes /readyz fail rather than hang.
const readyTimeout = 2 * time.Second

// errDraining is the readiness failure of a server that is shutting down.
var errDraining = &errs.Error{Code: errs.Unavailable, Detail: "the server is shutting down", RetryAfter: time.Second}

// readiness is the answer of /readyz: the database's (reachable, no
// migration pending) until drain is called, then false for good.
type readiness struct {
	check    func(context.Context) error
	draining atomic.Bool
}

// Ready reports whether the replica should get traffic, as nil or an
// errs.Unavailable error.
func (r *readiness) Ready(ctx context.Context) error {
	if r.draining.Load() {
		return errDraining
	}
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	return r.check(ctx)
}

// drain turns readiness false: the first step of a graceful shutdown.
func (r *readiness) drain() { r.draining.Store(true) }
