package database

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"github.com/orders-api/orders-api/internal/errs"
)

// retryAfter is the hint given to clients when the database is unavailable:
// long enough for a pool to reconnect, short enough for a blip.
const retryAfter = time.Second

// conflictDetail says what a violation of a unique constraint means to a client.
func conflictDetail(constraint string) string {
	switch constraint {
	case "orders_store_number_key":
		return "an order with this number already exists in the store"
	case "idempotency_keys_pkey":
		return "a request with this Idempotency-Key is already being processed"
	}
	return "the resource already exists"
}

// errOrderNotFound is what a missing order, or another store's, looks like.
func errOrderNotFound() error { return errs.New(errs.NotFound, "order not found") }

// classify turns a database error into the error a store method returns: an
// *errs.Error for what a client can act on (Conflict, NotFound, Unavailable),
// else an internal error naming the action. Details never hold SQL text or
// parameters; the cause is kept for the log only.
func classify(err error, action string) error {
	var pgErr *pgconn.PgError
	switch {
	case err == nil:
		return nil
	case errors.As(err, new(*errs.Error)):
		return err
	case errors.Is(err, gorm.ErrRecordNotFound):
		return errs.Wrap(errs.NotFound, err, "order not found")
	case errors.As(err, &pgErr) && pgErr.Code == "23505":
		return errs.Wrap(errs.Conflict, err, conflictDetail(pgErr.ConstraintName))
	}
	if constraint, ok := sqliteConflict(err); ok {
		return errs.Wrap(errs.Conflict, err, conflictDetail(constraint))
	}
	if isUnavailable(err) || sqliteUnavailable(err) {
		return unavailable(err)
	}
	return fmt.Errorf("database: unable to %s: %w", action, err)
}

// unavailable returns the Unavailable error of a database that does not answer.
func unavailable(cause error) error {
	return &errs.Error{Code: errs.Unavailable, Detail: "the database is unavailable, retry later",
		RetryAfter: retryAfter, Err: cause}
}

// isUnavailable reports whether err means that the database could not be
// reached or went away, rather than that the statement was wrong: a retry
// later may well succeed.
func isUnavailable(err error) bool {
	var connectErr *pgconn.ConnectError
	if errors.As(err, &connectErr) { // whatever the server said, we could not get a connection
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return strings.HasPrefix(pgErr.Code, "08") || // connection exception
			pgErr.Code == "57P01" || pgErr.Code == "57P02" || pgErr.Code == "57P03" || // shutdown, cannot connect now
			pgErr.Code == "53300" // too many connections
	}
	var netErr net.Error
	return errors.As(err, &netErr) ||
		errors.Is(err, driver.ErrBadConn) || pgconn.SafeToRetry(err) || pgconn.Timeout(err) ||
		errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) // the connection was cut mid-statement
}
