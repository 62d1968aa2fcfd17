package database_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"github.com/orders-api/orders-api/internal/database"
	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/testdb"
)

func TestOpenRejectsOtherSchemes(t *testing.T) {
	t.Parallel()
	for _, url := range []string{"mysql://x", "file:orders.db", "sqlite://", "sqlite:orders.db", "host=localhost dbname=x"} {
		if _, err := database.Open(t.Context(), url, nil); err == nil {
			t.Errorf("Open(%q): got no error", url)
		}
	}
}

func TestOpenClosedPortIsUnavailable(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	_, err = database.Open(ctx, "postgres://postgres@"+addr+"/x?sslmode=disable&connect_timeout=5", nil)
	e, ok := errs.As(err)
	if !ok || e.Code != errs.Unavailable || e.RetryAfter < time.Second || e.RetryAfter > 2*time.Second {
		t.Fatalf("got %#v, want Unavailable with RetryAfter 1-2s", err)
	}
	if strings.Contains(e.Detail, addr) {
		t.Errorf("detail %q names the server", e.Detail)
	}
}

func TestReadyAndMigrate(t *testing.T) {
	t.Parallel()
	db, url := openURL(t)
	if err := db.Ready(t.Context()); err != nil {
		t.Fatalf("Ready on a migrated database: %v", err)
	}
	if err := db.Migrate(t.Context()); err != nil {
		t.Fatalf("Migrate again: %v", err)
	}
	if _, err := rawDB(t, url).Exec(t.Context(), "DELETE FROM goose_db_version WHERE version_id = 1"); err != nil {
		t.Fatal(err)
	}
	fresh, err := database.Open(t.Context(), url, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if err := fresh.Ready(t.Context()); errs.CodeOf(err) != errs.Unavailable {
		t.Fatalf("Ready with a pending migration: got %v, want Unavailable", err)
	}
}

// TestRecoversAfterDisconnect kills the pool's connections: a call may fail
// as Unavailable, and the next one works again without intervention.
func TestRecoversAfterDisconnect(t *testing.T) {
	t.Parallel()
	testdb.RequirePostgres(t, "terminates the server's backends (pg_terminate_backend)")
	db, url := openURL(t)
	s, store := db.Orders(), newStoreID()
	o := createOrder(t, s, store, "1", at(0))
	conn := rawConn(t, url)
	_, err := conn.Exec(t.Context(), `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()`)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Order(t.Context(), store, o.ID)
	t.Logf("first call after the disconnect: %v", err)
	if err != nil && errs.CodeOf(err) != errs.Unavailable {
		t.Fatalf("first call after the disconnect: got %v, want success or Unavailable", err)
	}
	if _, err := s.Order(t.Context(), store, o.ID); err != nil {
		t.Fatalf("second call after the disconnect: %v", err)
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		err    error
		code   errs.Code
		detail string
	}{
		{"duplicate number", &pgconn.PgError{Code: "23505", ConstraintName: "orders_store_number_key"},
			errs.Conflict, "an order with this number already exists in the store"},
		{"duplicate idempotency key", &pgconn.PgError{Code: "23505", ConstraintName: "idempotency_keys_pkey"},
			errs.Conflict, ""},
		{"not found", gorm.ErrRecordNotFound, errs.NotFound, "order not found"},
		{"connection exception", &pgconn.PgError{Code: "08006"}, errs.Unavailable, ""},
		{"admin shutdown", &pgconn.PgError{Code: "57P01"}, errs.Unavailable, ""},
		{"crash shutdown", &pgconn.PgError{Code: "57P02"}, errs.Unavailable, ""},
		{"cannot connect now", &pgconn.PgError{Code: "57P03"}, errs.Unavailable, ""},
		{"network", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}, errs.Unavailable, ""},
		{"bad conn", fmt.Errorf("query: %w", driver.ErrBadConn), errs.Unavailable, ""},
		{"deadline", context.DeadlineExceeded, errs.Unavailable, ""},
		{"syntax", &pgconn.PgError{Code: "42601", Message: "syntax error at or near SELECT"}, errs.Internal, ""},
		{"already classified", errs.New(errs.Invalid, "bad"), errs.Invalid, "bad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := database.Classify(tt.err, "do a thing")
			if got := errs.CodeOf(err); got != tt.code {
				t.Fatalf("code = %v, want %v (%v)", got, tt.code, err)
			}
			if !errors.Is(err, tt.err) {
				t.Errorf("%v does not wrap the cause", err)
			}
			e, ok := errs.As(err)
			switch {
			case tt.code == errs.Internal && !strings.HasPrefix(err.Error(), "database: unable to do a thing: "):
				t.Errorf("internal error %q lacks its action", err)
			case tt.code == errs.Unavailable && (e.RetryAfter < time.Second || e.RetryAfter > 2*time.Second):
				t.Errorf("RetryAfter = %v, want 1-2s", e.RetryAfter)
			case ok && tt.detail != "" && e.Detail != tt.detail:
				t.Errorf("detail = %q, want %q", e.Detail, tt.detail)
			case ok && strings.Contains(strings.ToLower(e.Detail), "select"):
				t.Errorf("detail %q holds SQL", e.Detail)
			}
		})
	}
}
