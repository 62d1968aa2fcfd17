package sqldb

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"gorm.io/gorm"

	"github.com/orders-api/orders-api/internal/errs"
)

// RetryAfter is the hint given to clients when the database is
// unavailable: long enough for a pool to reconnect, short enough for a blip.
const RetryAfter = time.Second

// The names of the unique constraints a client can run into (SQLite's
// errors name the columns instead: sqlitestore maps them to these).
const (
	OrderNumberKey    = "orders_store_number_key"
	IdempotencyKeyKey = "idempotency_keys_pkey"
)

// conflictDetail says what a violation of a unique constraint means to a client.
func conflictDetail(constraint string) string {
	switch constraint {
	case OrderNumberKey:
		return "an order with this number already exists in the store"
	case IdempotencyKeyKey:
		return "a request with this Idempotency-Key is already being processed"
	}
	return "the resource already exists"
}

// ErrOrderNotFound is what a missing order, or another store's, looks like.
func ErrOrderNotFound() error { return errs.New(errs.NotFound, "order not found") }

// ErrKeyNotFound is what an unknown key id gets.
func ErrKeyNotFound() error { return errs.New(errs.NotFound, "API key not found") }

// Known returns what an engine's classify returns for the errors that are
// no engine's: nil, an *errs.Error already (as it is), GORM's missing
// record (NotFound). ok is false for any other error.
func Known(err error) (classified error, ok bool) {
	switch {
	case err == nil:
		return nil, true
	case errors.As(err, new(*errs.Error)):
		return err, true
	case errors.Is(err, gorm.ErrRecordNotFound):
		return errs.Wrap(errs.NotFound, err, "order not found"), true
	}
	return nil, false
}

// Conflict returns the Conflict error of a violation of the unique
// constraint named constraint ("" when unknown).
func Conflict(err error, constraint string) error {
	return errs.Wrap(errs.Conflict, err, conflictDetail(constraint))
}

// Internal returns the internal error of a failed action: its details never
// hold SQL text or parameters; the cause is kept for the log only.
func Internal(err error, action string) error {
	return fmt.Errorf("database: unable to %s: %w", action, err)
}

// Unavailable returns the Unavailable error of a database that does not answer.
func Unavailable(cause error) error {
	return &errs.Error{Code: errs.Unavailable, Detail: "the database is unavailable, retry later",
		RetryAfter: RetryAfter, Err: cause}
}

// Transient reports whether err, whatever the driver, means that the
// database could not be reached or went away rather than that the statement
// was wrong: a retry later may well succeed. Each engine adds its own codes.
func Transient(err error) bool {
	var netErr net.Error
	return errors.As(err, &netErr) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) // the connection was cut mid-statement
}
