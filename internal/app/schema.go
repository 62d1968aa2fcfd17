package app

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/httpapi"
)

// schemaGate holds the API back while the database is not ready, such as
// a server started with MIGRATE_ON_START=false before `orders-api
// migrate` ran: its requests would hit missing tables (500s), so they
// answer what /readyz says instead, 503 with Retry-After. It asks the
// readiness check until that passes once, then never again: a running
// binary's migrations never become pending again. Every API route
// authenticates first, so the gate stands in front of the authenticators;
// the probes, /metrics and the docs don't pass it.
type schemaGate struct {
	check  func(context.Context) error
	logger *slog.Logger
	open   atomic.Bool
	mu     sync.Mutex
	err    error // why it was closed at start; nil when it was open
}

// newSchemaGate returns the gate of check, open when check passes now.
func newSchemaGate(ctx context.Context, check func(context.Context) error, logger *slog.Logger) *schemaGate {
	g := &schemaGate{check: check, logger: logger}
	g.err = g.pass(ctx)
	return g
}

// pass returns nil once the database is ready, else the readiness error,
// an errs.Unavailable one.
func (g *schemaGate) pass(ctx context.Context) error {
	if g.open.Load() {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	if err := g.check(ctx); err != nil {
		if errs.CodeOf(err) != errs.Unavailable {
			return errs.Wrap(errs.Unavailable, err, "the database is not ready")
		}
		return err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.open.Swap(true) && g.err != nil {
		g.logger.Info("the database is ready: the API answers again")
	}
	return nil
}

// warn logs, on one line, why the gate was closed at start.
func (g *schemaGate) warn() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.err != nil && !g.open.Load() {
		detail := g.err.Error()
		if e, ok := errs.As(g.err); ok {
			detail = e.Detail
		}
		g.logger.Warn("the API answers 503 until the database is ready: run orders-api migrate "+
			"(MIGRATE_ON_START=false, so serve does not apply migrations)", slog.String("reason", detail))
	}
}

// guard returns next behind the gate; nil stays nil.
func (g *schemaGate) guard(next httpapi.Authenticator) httpapi.Authenticator {
	if next == nil {
		return nil
	}
	return gated{gate: g, next: next}
}

// gated is an Authenticator behind the schema gate.
type gated struct {
	gate *schemaGate
	next httpapi.Authenticator
}

// Authenticate answers the gate's error while it is closed, else next's.
func (a gated) Authenticate(ctx context.Context, token string) (auth.Identity, error) {
	if err := a.gate.pass(ctx); err != nil {
		return auth.Identity{}, err
	}
	return a.next.Authenticate(ctx, token)
}
