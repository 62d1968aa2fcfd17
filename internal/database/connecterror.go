package database

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/url"
	"strconv"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/orders-api/orders-api/internal/errs"
)

// A database that can't be opened or reached is only found out by trying.
// OpenError and MigrateError turn such a failure of Open or Migrate into a
// *ConnectError: where it tried, why it failed in a few words (never a
// password), and whether a retry may pass. A cause that a retry can't fix
// (an unknown host or database, refused credentials) is said as it is; one
// that may pass (the server is down or starting, too many connections) is
// Transient. They work from the error value and the URL alone.

// ConnectError is a failure to open or reach the database.
type ConnectError struct {
	// Embedded is set when the embedded SQLite file (an empty URL) could
	// not be opened; Server is empty then.
	Embedded bool
	// Server is the host:port that was tried, or "the database" when it is
	// not known.
	Server string
	// Cause says why, in a few words on one line, without secrets.
	Cause string
	// Transient is set when a retry later may succeed.
	Transient bool
	// Err is the driver's error.
	Err error
}

// Error says what failed, where and why.
func (e *ConnectError) Error() string {
	var s string
	switch {
	case e.Embedded:
		s = "database: the embedded SQLite file can't be opened: " + e.Cause
	case e.Transient:
		s = fmt.Sprintf("database: cannot connect to %s for now: %s", e.Server, e.Cause)
	default:
		s = fmt.Sprintf("database: cannot connect to %s: %s", e.Server, e.Cause)
	}
	if e.Transient {
		s += "; retry later"
	}
	return s
}

// Unwrap returns the driver's error.
func (e *ConnectError) Unwrap() error { return e.Err }

// OpenError returns err, an error of Open(ctx, databaseURL, ...), as a
// *ConnectError, unless ctx was canceled: every failure of Open is one.
func OpenError(databaseURL string, err error) error {
	if err == nil || errors.Is(err, context.Canceled) {
		return err // interrupted: nothing to fix
	}
	if databaseURL == "" {
		cause, transient := connectSQLiteCause(err)
		return &ConnectError{Embedded: true, Cause: cause, Transient: transient, Err: err}
	}
	ce := knownConnectError(databaseURL, err)
	if ce == nil {
		ce = &ConnectError{Server: connectServer(databaseURL, err), Cause: connectUnknownCause(databaseURL, err), Err: err}
	}
	return ce
}

// MigrateError returns err, an error of Migrate on the database of
// databaseURL, as a *ConnectError when it is recognizably a failure to
// connect; any other err is returned as it is.
func MigrateError(databaseURL string, err error) error {
	if err == nil || databaseURL == "" || errors.Is(err, context.Canceled) {
		return err
	}
	if ce := knownConnectError(databaseURL, err); ce != nil {
		return ce
	}
	return err
}

// knownConnectError is the ConnectError of a cause that connectCause knows.
func knownConnectError(databaseURL string, err error) *ConnectError {
	cause, transient, known := connectCause(err)
	if !known {
		return nil
	}
	return &ConnectError{Server: connectServer(databaseURL, err), Cause: cause, Transient: transient, Err: err}
}

// connectUnknownCause is the Cause of a failure to open that connectCause does
// not know: the server's message, or the driver's, redacted.
func connectUnknownCause(databaseURL string, err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return connectOneLine(pgErr.Message)
	}
	return connectRedact(connectOneLine(connectInnermost(err).Error()), databaseURL)
}

// connectCause names, in a few words, why a connection to PostgreSQL
// failed, and whether a retry may succeed; known is false for a cause it
// does not recognize.
func connectCause(err error) (cause string, transient, known bool) {
	var pgErr *pgconn.PgError
	var dnsErr *net.DNSError
	var netErr net.Error
	switch {
	case errors.As(err, &pgErr) && (pgErr.Code == "3D000" || strings.HasPrefix(pgErr.Code, "28")):
		// 3D000 no such database, 28P01 wrong password, 28000 no such role or
		// no pg_hba.conf entry: the message says which, without secrets
		return connectOneLine(pgErr.Message), false, true
	case errors.As(err, &pgErr) && (strings.HasPrefix(pgErr.Code, "08") || pgErr.Code == "53300" || strings.HasPrefix(pgErr.Code, "57P")):
		// connection exception, too many connections, shutting down or starting up
		return connectOneLine(pgErr.Message), true, true
	case errors.As(err, &pgErr):
		return "", false, false // an answer to a statement, not to the connection
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return fmt.Sprintf("host %q not found", dnsErr.Name), false, true
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("cannot resolve host %q: %s", dnsErr.Name, dnsErr.Err), true, true
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused", true, true
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return "no route to the host", true, true
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the server closed the connection", true, true
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return "no answer in time", true, true
	}
	return "", false, false
}

// connectServer is the host:port that a connection tried, as the driver saw it,
// or else as databaseURL gives it.
func connectServer(databaseURL string, err error) string {
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) && ce.Config != nil {
		return net.JoinHostPort(ce.Config.Host, strconv.Itoa(int(ce.Config.Port)))
	}
	if c, perr := pgconn.ParseConfig(databaseURL); perr == nil {
		return net.JoinHostPort(c.Host, strconv.Itoa(int(c.Port)))
	}
	return "the database"
}

// connectSQLiteCause names why the embedded SQLite file could not be opened: its
// driver's error codes are the SQLite result codes.
func connectSQLiteCause(err error) (cause string, transient bool) {
	var coded interface{ Code() int }
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) { // its directory can't be made
		return pathErr.Error(), false
	}
	if errors.As(err, &coded) {
		switch coded.Code() & 0xff { // the primary result code of an extended one
		case 5, 6: // SQLITE_BUSY, SQLITE_LOCKED
			return "another process holds it locked", true
		case 8: // SQLITE_READONLY
			return "it is read-only", false
		case 13: // SQLITE_FULL
			return "the disk is full", false
		case 14: // SQLITE_CANTOPEN
			return "it can't be created or opened (check its directory and permissions)", false
		case 26: // SQLITE_NOTADB
			return "it is not a SQLite database", false
		}
	}
	return connectOneLine(connectInnermost(err).Error()), false
}

// connectInnermost strips the layers of err that only say where it happened (the
// errs.Error of this package, pgconn's "failed to connect to", net's
// "dial tcp"), keeping the cause; of joined errors, the first.
func connectInnermost(err error) error {
	for {
		var next error
		switch x := err.(type) {
		case *errs.Error:
			next = x.Err
		case *pgconn.ConnectError:
			next = x.Unwrap()
		case *net.OpError:
			next = x.Err
		case interface{ Unwrap() []error }:
			if list := x.Unwrap(); len(list) > 0 {
				next = list[0]
			}
		}
		if next == nil {
			return err
		}
		err = next
	}
}

// connectOneLine joins the lines of s with "; ".
func connectOneLine(s string) string {
	lines := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return strings.Join(lines, "; ")
}

// connectRedact hides the password of databaseURL in s, should a driver's text
// ever hold it.
func connectRedact(s, databaseURL string) string {
	u, err := url.Parse(databaseURL)
	if err != nil || u.User == nil {
		return s
	}
	if pw, ok := u.User.Password(); ok && pw != "" {
		s = strings.ReplaceAll(s, pw, "xxxxx")
	}
	return s
}
