package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/orders-api/orders-api/internal/app"
	"github.com/orders-api/orders-api/internal/config"
	"github.com/orders-api/orders-api/internal/database"
)

// Bad configuration fails at start with one clear line naming the
// variable. The configuration that parses but does not work is only found
// out by trying; the composition root reports it as typed errors, which
// this file says as such a line, for instance
//
//	DATABASE_URL: cannot connect to 127.0.0.1:5432: database "orders" does not exist
//	DATABASE_URL: cannot connect to 127.0.0.1:5432 for now: connection refused; retry later
//	HTTP_ADDR: cannot listen on :8080: address already in use

// lineError is an error reported as it is, on one line.
type lineError struct {
	msg string
	err error
}

func (e *lineError) Error() string { return e.msg }
func (e *lineError) Unwrap() error { return e.err }

// startLine is the line of a failure to start (a database that can't be
// reached, an address that can't be listened on); ok is false for any
// other error.
func startLine(err error) (line string, ok bool) {
	var ce *database.ConnectError
	var le *app.ListenError
	switch {
	case errors.As(err, &ce):
		return databaseLine(ce), true
	case errors.As(err, &le):
		return le.Error(), true
	}
	return "", false
}

// databaseLine names DATABASE_URL and says why the database could not be
// opened or reached.
func databaseLine(ce *database.ConnectError) string {
	retry := ""
	if ce.Transient {
		retry = "; retry later"
	}
	switch {
	case ce.Embedded:
		return fmt.Sprintf("DATABASE_URL is empty, and the embedded SQLite file %s can't be opened: %s%s",
			config.EmbeddedDatabaseFile, ce.Cause, retry)
	case ce.Transient:
		return fmt.Sprintf("DATABASE_URL: cannot connect to %s for now: %s%s", ce.Server, ce.Cause, retry)
	}
	return fmt.Sprintf("DATABASE_URL: cannot connect to %s: %s", ce.Server, ce.Cause)
}

// commandError prefixes err with the command that failed, unless it is a
// failure to start or a bad configuration (config.Load's errors start with
// "config: "), which name the variable to fix and need no more.
func commandError(cmd string, err error) error {
	if _, ok := startLine(err); err == nil || ok || strings.HasPrefix(err.Error(), "config: ") {
		return err
	}
	return fmt.Errorf("%s: %w", cmd, err)
}

// oneLineError is err as the one line main prints after "orders-api: ".
func oneLineError(err error) error {
	if err == nil {
		return nil
	}
	if line, ok := startLine(err); ok {
		return &lineError{msg: line, err: err}
	}
	if strings.ContainsAny(err.Error(), "\r\n") {
		return &lineError{msg: oneLine(err.Error()), err: err}
	}
	return err
}

// oneLine joins the lines of s with "; ".
func oneLine(s string) string {
	lines := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return strings.Join(lines, "; ")
}
