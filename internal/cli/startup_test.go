package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/orders-api/orders-api/internal/config"
	"github.com/orders-api/orders-api/internal/database"
	"github.com/orders-api/orders-api/internal/testdb"
)

// TestStartupErrors: a database or an address that does not work stops
// every command at start with one line naming the variable, with a short
// cause, "retry later" only when a retry may help, and never the password.
func TestStartupErrors(t *testing.T) {
	t.Parallel()
	good := testdb.New(t) // a migrated database on the test server
	u, err := url.Parse(good)
	if err != nil {
		t.Fatal(err)
	}
	with := func(change func(u *url.URL)) string {
		c := *u
		change(&c)
		return c.String()
	}
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = busy.Close() })
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "5432")
	}

	tests := []struct {
		name string
		args []string
		vars map[string]string
		want string
	}{
		{"no such database", []string{"migrate"},
			map[string]string{"DATABASE_URL": with(func(u *url.URL) { u.Path = "/orders_no_such_db" })},
			`DATABASE_URL: cannot connect to ` + host + `: database "orders_no_such_db" does not exist`},
		{"no such role", []string{"keys", "list", "--store", "acme"},
			map[string]string{"DATABASE_URL": with(func(u *url.URL) { u.User = url.UserPassword("no_such_role", "pw-secret-1") })},
			`DATABASE_URL: cannot connect to ` + host + `: `},
		{"connection refused", []string{"serve"},
			map[string]string{"DATABASE_URL": "postgres://postgres:pw-secret-2@127.0.0.1:1/orders?sslmode=disable"},
			`DATABASE_URL: cannot connect to 127.0.0.1:1 for now: connection refused; retry later`},
		{"refused on retention", []string{"retention", "--older-than", "400d"},
			map[string]string{"DATABASE_URL": "postgres://postgres@127.0.0.1:1/orders?sslmode=disable"},
			`DATABASE_URL: cannot connect to 127.0.0.1:1 for now: connection refused; retry later`},
		{"refused on demo", []string{"demo"},
			map[string]string{"DATABASE_URL": "postgres://postgres@127.0.0.1:1/orders?sslmode=disable"},
			`DATABASE_URL: cannot connect to 127.0.0.1:1 for now: connection refused; retry later`},
		{"HTTP_ADDR in use", []string{"serve"},
			map[string]string{"DATABASE_URL": good, "HTTP_ADDR": busy.Addr().String()},
			`HTTP_ADDR: cannot listen on ` + busy.Addr().String() + `: address already in use`},
		{"PPROF_ADDR in use", []string{"serve"},
			map[string]string{"DATABASE_URL": good, "PPROF_ADDR": busy.Addr().String()},
			`PPROF_ADDR: cannot listen on ` + busy.Addr().String() + `: address already in use`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr strings.Builder
			err := Run(t.Context(), append([]string{"orders-api"}, tt.args...), getenv(tt.vars), &stdout, &stderr)
			if err == nil {
				t.Fatal("run succeeded")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, tt.want) || strings.ContainsAny(msg, "\r\n") || strings.Contains(msg, "pw-secret") {
				t.Fatalf("error = %q, want one line starting with %q, without the password", msg, tt.want)
			}
			if strings.Contains(tt.want, "cannot connect to "+host) && strings.Contains(msg, "retry") {
				t.Errorf("error = %q: a retry can't fix it", msg)
			}
		})
	}
}

// TestDatabaseErrorLines covers the wording of databaseError beyond
// PostgreSQL's answers: the embedded file, unknown causes, migrations.
func TestDatabaseErrorLines(t *testing.T) {
	t.Parallel()
	pg := config.Config{DatabaseURL: "postgres://orders:hunter2-pw@db.internal:6543/orders"}
	mkdir := fmt.Errorf("database: unable to create the directory of the SQLite file: %w",
		&fs.PathError{Op: "mkdir", Path: "data", Err: syscall.ENOTDIR})
	tests := []struct {
		name   string
		cfg    config.Config
		err    error
		anyway bool
		want   string
	}{
		{"embedded file", config.Config{}, mkdir, true,
			"DATABASE_URL is empty, and the embedded SQLite file ./data/orders.db can't be opened: mkdir data: not a directory"},
		{"embedded file, locked", config.Config{}, fmt.Errorf("open: %w", sqliteCoded(5)), true,
			"DATABASE_URL is empty, and the embedded SQLite file ./data/orders.db can't be opened: another process holds it locked; retry later"},
		{"unknown cause, several lines, with the password", pg,
			errors.New("tls: first record does not look like a TLS handshake\n\tfor hunter2-pw"), true,
			"DATABASE_URL: cannot connect to db.internal:6543: tls: first record does not look like a TLS handshake; for xxxxx"},
		{"migration lost its connection", pg, fmt.Errorf("database: unable to apply migrations: %w", syscall.ECONNRESET), false,
			"DATABASE_URL: cannot connect to db.internal:6543 for now: the server closed the connection; retry later"},
		{"migration failed otherwise", pg, fmt.Errorf("database: unable to apply migrations: %w",
			&pgconn.PgError{Severity: "ERROR", Code: "42501", Message: "permission denied for schema public"}), false,
			"database: unable to apply migrations: ERROR: permission denied for schema public (SQLSTATE 42501)"},
		{"server error at connect", pg, &pgconn.PgError{Severity: "FATAL", Code: "42501", Message: "permission denied for database \"orders\""}, true,
			`DATABASE_URL: cannot connect to db.internal:6543: permission denied for database "orders"`},
	}
	for _, tt := range tests {
		classify := database.MigrateError
		if tt.anyway {
			classify = database.OpenError
		}
		if got := oneLineError(classify(tt.cfg.DatabaseURL, tt.err)).Error(); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// sqliteCoded is an error with a SQLite result code, like the driver's.
type sqliteCoded int

func (c sqliteCoded) Error() string { return fmt.Sprintf("sqlite error %d", int(c)) }
func (c sqliteCoded) Code() int     { return int(c) }

// TestRunErrorsAreOneLine: whatever a command fails with, run returns one
// line (main prints it after "orders-api: ").
func TestRunErrorsAreOneLine(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"DATABASE_URL": "postgres://postgres@127.0.0.1:1/orders?sslmode=disable"}
	err := Run(t.Context(), []string{"orders-api", "migrate"}, getenv(vars), &strings.Builder{}, &strings.Builder{})
	if err == nil || strings.ContainsAny(err.Error(), "\r\n") || !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("migrate = %q, want one line that still unwraps to its cause", err)
	}
	if got := oneLine("a:\n\tb\n\tc\r\n"); got != "a:; b; c" {
		t.Errorf("oneLine = %q", got)
	}
}
