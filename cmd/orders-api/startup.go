package main

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

	"github.com/orders-api/orders-api/internal/config"
	"github.com/orders-api/orders-api/internal/errs"
)

// SPEC 3: bad configuration fails at start with one clear line naming the
// variable. The configuration that parses but does not work (a database
// that can't be reached, an address that can't be listened on) is only
// found out by trying; this file turns those failures into such a line,
// for instance
//
//	DATABASE_URL: cannot connect to 127.0.0.1:5432: database "orders" does not exist
//	DATABASE_URL: cannot connect to 127.0.0.1:5432 for now: connection refused; retry later
//	HTTP_ADDR: cannot listen on :8080: address already in use
//
// A cause that a retry can't fix (an unknown host or database, refused
// credentials) is said as it is; one that may pass (the server is down or
// starting, too many connections) says "for now" and "retry later".

// startError is an error reported as it is, on one line: mostly a failure
// to start that names the variable to fix, without the command's name,
// which adds nothing to it.
type startError struct {
	msg string
	err error
}

func (e *startError) Error() string { return e.msg }
func (e *startError) Unwrap() error { return e.err }

// commandError prefixes err with the command that failed, unless it is a
// startError.
func commandError(cmd string, err error) error {
	var se *startError
	if err == nil || errors.As(err, &se) {
		return err
	}
	return fmt.Errorf("%s: %w", cmd, err)
}

// databaseError is the startError, naming DATABASE_URL, of a database that
// could not be opened or reached. opening says that err is database.Open's,
// which is always about that; any other err (of the migrations) is
// returned as it is unless it is recognizably a failure to connect.
func databaseError(cfg config.Config, err error, opening bool) error {
	if errors.Is(err, context.Canceled) {
		return err // interrupted: nothing to fix
	}
	if cfg.DatabaseURL == "" {
		if !opening {
			return err
		}
		return &startError{err: err, msg: fmt.Sprintf("DATABASE_URL is empty, and the embedded SQLite file %s can't be opened: %s",
			config.EmbeddedDatabaseFile, sqliteCause(err))}
	}
	cause, transient, known := connectCause(err)
	var pgErr *pgconn.PgError
	switch {
	case known:
	case !opening:
		return err
	case errors.As(err, &pgErr):
		cause = oneLine(pgErr.Message)
	default:
		cause = redact(oneLine(innermost(err).Error()), cfg.DatabaseURL)
	}
	where := serverOf(cfg.DatabaseURL, err)
	if transient {
		return &startError{err: err, msg: fmt.Sprintf("DATABASE_URL: cannot connect to %s for now: %s; retry later", where, cause)}
	}
	return &startError{err: err, msg: fmt.Sprintf("DATABASE_URL: cannot connect to %s: %s", where, cause)}
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
		return oneLine(pgErr.Message), false, true
	case errors.As(err, &pgErr) && (strings.HasPrefix(pgErr.Code, "08") || pgErr.Code == "53300" || strings.HasPrefix(pgErr.Code, "57P")):
		// connection exception, too many connections, shutting down or starting up
		return oneLine(pgErr.Message), true, true
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

// serverOf is the host:port that a connection tried, as the driver saw it,
// or else as DATABASE_URL gives it.
func serverOf(databaseURL string, err error) string {
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) && ce.Config != nil {
		return net.JoinHostPort(ce.Config.Host, strconv.Itoa(int(ce.Config.Port)))
	}
	if c, perr := pgconn.ParseConfig(databaseURL); perr == nil {
		return net.JoinHostPort(c.Host, strconv.Itoa(int(c.Port)))
	}
	return "the database"
}

// sqliteCause names why the embedded SQLite file could not be opened: its
// driver's error codes are the SQLite result codes.
func sqliteCause(err error) string {
	var coded interface{ Code() int }
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) { // its directory can't be made
		return pathErr.Error()
	}
	if errors.As(err, &coded) {
		switch coded.Code() & 0xff { // the primary result code of an extended one
		case 5, 6: // SQLITE_BUSY, SQLITE_LOCKED
			return "another process holds it locked; retry later"
		case 8: // SQLITE_READONLY
			return "it is read-only"
		case 13: // SQLITE_FULL
			return "the disk is full"
		case 14: // SQLITE_CANTOPEN
			return "it can't be created or opened (check its directory and permissions)"
		case 26: // SQLITE_NOTADB
			return "it is not a SQLite database"
		}
	}
	return oneLine(innermost(err).Error())
}

// listenError is the startError of a listener that could not be opened on
// addr, the value of the variable name.
func listenError(name, addr string, err error) error {
	var dnsErr *net.DNSError
	cause := ""
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		cause = "address already in use"
	case errors.Is(err, syscall.EACCES):
		cause = "permission denied (ports below 1024 need privileges)"
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		cause = "no network interface of this machine has that address"
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		cause = fmt.Sprintf("host %q not found", dnsErr.Name)
	default:
		cause = oneLine(innermost(err).Error())
	}
	return &startError{err: err, msg: fmt.Sprintf("%s: cannot listen on %s: %s", name, addr, cause)}
}

// innermost strips the layers of err that only say where it happened (the
// errs.Error of the database package, pgconn's "failed to connect to",
// net's "listen tcp"), keeping the cause; of joined errors, the first.
func innermost(err error) error {
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

// oneLine joins the lines of s with "; ".
func oneLine(s string) string {
	lines := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return strings.Join(lines, "; ")
}

// redact hides the password of databaseURL in s, should a driver's text
// ever hold it.
func redact(s, databaseURL string) string {
	u, err := url.Parse(databaseURL)
	if err != nil || u.User == nil {
		return s
	}
	if pw, ok := u.User.Password(); ok && pw != "" {
		s = strings.ReplaceAll(s, pw, "xxxxx")
	}
	return s
}
