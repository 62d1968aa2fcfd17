package database

import (
	"context"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
)

// ordersByIDSQL reads orders by id, for the orders of a lease.
const ordersByIDSQL = `SELECT ` + orderColumns + ` FROM orders o WHERE o.store_id = $1 AND o.id = ANY($2)`

// rankedRequest is a leased row with its rank among the leased.
type rankedRequest struct {
	n int64
	r requestRow
}

func (x *rankedRequest) dest() []any { return append([]any{&x.n}, x.r.dest()...) }

// Lease leases requests (see request.Store), then reads their orders
// after the commit: the lease's row locks are held for one statement.
func (rs *RequestStore) Lease(ctx context.Context, storeID string, p request.LeaseParams) ([]request.Grant, error) {
	var leased []request.Request
	err := rs.db.inTx(ctx, func(ctx context.Context) error {
		var err error
		if rs.db.onPostgres() {
			leased, err = rs.leasePostgres(ctx, storeID, p)
		} else {
			leased, err = rs.leaseSQLite(ctx, storeID, p)
		}
		return err
	})
	if err != nil || len(leased) == 0 {
		return []request.Grant{}, err
	}
	orders, err := rs.ordersByID(ctx, storeID, leased)
	if err != nil {
		return nil, err
	}
	grants := make([]request.Grant, 0, len(leased))
	for _, r := range leased {
		grants = append(grants, request.Grant{Request: r, Order: orders[r.OrderID]})
	}
	return grants, nil
}

// leasePostgres is one statement: pick with SKIP LOCKED and update.
func (rs *RequestStore) leasePostgres(ctx context.Context, storeID string, p request.LeaseParams) ([]request.Request, error) {
	rows, err := scanRows(rs.db.conn(ctx), (*rankedRequest).dest, pgLeaseSQL, storeID, p.System, p.Now, p.Limit,
		p.Until, p.Hashes, p.MaxDeliveries)
	if err != nil {
		return nil, classify(err, "lease integration requests")
	}
	slices.SortFunc(rows, func(a, b rankedRequest) int { return int(a.n - b.n) })
	out := make([]request.Request, len(rows))
	for i, x := range rows {
		out[i] = toRequest(x.r)
	}
	return out, nil
}

// leaseSQLite picks, then updates each row, in the one write transaction.
func (rs *RequestStore) leaseSQLite(ctx context.Context, storeID string, p request.LeaseParams) ([]request.Request, error) {
	conn := rs.db.conn(ctx)
	ids, err := scanRows(conn, func(id *uuid.UUID) []any { return []any{id} }, sqlitePickLeaseSQL,
		storeID, p.System, p.Now, p.Limit, p.MaxDeliveries)
	if err != nil {
		return nil, classify(err, "lease integration requests")
	}
	out := make([]request.Request, 0, len(ids))
	for i, id := range ids {
		rows, err := scanRequests(rs.db, ctx, sqliteLeaseOneSQL, id, p.Until, p.Hashes[i])
		if err != nil {
			return nil, classify(err, "lease integration requests")
		}
		out = append(out, rows...)
	}
	return out, nil
}

// ordersByID returns the orders of rs with their summaries, by id.
func (rs *RequestStore) ordersByID(ctx context.Context, storeID string, reqs []request.Request) (map[uuid.UUID]order.Order, error) {
	ids := make([]uuid.UUID, len(reqs))
	for i, r := range reqs {
		ids[i] = r.OrderID
	}
	rows, err := scanRows(rs.db.conn(ctx), (*orderRow).dest, rs.db.pick(ordersByIDSQL, sqliteOrdersByIDSQL), storeID, ids)
	if err != nil {
		return nil, classify(err, "read leased orders")
	}
	orders, err := orderStore{rs.db}.withSummaries(ctx, storeID, rows)
	if err != nil {
		return nil, err
	}
	out := make(map[uuid.UUID]order.Order, len(orders))
	for _, o := range orders {
		out[o.ID] = o
	}
	if len(out) != len(distinct(ids)) {
		return nil, fmt.Errorf("database: a leased request's order is missing")
	}
	return out, nil
}

// distinct returns ids without repeats.
func distinct(ids []uuid.UUID) map[uuid.UUID]struct{} {
	m := make(map[uuid.UUID]struct{}, len(ids))
	for _, id := range ids {
		m[id] = struct{}{}
	}
	return m
}
