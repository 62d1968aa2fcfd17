package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/config"
	"github.com/orders-api/orders-api/internal/database"
	"github.com/orders-api/orders-api/internal/httpapi"
	"github.com/orders-api/orders-api/internal/metrics"
	"github.com/orders-api/orders-api/internal/order"
)

const serveUsage = `Usage: orders-api serve [--demo]

Applies pending migrations (unless MIGRATE_ON_START=false), then serves HTTP on
HTTP_ADDR until SIGINT or SIGTERM, and shuts down gracefully within
SHUTDOWN_TIMEOUT. Run orders-api -h for the environment variables.

--demo first seeds, once, the demo store "demo" with realistic orders and
histories, and prints a new admin key and connector key for it with curl lines
to try (see orders-api demo -h).
`

// serveCmd is `orders-api serve`: config, logger, database, services, HTTP.
func serveCmd(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	demo := fs.Bool("demo", false, "seed the demo store and print keys for it")
	if err := noArgs(e, fs, args, serveUsage); err != nil {
		return err
	}
	cfg, logger, err := setup(e, slog.LevelInfo)
	if err != nil {
		return err
	}
	tokens, err := loadTokens(cfg)
	if err != nil {
		return err
	}
	tuneGC(e.getenv, logger)
	stopPprof, err := startPprof(e.getenv("PPROF_ADDR"), logger) // off unless set
	if err != nil {
		return err
	}
	defer stopPprof()
	db, err := openDatabase(ctx, cfg, logger, cfg.MigrateOnStart)
	if err != nil {
		return commandError("serve", err)
	}
	defer closeDatabase(db, logger)
	if *demo {
		if err := seedDemo(ctx, e, cfg, logger, db); err != nil {
			return commandError("serve", err)
		}
	}
	return serveHTTP(ctx, cfg, logger, db, tokens)
}

// setup is the start of the commands that use the database: it loads the
// configuration, checks that a database is configured, builds the logger
// (on stderr) and logs the effective configuration, secrets masked, at
// level: info for the server, debug for the quick operator commands.
func setup(e env, level slog.Level) (config.Config, *slog.Logger, error) {
	cfg, err := config.Load(e.getenv)
	if err == nil {
		err = cfg.CheckDatabase()
	}
	if err != nil {
		return config.Config{}, nil, err
	}
	logger := newLogger(cfg, e.stderr)
	logger.Log(context.Background(), level, "configuration", slog.Any("config", cfg))
	return cfg, logger, nil
}

// newLogger returns the process logger: JSON or text lines on w.
func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == config.FormatText {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// newHandler builds the services on db and the HTTP handler on them; m
// counts the requests and the attempts stored, ready answers /readyz;
// tokens verifies the admin SPA's JWTs (nil: API keys only).
func newHandler(cfg config.Config, logger *slog.Logger, db *database.DB, m *metrics.Metrics, ready func(context.Context) error, tokens httpapi.Authenticator, streams *httpapi.Streams) http.Handler {
	orders := order.NewService(m.Orders(db.Orders()), time.Now)
	keys := auth.NewKeys(db.Keys(), time.Now, cfg.KeyCacheTTL)
	return httpapi.NewServer(httpapi.Deps{
		Config: httpapi.Config{
			MaxBodyBytes:       cfg.MaxBodyBytes,
			RateLimitRPS:       cfg.RateLimitRPS,
			RateLimitBurst:     cfg.RateLimitBurst,
			CORSAllowedOrigins: cfg.CORSOrigins(),
			TrustedProxies:     cfg.TrustedProxies(),
			// a request's work ends before WRITE_TIMEOUT, which would cut
			// the connection, so that its 503 can still be sent
			RequestTimeout: cfg.WriteTimeout - cfg.WriteTimeout/10,
			StreamsPerKey:  cfg.StreamsPerKey,
		},
		Logger:      logger,
		Orders:      orders,
		Auth:        keys,
		Tokens:      tokens,
		Idempotency: db.Idempotency(),
		Ready:       ready,
		Metrics:     m,
		Live:        db.Live(),
		Streams:     streams,
	})
}

// serveHTTP serves until ctx is done, then shuts down gracefully: /readyz
// turns false, the listener closes and in-flight requests get
// ShutdownTimeout to end. The idempotency purge runs alongside and is
// stopped before it returns; the caller closes the pool after that.
func serveHTTP(ctx context.Context, cfg config.Config, logger *slog.Logger, db *database.DB, tokens httpapi.Authenticator) error {
	m := metrics.New(prometheus.NewRegistry())
	m.WatchPool(db.Pool())
	ready := &readiness{check: db.Ready}
	streams := httpapi.NewStreams()
	srv := newHTTPServer(cfg, logger, newHandler(cfg, logger, db, m, ready.Ready, tokens, streams))
	srv.RegisterOnShutdown(streams.Close) // streams end at once: they never hold the shutdown up
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", cfg.HTTPAddr)
	if err != nil {
		return listenError("HTTP_ADDR", cfg.HTTPAddr, err)
	}
	stopPurge := startPurge(ctx, db.Idempotency(), logger)
	defer stopPurge()
	logger.Info("listening", slog.String("addr", ln.Addr().String()))
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err) // never ErrServerClosed: only Shutdown causes that
	case <-ctx.Done():
	}
	ready.drain()
	return shutdown(srv, cfg.ShutdownTimeout, logger)
}

// newHTTPServer returns the server of h with the configured timeouts. Its
// requests' contexts do not derive from the signal context, so that a
// SIGTERM lets in-flight requests finish instead of canceling them.
func newHTTPServer(cfg config.Config, logger *slog.Logger, h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// shutdown stops srv within timeout.
func shutdown(srv *http.Server, timeout time.Duration, logger *slog.Logger) error {
	logger.Info("shutting down", slog.String("timeout", timeout.String()))
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		_ = srv.Close()
		return fmt.Errorf("serve: graceful shutdown: %w", err)
	}
	logger.Info("stopped")
	return nil
}
