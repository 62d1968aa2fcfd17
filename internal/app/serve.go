package app

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/orders-api/orders-api/internal/config"
)

// Serve serves HTTP on Config.HTTPAddr until ctx is done, then shuts down
// gracefully: /readyz turns false, the listener closes and in-flight
// requests get ShutdownTimeout to end (waiting long polls answer at once,
// live streams end at once with a retry hint).
// The idempotency purge, the sweep of integration requests and the bulk
// job runner run alongside and are stopped before it returns; the caller
// closes the App after that.
func (a *App) Serve(ctx context.Context) error {
	srv := newHTTPServer(a.Config, a.Logger, a.Handler())
	srv.RegisterOnShutdown(a.Streams.Close) // live streams end at once: they never hold the shutdown up
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", a.Config.HTTPAddr)
	if err != nil {
		return listenError("HTTP_ADDR", a.Config.HTTPAddr, err)
	}
	a.schema.warn()
	stopPurge := startPurge(ctx, a.DB.Idempotency(), a.schema.pass, a.Logger)
	defer stopPurge()
	stopReint := a.startReintegration(ctx, a.schema.pass)
	defer stopReint()
	a.Logger.Info("listening", slog.String("addr", ln.Addr().String()))
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err) // never ErrServerClosed: only Shutdown causes that
	case <-ctx.Done():
	}
	a.ready.drain()
	a.Requests.Drain() // waiting lease calls answer now, not after up to 20 s
	return shutdown(srv, a.Config.ShutdownTimeout, a.Logger)
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
