// Package httpapi is the HTTP adapter of orders-api: the route table, the
// request and response shapes (DTOs), decoding and validation of input, the
// middleware (auth, limits, idempotency) and the one error handler.
package httpapi

import (
	"context"
	"log/slog"

	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/idempotency"
	"github.com/orders-api/orders-api/internal/order"
)

// Config holds the HTTP layer's limits.
type Config struct {
	MaxBodyBytes   int64   // request bodies, after decompression
	RateLimitRPS   float64 // per key; 0 turns rate limiting off
	RateLimitBurst int
}

// Authenticator checks a bearer token; *auth.Keys is one.
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (auth.Identity, error)
}

// Deps is what the HTTP layer needs; main builds it.
type Deps struct {
	Config      Config
	Logger      *slog.Logger
	Orders      *order.Service
	Auth        Authenticator
	Idempotency idempotency.Store
	Ready       func(context.Context) error
}

type server struct {
	cfg     Config
	log     *slog.Logger
	orders  *order.Service
	auth    Authenticator
	idem    idempotency.Store
	ready   func(context.Context) error
	limiter *limiter
}

// NewServer returns the service's HTTP handler with every route registered.
func NewServer(d Deps) *echo.Echo {
	s := &server{cfg: d.Config, log: d.Logger, orders: d.Orders, auth: d.Auth, idem: d.Idempotency,
		ready: d.Ready, limiter: newLimiter(d.Config.RateLimitRPS, d.Config.RateLimitBurst)}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	e.IPExtractor = echo.ExtractIPDirect() // never trust client-sent X-Forwarded-For / X-Real-IP
	e.Use(s.requestID, s.accessLog, s.recover, securityHeaders)
	s.routes(e)
	return e
}
