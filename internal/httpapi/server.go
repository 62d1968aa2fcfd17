// Package httpapi is the HTTP adapter of orders-api: the route table, the
// request and response shapes (DTOs), decoding and validation of input, the
// middleware (auth, limits, idempotency) and the one error handler.
package httpapi

import (
	"context"
	"log/slog"
	"net/netip"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi/wire"
	"github.com/orders-api/orders-api/internal/idempotency"
	"github.com/orders-api/orders-api/internal/metrics"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
)

// Config holds the HTTP layer's limits.
type Config struct {
	MaxBodyBytes   int64   // request bodies, after decompression
	RateLimitRPS   float64 // per key; 0 turns rate limiting off
	RateLimitBurst int
	// CORSAllowedOrigins are the browser origins (the admin SPA's) that may
	// call the API; none when empty.
	CORSAllowedOrigins []string
	// TrustedProxies are the networks whose X-Forwarded-For is believed for
	// the client's address; none when empty.
	TrustedProxies []netip.Prefix
	// RequestTimeout bounds each request's work, its database calls
	// included: a database that stops answering gives 503 after it rather
	// than a request that waits for TCP to give up. 0: no bound.
	RequestTimeout time.Duration
	// StreamsPerKey bounds each key's open live streams on this replica
	// (STREAMS_PER_KEY); 0 is DefaultStreamsPerKey. StreamKeepAlive is how
	// often an idle stream sends a comment line; 0 is DefaultKeepAlive.
	StreamsPerKey   int
	StreamKeepAlive time.Duration
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
	Tokens      Authenticator // the admin SPA's JWTs (*auth.Tokens); nil accepts API keys only
	Idempotency idempotency.Store
	Ready       func(context.Context) error
	Metrics     *metrics.Metrics // nil: metrics on a registry of this handler alone
	Requests    *request.Service // re-integration (SPEC 9)
	Jobs        *request.Jobs    // its bulk jobs
	Live        order.LiveStore  // streams, statistics, exports (SPEC 10); nil answers them 503
	Streams     *Streams         // the open streams, closed on shutdown; nil: the handler's own
}

type server struct {
	cfg     Config
	log     *slog.Logger
	orders  *order.Service
	auth    Authenticator
	tokens  Authenticator
	idem    idempotency.Store
	ready   func(context.Context) error
	limiter *limiter
	metrics *metrics.Metrics
	reqs    *request.Service
	jobs    *request.Jobs
	live    order.LiveStore
	streams *Streams
}

// NewServer returns the service's HTTP handler with every route registered.
func NewServer(d Deps) *echo.Echo {
	s := &server{cfg: d.Config, log: d.Logger, orders: d.Orders, auth: d.Auth, tokens: d.Tokens, idem: d.Idempotency,
		ready: d.Ready, limiter: newLimiter(d.Config.RateLimitRPS, d.Config.RateLimitBurst), reqs: d.Requests, jobs: d.Jobs}
	s.metrics = metricsOrNew(d.Metrics)
	s.live, s.streams = liveOrUnavailable(d.Live), streamsOrNew(d.Streams)
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	e.JSONSerializer = wire.NewSerializer()              // one write per response
	e.IPExtractor = ipExtractor(d.Config.TrustedProxies) // X-Forwarded-For only from trusted proxies
	e.Use(s.requestID, s.observe(), s.accessLog, s.recover, securityHeaders, s.deadline)
	if len(d.Config.CORSAllowedOrigins) > 0 {
		e.Use(cors(d.Config.CORSAllowedOrigins))
	}
	s.routes(e)
	return e
}
