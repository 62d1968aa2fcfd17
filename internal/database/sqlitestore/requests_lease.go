package sqlitestore

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/database/sqldb"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
)

// The re-integration statements of SQLite. Its write transactions exclude
// each other (one writer), so a read then a write in one transaction needs
// no row locks: what it read stays true until it commits.
var (
	pickLeaseSQL = `SELECT id FROM integration_requests
		WHERE store_id = $1 AND system = $2 AND state IN ('queued', 'leased') AND available_at <= $3
			AND deliveries < $5
		ORDER BY available_at, id LIMIT $4`

	leaseOneSQL = `UPDATE integration_requests SET state = 'leased', deliveries = deliveries + 1,
			leased_until = $2, available_at = $2, lease_hash = $3
		WHERE id = $1
		RETURNING ` + sqldb.RequestColumns()

	lockRequestSQL = `SELECT ` + sqldb.RequestColumns() + `, lease_hash FROM integration_requests
		WHERE store_id = $1 AND id = $2`

	requeueSQL = `UPDATE integration_requests SET state = 'queued', leased_until = NULL, lease_hash = NULL
		WHERE id IN (SELECT id FROM integration_requests
			WHERE state = 'leased' AND available_at <= $1 AND deliveries < $2
			ORDER BY available_at LIMIT $3)`

	giveUpSQL = `WITH picked AS (
			SELECT id, 'reintegration.max_deliveries' AS cause FROM integration_requests
			WHERE state = 'leased' AND available_at <= $1 AND deliveries >= $2
			ORDER BY available_at LIMIT $4),
		old AS (
			SELECT id, 'reintegration.expired' AS cause FROM integration_requests
			WHERE state IN ('queued', 'leased') AND created_at < $3 AND available_at <= $1
				AND id NOT IN (SELECT id FROM picked)
			ORDER BY created_at LIMIT $4)
		SELECT id, cause FROM picked UNION ALL SELECT id, cause FROM old`

	failOneSQL = `UPDATE integration_requests SET state = 'failed', leased_until = NULL, lease_hash = NULL,
			completed_at = $2
		WHERE id = $1
		RETURNING ` + sqldb.RequestColumns()

	ordersByIDSQL = `SELECT ` + sqldb.OrderColumns() + ` FROM orders o
		WHERE o.store_id = $1 AND o.id IN (SELECT value FROM json_each($2))`
)

// Lease leases requests (see request.Store): picks, then updates each row,
// in the one write transaction; it reads their orders after the commit.
func (rs *RequestStore) Lease(ctx context.Context, storeID string, p request.LeaseParams) ([]request.Grant, error) {
	var leased []request.Request
	err := rs.db.inTx(ctx, func(ctx context.Context) error {
		conn := rs.db.write(ctx)
		ids, err := query[sqldb.Value[uuid.UUID]](conn, pickLeaseSQL, storeID, p.System, p.Now, p.Limit, p.MaxDeliveries)
		if err != nil {
			return Classify(err, "lease integration requests")
		}
		for i, id := range ids {
			rows, err := query[sqldb.RequestRow](conn, leaseOneSQL, id.V, p.Until, p.Hashes[i])
			if err != nil {
				return Classify(err, "lease integration requests")
			}
			leased = append(leased, sqldb.ToRequests(rows)...)
		}
		return nil
	})
	if err != nil || len(leased) == 0 {
		return []request.Grant{}, err
	}
	rows, err := query[sqldb.OrderRow](rs.db.read(ctx), ordersByIDSQL, storeID, sqldb.RequestOrderIDs(leased))
	if err != nil {
		return nil, Classify(err, "read leased orders")
	}
	orders, err := orderStore{rs.db}.withSummaries(ctx, storeID, rows, order.AllFields)
	if err != nil {
		return nil, err
	}
	return sqldb.LeasedOrders(leased, orders)
}

// Release gives back the lease whose token hash is hash; see request.Store.
func (rs *RequestStore) Release(ctx context.Context, storeID string, id uuid.UUID, hash []byte, now time.Time,
	change func(request.Request) (request.Request, *order.Attempt)) (request.Request, error) {
	var out request.Request
	err := rs.db.inTx(ctx, func(ctx context.Context) error {
		var a *order.Attempt
		var err error
		out, a, err = rs.changeLease(ctx, sqldb.LeaseRef{StoreID: storeID, ID: id, Hash: hash, Now: now}, change)
		if err != nil {
			return err
		}
		if a != nil {
			_, err := orderStore{rs.db}.RecordAttempts(ctx, storeID, []*order.Attempt{a})
			return err
		}
		if !out.AvailableAt.After(now) {
			rs.notify(storeID, out.System)
		}
		return nil
	})
	return out, err
}

// Extend moves the end of the lease whose token hash is hash to until.
func (rs *RequestStore) Extend(ctx context.Context, storeID string, id uuid.UUID, hash []byte,
	now, until time.Time) (request.Request, error) {
	var out request.Request
	err := rs.db.inTx(ctx, func(ctx context.Context) error {
		var err error
		out, _, err = rs.changeLease(ctx, sqldb.LeaseRef{StoreID: storeID, ID: id, Hash: hash, Now: now},
			sqldb.Extended(until))
		return err
	})
	return out, err
}

// changeLease runs sqldb.ChangeLease in ctx's transaction, on the one
// writer: what it reads stays true until it commits.
func (rs *RequestStore) changeLease(ctx context.Context, ref sqldb.LeaseRef,
	change func(request.Request) (request.Request, *order.Attempt)) (request.Request, *order.Attempt, error) {
	conn := rs.db.write(ctx)
	return sqldb.ChangeLease(queryFn[sqldb.LockedRequest](conn), conn, Classify, lockRequestSQL, ref, change)
}

// Sweep puts expired leases back to queued and gives up requests, each
// with its error attempt, in one write transaction; see request.Store.
func (rs *RequestStore) Sweep(ctx context.Context, p request.SweepParams) (request.SweepResult, error) {
	var res request.SweepResult
	err := rs.db.inTx(ctx, func(ctx context.Context) error {
		conn := rs.db.write(ctx)
		q := conn.Exec(requeueSQL, p.Now, p.MaxDeliveries, p.Limit)
		if q.Error != nil {
			return Classify(q.Error, "requeue expired leases")
		}
		res.Requeued = int(q.RowsAffected)
		failed, err := rs.giveUp(ctx, p)
		if err != nil {
			return err
		}
		for store, attempts := range sqldb.Abandoned(failed, p, &res) {
			if _, err := (orderStore{rs.db}).RecordAttempts(ctx, store, attempts); err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}

// giveUp picks the requests to give up, then fails each, returning them.
func (rs *RequestStore) giveUp(ctx context.Context, p request.SweepParams) ([]sqldb.CausedRequest, error) {
	conn := rs.db.write(ctx)
	picked, err := query[sqldb.PickedRequest](conn, giveUpSQL, p.Now, p.MaxDeliveries, p.CreatedBefore, p.Limit)
	if err != nil {
		return nil, Classify(err, "give up integration requests")
	}
	out := make([]sqldb.CausedRequest, 0, len(picked))
	for _, x := range picked {
		rows, err := query[sqldb.RequestRow](conn, failOneSQL, x.ID, p.Now)
		if err != nil {
			return nil, Classify(err, "give up integration requests")
		}
		for _, r := range rows {
			out = append(out, sqldb.CausedRequest{Cause: x.Cause, R: r})
		}
	}
	return out, nil
}
