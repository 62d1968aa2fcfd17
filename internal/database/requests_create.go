package database

import (
	"context"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
)

// Statements of CreateRequests, the same on both engines.
const (
	// ordersInStoreSQL returns which of the ids are orders of the store
	// (orders are never deleted nor moved: no lock needed).
	ordersInStoreSQL = `SELECT id FROM orders WHERE store_id = $1 AND id = ANY($2)`

	// insertRequestSQL inserts a request unless its order and system have
	// an open one: the partial unique index decides, also between
	// concurrent transactions (the second waits for the first to end).
	insertRequestSQL = `INSERT INTO integration_requests (id, store_id, order_id, system, state, reason,
			requested_by, trigger, job_id, deliveries, available_at, leased_until, attempt_id, created_at, completed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		ON CONFLICT (order_id, system) WHERE state IN ('queued', 'leased') DO NOTHING
		RETURNING id`

	openRequestSQL = `SELECT ` + requestColumns + ` FROM integration_requests
		WHERE order_id = $1 AND system = $2 AND state IN ('queued', 'leased')`
)

// sqliteOrdersInStoreSQL is ordersInStoreSQL with a JSON array of ids.
const sqliteOrdersInStoreSQL = `SELECT id FROM orders WHERE store_id = $1 AND id IN (SELECT value FROM json_each($2))`

// createAttempts is how many times CreateRequests tries a request whose
// open one became final between its insert and its read.
const createTries = 3

// CreateRequests stores the requests that have no open one, and their
// pending attempts, in one transaction; see request.Store.
func (rs *RequestStore) CreateRequests(ctx context.Context, storeID string, ns []request.New) ([]request.Created, error) {
	out := make([]request.Created, len(ns))
	err := rs.db.inTx(ctx, func(ctx context.Context) error {
		in, err := rs.ordersInStore(ctx, storeID, ns)
		if err != nil {
			return err
		}
		var attempts []*order.Attempt
		for i, n := range ns {
			if !in[n.Request.OrderID] {
				out[i] = request.Created{Err: errOrderNotFound()}
				continue
			}
			if out[i], err = rs.createOne(ctx, n); err != nil {
				return err
			}
			if out[i].Created {
				attempts = append(attempts, n.Attempt)
			}
		}
		if len(attempts) == 0 {
			return nil
		}
		if _, err := (orderStore{rs.db}).RecordAttempts(ctx, storeID, attempts); err != nil {
			return err
		}
		return rs.notify(ctx, storeID, ns[0].Request.System)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ordersInStore returns which orders of ns are in the store.
func (rs *RequestStore) ordersInStore(ctx context.Context, storeID string, ns []request.New) (map[uuid.UUID]bool, error) {
	ids := make([]uuid.UUID, len(ns))
	for i, n := range ns {
		ids[i] = n.Request.OrderID
	}
	found, err := scanRows(rs.db.conn(ctx), func(id *uuid.UUID) []any { return []any{id} },
		rs.db.pick(ordersInStoreSQL, sqliteOrdersInStoreSQL), storeID, ids)
	if err != nil {
		return nil, classify(err, "read orders")
	}
	in := make(map[uuid.UUID]bool, len(found))
	for _, id := range found {
		in[id] = true
	}
	return in, nil
}

// createOne inserts n's request, or returns the open one.
func (rs *RequestStore) createOne(ctx context.Context, n request.New) (request.Created, error) {
	for range createTries {
		ids, err := scanRows(rs.db.conn(ctx), func(id *uuid.UUID) []any { return []any{id} },
			insertRequestSQL, requestArgs(n.Request)...)
		if err != nil {
			return request.Created{}, classify(err, "insert an integration request")
		}
		if len(ids) == 1 {
			return request.Created{Request: n.Request, Created: true}, nil
		}
		open, err := scanRequests(rs.db, ctx, openRequestSQL, n.Request.OrderID, n.Request.System)
		if err != nil {
			return request.Created{}, classify(err, "read the open integration request")
		}
		if len(open) == 1 {
			return request.Created{Request: open[0]}, nil
		}
	}
	return request.Created{}, errBusyRequest()
}

// OrderExists reports whether the order is in the store.
func (rs *RequestStore) OrderExists(ctx context.Context, storeID string, id uuid.UUID) (bool, error) {
	return orderStore{rs.db}.OrderExists(ctx, storeID, id)
}
