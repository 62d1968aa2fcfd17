package database_test

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/orders-api/orders-api/internal/database"
	"github.com/orders-api/orders-api/internal/errs"
)

const pgURL = "postgres://orders:hunter2-pw@db.internal:6543/orders"

// TestOpenErrorCauses covers the causes a live server can't produce on
// demand: each becomes a ConnectError with a short cause, transient only
// when a retry may help.
func TestOpenErrorCauses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err       error
		want      string
		transient bool
	}{
		{&net.DNSError{Err: "no such host", Name: "nohost.invalid", IsNotFound: true}, `host "nohost.invalid" not found`, false},
		{&net.DNSError{Err: "i/o timeout", Name: "db", IsTimeout: true}, `cannot resolve host "db": i/o timeout`, true},
		{&pgconn.PgError{Code: "28P01", Message: `password authentication failed for user "orders"`},
			`password authentication failed for user "orders"`, false},
		{&pgconn.PgError{Code: "57P03", Message: "the database system is starting up"}, "the database system is starting up", true},
		{&pgconn.PgError{Code: "53300", Message: "sorry, too many clients already"}, "sorry, too many clients already", true},
		{fmt.Errorf("dial: %w", syscall.ECONNREFUSED), "connection refused", true},
		{fmt.Errorf("dial: %w", syscall.EHOSTUNREACH), "no route to the host", true},
	}
	for _, tt := range tests {
		wrapped := &errs.Error{Code: errs.Unavailable, Detail: "the database is unavailable, retry later", Err: tt.err}
		for _, classify := range []func(string, error) error{database.OpenError, database.MigrateError} {
			var ce *database.ConnectError
			if !errors.As(classify(pgURL, wrapped), &ce) || ce.Cause != tt.want || ce.Transient != tt.transient ||
				ce.Server != "db.internal:6543" || !errors.Is(ce, tt.err) {
				t.Errorf("%v: %#v; want cause %q, transient %v on db.internal:6543", tt.err, ce, tt.want, tt.transient)
			}
		}
	}
	for _, err := range []error{errors.New("tls: bad certificate"), &pgconn.PgError{Code: "42P01", Message: "relation does not exist"}} {
		if got := database.MigrateError(pgURL, err); got != err {
			t.Errorf("MigrateError(%v) = %v: it is not about connecting", err, got)
		}
	}
}

// TestOpenErrorText covers the rest: unknown causes, the embedded file,
// the server's answer at connect, and never the password.
func TestOpenErrorText(t *testing.T) {
	t.Parallel()
	mkdir := fmt.Errorf("database: unable to create the directory of the SQLite file: %w",
		&fs.PathError{Op: "mkdir", Path: "data", Err: syscall.ENOTDIR})
	tests := []struct {
		name, url string
		err       error
		want      string
	}{
		{"embedded file", "", mkdir, "database: the embedded SQLite file can't be opened: mkdir data: not a directory"},
		{"embedded file, locked", "", fmt.Errorf("open: %w", sqliteCoded(5)),
			"database: the embedded SQLite file can't be opened: another process holds it locked; retry later"},
		{"embedded file, not a database", "", sqliteCoded(26), "database: the embedded SQLite file can't be opened: it is not a SQLite database"},
		{"unknown cause, several lines, with the password", pgURL,
			errors.New("tls: first record does not look like a TLS handshake\n\tfor hunter2-pw"),
			"database: cannot connect to db.internal:6543: tls: first record does not look like a TLS handshake; for xxxxx"},
		{"server error at connect", pgURL, &pgconn.PgError{Severity: "FATAL", Code: "42501", Message: "permission denied for database \"orders\""},
			`database: cannot connect to db.internal:6543: permission denied for database "orders"`},
		{"refused", pgURL, syscall.ECONNREFUSED, "database: cannot connect to db.internal:6543 for now: connection refused; retry later"},
	}
	for _, tt := range tests {
		if got := database.OpenError(tt.url, tt.err).Error(); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	if err := database.MigrateError("", syscall.ECONNRESET); err != syscall.ECONNRESET {
		t.Errorf("MigrateError on the embedded file = %v, want the error as it is", err)
	}
}

// TestOpenErrorOfOpen: what Open itself returns for a server that is not
// there classifies with the address it tried.
func TestOpenErrorOfOpen(t *testing.T) {
	t.Parallel()
	url := "postgres://postgres:pw-secret@127.0.0.1:1/orders?sslmode=disable&connect_timeout=2"
	_, err := database.Open(t.Context(), url, nil)
	var ce *database.ConnectError
	if !errors.As(database.OpenError(url, err), &ce) || ce.Server != "127.0.0.1:1" || ce.Cause != "connection refused" || !ce.Transient {
		t.Fatalf("OpenError(Open on a closed port) = %#v (from %v)", ce, err)
	}
}

// sqliteCoded is an error with a SQLite result code, like the driver's.
type sqliteCoded int

func (c sqliteCoded) Error() string { return fmt.Sprintf("sqlite error %d", int(c)) }
func (c sqliteCoded) Code() int     { return int(c) }
