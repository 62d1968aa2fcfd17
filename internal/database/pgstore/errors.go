package pgstore

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/orders-api/orders-api/internal/database/sqldb"
)

// Classify turns a PostgreSQL error into the error a store method returns:
// an *errs.Error for what a client can act on (Conflict, NotFound,
// Unavailable), else an internal error naming the action. Details never
// hold SQL text or parameters; the cause is kept for the log only.
func Classify(err error, action string) error {
	if known, ok := sqldb.Known(err); ok {
		return known
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return sqldb.Conflict(err, pgErr.ConstraintName)
	}
	if unavailable(err) {
		return sqldb.Unavailable(err)
	}
	return sqldb.Internal(err, action)
}

// unavailable reports whether err means that the server could not be
// reached or went away, rather than that the statement was wrong: a retry
// later may well succeed.
func unavailable(err error) bool {
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
	return sqldb.Transient(err) || pgconn.SafeToRetry(err) || pgconn.Timeout(err)
}
