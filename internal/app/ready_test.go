package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/config"
	"github.com/orders-api/orders-api/internal/errs"
)

func TestReadiness(t *testing.T) {
	t.Parallel()
	down := errors.New("database down")
	var check error
	var deadline time.Duration
	r := &readiness{check: func(ctx context.Context) error {
		d, _ := ctx.Deadline()
		deadline = time.Until(d)
		return check
	}}
	if err := r.Ready(t.Context()); err != nil || deadline <= 0 || deadline > readyTimeout {
		t.Fatalf("Ready = %v with a deadline in %v, want nil within %v", err, deadline, readyTimeout)
	}
	check = down
	if err := r.Ready(t.Context()); !errors.Is(err, down) {
		t.Fatalf("Ready = %v, want the database's error", err)
	}
	check = nil
	r.drain()
	if err := r.Ready(t.Context()); errs.CodeOf(err) != errs.Unavailable {
		t.Fatalf("Ready while draining = %v, want Unavailable", err)
	}
}

func TestServerTimeouts(t *testing.T) {
	t.Parallel()
	cfg, err := config.Load(func(name string) string {
		return map[string]string{"READ_HEADER_TIMEOUT": "1s", "READ_TIMEOUT": "2s", "WRITE_TIMEOUT": "3s", "IDLE_TIMEOUT": "4s"}[name]
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := newHTTPServer(cfg, slog.New(slog.DiscardHandler), http.NotFoundHandler())
	got := []time.Duration{srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout}
	if want := []time.Duration{time.Second, 2 * time.Second, 3 * time.Second, 4 * time.Second}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("server timeouts (read header, read, write, idle) = %v, want %v", got, want)
	}
}
