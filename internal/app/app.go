// Package app is the composition root of orders-api: it builds, from the
// configuration, the logger, the database, the services on it and the
// HTTP server, and owns what runs beside the server (readiness, the
// idempotency purge, profiles). Every command and the tests get their
// object graph here, so that it is wired once.
package app

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/config"
	"github.com/orders-api/orders-api/internal/database"
	"github.com/orders-api/orders-api/internal/httpapi"
	"github.com/orders-api/orders-api/internal/metrics"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
)

// Migration says when New applies the pending migrations.
type Migration int

// The migration policies; the zero value follows MIGRATE_ON_START.
const (
	MigrateOnStart Migration = iota // when Config.MigrateOnStart is set
	MigrateAlways                   // the migrate command
	MigrateNever
)

// Options says what New does beyond opening the database.
type Options struct {
	Migrate Migration
	// Tokens loads the verifier of the admin SPA's JWTs (JWT_*) first,
	// before any database work: the server needs it, the operator commands
	// don't.
	Tokens bool
}

// App is the object graph of one process. Close releases it.
type App struct {
	Config  config.Config
	Logger  *slog.Logger
	DB      *database.DB
	Orders  *order.Service        // its attempts counted by Metrics
	Keys    *auth.Keys            // API keys, cached Config.KeyCacheTTL
	Tokens  httpapi.Authenticator // the admin SPA's JWTs; nil: API keys only
	Metrics *metrics.Metrics      // on a registry of this App's own
	// Requests and Jobs are re-integration's (SPEC 9): requests, the lease
	// queue and bulk jobs; Serve runs their sweep and job runner.
	Requests *request.Service
	Jobs     *request.Jobs
	// Streams are this process's open live streams (SPEC 10.1): Serve ends
	// them at once on shutdown.
	Streams *httpapi.Streams
	reint   reintegration
	ready   *readiness
	schema  *schemaGate
}

// New opens the database of cfg, applies the migrations as opts says, and
// builds the services on it. A database that can't be opened or reached
// is a *database.ConnectError.
func New(ctx context.Context, cfg config.Config, logger *slog.Logger, opts Options) (*App, error) {
	a := &App{Config: cfg, Logger: logger}
	if opts.Tokens {
		var err error
		if a.Tokens, err = loadTokens(cfg); err != nil {
			return nil, err
		}
	}
	db, err := database.Open(ctx, cfg.DatabaseURL, logger)
	if err != nil {
		return nil, database.OpenError(cfg.DatabaseURL, err)
	}
	a.DB = db
	if opts.Migrate == MigrateAlways || (opts.Migrate == MigrateOnStart && cfg.MigrateOnStart) {
		if err := a.migrate(ctx); err != nil {
			_ = a.Close()
			return nil, err
		}
	}
	a.wire(ctx)
	return a, nil
}

// migrate applies the pending migrations.
func (a *App) migrate(ctx context.Context) error {
	start := time.Now()
	if err := a.DB.Migrate(ctx); err != nil {
		return database.MigrateError(a.Config.DatabaseURL, err)
	}
	a.Logger.Info("schema up to date", slog.String("took", time.Since(start).Round(time.Millisecond).String()))
	return nil
}

// wire builds the services and the readiness on the open database.
func (a *App) wire(ctx context.Context) {
	a.Metrics = metrics.New(prometheus.NewRegistry())
	a.Metrics.WatchPool(a.DB.Pool())
	a.Orders = order.NewService(a.Metrics.Orders(a.DB.Orders()), time.Now)
	a.Keys = auth.NewKeys(a.DB.Keys(), time.Now, a.Config.KeyCacheTTL)
	a.wireRequests()
	a.Streams = httpapi.NewStreams()
	a.ready = &readiness{check: a.DB.Ready}
	a.schema = newSchemaGate(ctx, a.DB.Ready, a.Logger)
}

// Deps is what the HTTP layer gets, as serve wires it: tests that need a
// variant change a field of it.
func (a *App) Deps() httpapi.Deps {
	return httpapi.Deps{
		Config:      httpConfig(a.Config),
		Logger:      a.Logger,
		Orders:      a.Orders,
		Auth:        a.schema.guard(a.Keys),
		Tokens:      a.schema.guard(a.Tokens),
		Idempotency: a.DB.Idempotency(),
		Ready:       a.ready.Ready,
		Metrics:     a.Metrics,
		Requests:    a.Requests,
		Jobs:        a.Jobs,
		Live:        a.DB.Live(),
		Streams:     a.Streams,
	}
}

// Handler is the HTTP handler of the service.
func (a *App) Handler() http.Handler { return httpapi.NewServer(a.Deps()) }

// httpConfig is the HTTP layer's part of cfg.
func httpConfig(cfg config.Config) httpapi.Config {
	return httpapi.Config{
		MaxBodyBytes:       cfg.MaxBodyBytes,
		RateLimitRPS:       cfg.RateLimitRPS,
		RateLimitBurst:     cfg.RateLimitBurst,
		CORSAllowedOrigins: cfg.CORSOrigins(),
		TrustedProxies:     cfg.TrustedProxies(),
		// a request's work ends before WRITE_TIMEOUT, which would cut the
		// connection, so that its 503 can still be sent
		RequestTimeout: cfg.WriteTimeout - cfg.WriteTimeout/10,
		StreamsPerKey:  cfg.StreamsPerKey,
	}
}

// Close stops the request store's notification session and closes the
// database. A failure is also logged: at that point the caller has nothing
// else to do about it.
func (a *App) Close() error {
	if a.reint.requests != nil {
		a.reint.requests.Close()
	}
	err := a.DB.Close()
	if err != nil {
		a.Logger.Warn("closing the database failed", slog.Any("error", err))
	}
	return err
}
