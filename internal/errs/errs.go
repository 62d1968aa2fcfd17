// Package errs holds the one error type of orders-api. Every layer returns
// *Error (or wraps one) to say what kind of failure happened; the HTTP layer
// maps the Code to a status in a single table and writes RFC 9457 bodies.
package errs

import (
	"errors"
	"fmt"
	"time"
)

// Code classifies a failure. The HTTP layer owns the Code -> status table.
type Code int

// The codes. Internal is the zero value so that an unclassified error is never
// reported to a client as anything but an internal failure.
const (
	Internal         Code = iota // a bug or an unexpected failure: 500, detail only in the log
	BadRequest                   // malformed JSON, bad query parameter, bad cursor: 400
	Unauthorized                 // missing or invalid credentials: 401
	Forbidden                    // the caller's role may not do this: 403
	NotFound                     // no such resource in the caller's store: 404
	MethodNotAllowed             // the resource exists but not with this method: 405
	Conflict                     // duplicate, state conflict, idempotency key in flight: 409
	TooLarge                     // request body over the limit: 413
	UnsupportedMedia             // content type or encoding not supported: 415
	Invalid                      // validation failure: 422
	RateLimited                  // too many requests: 429
	Unavailable                  // a dependency (the database) is down: 503
)

// FieldError names one invalid field of a request by its JSON path
// (customer.email, items[2].quantity) or query parameter.
type FieldError struct {
	Field   string
	Message string
}

// Error is a classified failure with a message that is safe to show clients.
type Error struct {
	Code       Code
	Type       string        // a problem type slug overriding the code's default, e.g. "idempotency-key-reused"
	Detail     string        // safe for clients; never SQL, secrets or stack traces
	Fields     []FieldError  // per-field problems, for Invalid and BadRequest
	RetryAfter time.Duration // a hint for Unavailable and RateLimited
	Err        error         // the cause, for logs only
}

// Error implements error. It includes the cause, so it must not be sent to clients.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %v", e.Detail, e.Err)
	}
	return e.Detail
}

// Unwrap gives errors.Is and errors.As access to the cause.
func (e *Error) Unwrap() error { return e.Err }

// New returns an error of the given code with a client-safe detail.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Detail: fmt.Sprintf(format, args...)}
}

// Wrap classifies cause with a client-safe detail; the cause goes only to logs.
func Wrap(code Code, cause error, detail string) *Error {
	return &Error{Code: code, Detail: detail, Err: cause}
}

// Fields returns an Invalid error listing every field problem at once, or nil
// when there are none.
func Fields(fields []FieldError) error {
	if len(fields) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Detail: "the request has invalid fields", Fields: fields}
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// CodeOf returns the Code of err, Internal when err is not classified.
func CodeOf(err error) Code {
	if e, ok := As(err); ok {
		return e.Code
	}
	return Internal
}
