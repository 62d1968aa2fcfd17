package pgstore

import (
	"context"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/database/sqldb"
	"github.com/orders-api/orders-api/internal/order"
)

// orderStore implements order.Store on PostgreSQL.
type orderStore struct{ db *DB }

// CreateOrder inserts o; a duplicate number in the store is Conflict.
func (s orderStore) CreateOrder(ctx context.Context, o order.Order) error {
	row, err := sqldb.FromOrder(o)
	if err != nil {
		return err
	}
	return Classify(s.db.conn(ctx).Create(&row).Error, "create an order")
}

// Order returns one order of storeID with its summary.
func (s orderStore) Order(ctx context.Context, storeID string, id uuid.UUID) (order.Order, error) {
	return s.order(ctx, sqldb.OrderSQL(), storeID, id)
}

// OrderExists reports whether the order id is in storeID: one primary-key
// probe, without the summary that Order reads.
func (s orderStore) OrderExists(ctx context.Context, storeID string, id uuid.UUID) (bool, error) {
	found, err := query[sqldb.Value[bool]](ctx, s.db, sqldb.OrderExistsSQL, storeID, id)
	if err != nil {
		return false, Classify(err, "check an order")
	}
	return len(found) == 1 && found[0].V, nil
}

// orderForUpdateSQL is UpdateOrder's read: the order, locked.
var orderForUpdateSQL = sqldb.OrderSQL() + " FOR UPDATE"

// order reads one order of storeID with text (OrderSQL, or
// orderForUpdateSQL), and its summary.
func (s orderStore) order(ctx context.Context, text, storeID string, id uuid.UUID) (order.Order, error) {
	rows, err := query[sqldb.OrderRow](ctx, s.db, text, storeID, id)
	if err != nil {
		return order.Order{}, Classify(err, "read an order")
	}
	if len(rows) == 0 {
		return order.Order{}, sqldb.ErrOrderNotFound()
	}
	orders, err := s.withSummaries(ctx, storeID, rows, 0)
	if err != nil {
		return order.Order{}, err
	}
	return orders[0], nil
}

// UpdateOrder locks the order (FOR UPDATE), calls change on it and saves
// status and customer when change reports a change. It runs in the
// transaction of ctx, or in its own.
func (s orderStore) UpdateOrder(ctx context.Context, storeID string, id uuid.UUID,
	change func(*order.Order) (bool, error)) (order.Order, error) {
	var o order.Order
	err := s.db.inTx(ctx, func(ctx context.Context) error {
		var err error
		if o, err = s.order(ctx, orderForUpdateSQL, storeID, id); err != nil {
			return err
		}
		changed, err := change(&o)
		if err != nil || !changed {
			return err
		}
		return Classify(sqldb.UpdateOrder(s.db.conn(ctx), storeID, id, o), "update an order")
	})
	if err != nil {
		return order.Order{}, err
	}
	return o, nil
}

// withSummaries converts rows, read with fields (see sqldb.OrderSkip), to
// orders with their summaries, loading the states of all of them in one
// query; without the integration field, it reads no states.
func (s orderStore) withSummaries(ctx context.Context, storeID string, rows []sqldb.OrderRow,
	fields order.Fields) ([]order.Order, error) {
	if !fields.Has(order.FieldIntegration) {
		return sqldb.ToOrdersOf(rows, nil, fields)
	}
	states, err := s.states(ctx, storeID, sqldb.OrderIDs(rows))
	if err != nil {
		return nil, err
	}
	return sqldb.ToOrdersOf(rows, states, fields)
}

// StatesSQL returns the read of the states of a list of orders: $1 store,
// $2 the order ids, an array.
func StatesSQL() string { return statesSQL }

// statesSQL is StatesSQL's text, made once.
var statesSQL = `SELECT ` + sqldb.StateColumns() + ` FROM order_integrations WHERE store_id = $1 AND order_id = ANY($2)`

// states returns the systems' states of the orders ids, by order.
func (s orderStore) states(ctx context.Context, storeID string,
	ids []uuid.UUID) (map[uuid.UUID][]order.SystemState, error) {
	rows, err := query[sqldb.StateRow](ctx, s.db, statesSQL, storeID, ids)
	if err != nil {
		return nil, Classify(err, "read integration states")
	}
	return sqldb.StatesByOrder(rows, len(ids)), nil
}

// Orders returns up to f.Limit+1 orders of storeID matching f, in f.Sort
// order, with their summaries: one query for the page, one for its states.
// With f.Fields, the page reads only the columns those fields need, and
// no states without the integration field.
func (s orderStore) Orders(ctx context.Context, storeID string, f order.OrderFilter) ([]order.Order, error) {
	text, args := sqldb.OrdersQuery(storeID, f)
	rows, err := queryOf[sqldb.OrderRow](ctx, s.db, sqldb.OrderSkip(f), text, args...)
	if err != nil {
		return nil, Classify(err, "list orders")
	}
	if len(rows) == 0 {
		return []order.Order{}, nil
	}
	return s.withSummaries(ctx, storeID, rows, f.Fields)
}

// Attempts returns up to f.Limit+1 attempts of storeID matching f, newest
// first: occurred_at descending, then the most recently recorded.
func (s orderStore) Attempts(ctx context.Context, storeID string, f order.AttemptFilter) ([]order.Attempt, error) {
	text, args := sqldb.AttemptsQuery(storeID, f)
	rows, err := query[sqldb.AttemptRow](ctx, s.db, text, args...)
	if err != nil {
		return nil, Classify(err, "list attempts")
	}
	return sqldb.ToAttempts(rows), nil
}
