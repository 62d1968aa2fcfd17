package order

import (
	"context"

	"github.com/google/uuid"
)

// Store keeps orders and their histories. Every method is scoped by the
// store (tenant) id: a row of another store is reported as not found.
// Errors are *errs.Error values (NotFound, Conflict, Unavailable) or
// wrapped internal errors.
type Store interface {
	// CreateOrder inserts o; a duplicate number in the store is Conflict.
	CreateOrder(ctx context.Context, o Order) error
	// Order returns one order with its summary.
	Order(ctx context.Context, storeID string, id uuid.UUID) (Order, error)
	// OrderExists reports whether the order is in the store, in one cheap
	// query (no summary): the 404 of a history list.
	OrderExists(ctx context.Context, storeID string, id uuid.UUID) (bool, error)
	// UpdateOrder locks the order, calls change on it and saves the result
	// when change reports a change. It returns the order as saved.
	UpdateOrder(ctx context.Context, storeID string, id uuid.UUID, change func(*Order) (bool, error)) (Order, error)
	// Orders returns up to f.Limit+1 orders matching f, in f.Sort order,
	// each with its summary, in a fixed number of queries.
	Orders(ctx context.Context, storeID string, f OrderFilter) ([]Order, error)
	// RecordAttempts stores attempts (all of storeID) in one transaction and
	// updates each order's summary with Apply and Summarize, so that a read
	// after it returns sees them. It sets Seq on each stored attempt. The
	// result has one entry per attempt: nil, or a NotFound error when its
	// order is not in the store (that attempt is not stored).
	RecordAttempts(ctx context.Context, storeID string, attempts []*Attempt) ([]error, error)
	// Attempts returns up to f.Limit+1 attempts matching f, newest first.
	Attempts(ctx context.Context, storeID string, f AttemptFilter) ([]Attempt, error)
}
