package database

import (
	"context"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/order"
)

// orderStore implements order.Store.
type orderStore struct{ db *DB }

// CreateOrder inserts o; a duplicate number in the store is Conflict.
func (s orderStore) CreateOrder(ctx context.Context, o order.Order) error {
	row, err := fromOrder(o)
	if err != nil {
		return err
	}
	return classify(s.db.conn(ctx).Create(&row).Error, "create an order")
}

// Order returns one order of storeID with its summary.
func (s orderStore) Order(ctx context.Context, storeID string, id uuid.UUID) (order.Order, error) {
	return s.order(ctx, storeID, id, "")
}

// orderExistsSQL probes the primary key of orders.
const orderExistsSQL = `SELECT EXISTS (SELECT 1 FROM orders WHERE store_id = $1 AND id = $2)`

// OrderExists reports whether the order id is in storeID: one primary-key
// probe, without the summary that Order reads.
func (s orderStore) OrderExists(ctx context.Context, storeID string, id uuid.UUID) (bool, error) {
	rows, err := scanRows(s.db.conn(ctx), func(b *bool) []any { return []any{b} }, orderExistsSQL, storeID, id)
	if err != nil {
		return false, classify(err, "check an order")
	}
	return len(rows) == 1 && rows[0], nil
}

// order reads one order of storeID, with lock appended to its query (a
// locking clause, or ""), and its summary.
func (s orderStore) order(ctx context.Context, storeID string, id uuid.UUID, lock string) (order.Order, error) {
	rows, err := scanRows(s.db.conn(ctx), (*orderRow).dest,
		`SELECT `+orderColumns+` FROM orders o WHERE o.store_id = $1 AND o.id = $2 `+lock, storeID, id)
	if err != nil {
		return order.Order{}, classify(err, "read an order")
	}
	if len(rows) == 0 {
		return order.Order{}, errOrderNotFound()
	}
	orders, err := s.withSummaries(ctx, storeID, rows)
	if err != nil {
		return order.Order{}, err
	}
	return orders[0], nil
}

// UpdateOrder locks the order, calls change on it and saves status and
// customer when change reports a change. It runs in the transaction of ctx,
// or in its own.
func (s orderStore) UpdateOrder(ctx context.Context, storeID string, id uuid.UUID,
	change func(*order.Order) (bool, error)) (order.Order, error) {
	var o order.Order
	err := s.db.inTx(ctx, func(ctx context.Context) error {
		var err error
		if o, err = s.order(ctx, storeID, id, s.db.dialect.forUpdate); err != nil {
			return err
		}
		changed, err := change(&o)
		if err != nil || !changed {
			return err
		}
		err = s.db.conn(ctx).Exec(`UPDATE orders SET status = $3, customer_name = $4, customer_email = $5,
			customer_document = $6, updated_at = $7 WHERE store_id = $1 AND id = $2`,
			storeID, id, string(o.Status), o.Customer.Name, o.Customer.Email, o.Customer.Document, o.UpdatedAt).Error
		return classify(err, "update an order")
	})
	if err != nil {
		return order.Order{}, err
	}
	return o, nil
}

// withSummaries converts rows to orders with their summaries, loading the
// states of all of them in one query.
func (s orderStore) withSummaries(ctx context.Context, storeID string, rows []orderRow) ([]order.Order, error) {
	ids := make([]uuid.UUID, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	states, err := s.states(ctx, storeID, ids)
	if err != nil {
		return nil, err
	}
	orders := make([]order.Order, len(rows))
	for i, r := range rows {
		if orders[i], err = toOrder(r, states[r.ID]); err != nil {
			return nil, err
		}
	}
	return orders, nil
}

// statesSQL reads the states of a list of orders.
const statesSQL = `SELECT ` + stateColumns + ` FROM order_integrations WHERE store_id = $1 AND order_id = ANY($2)`

// states returns the systems' states of the orders ids, by order.
func (s orderStore) states(ctx context.Context, storeID string,
	ids []uuid.UUID) (map[uuid.UUID][]order.SystemState, error) {
	rows, err := scanRows(s.db.conn(ctx), (*stateRow).dest, s.db.dialect.statesSQL, storeID, ids)
	if err != nil {
		return nil, classify(err, "read integration states")
	}
	states := make(map[uuid.UUID][]order.SystemState, len(ids))
	for _, r := range rows {
		states[r.OrderID] = append(states[r.OrderID], toState(r))
	}
	return states, nil
}
