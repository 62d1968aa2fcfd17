package pgstore

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/database/sqldb"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
)

// The re-integration statements that PostgreSQL says its own way: row
// locks, SKIP LOCKED, arrays.
var (
	// leaseSQL leases up to $4 open requests of a store ($1) and system
	// ($2) available at $3, oldest available first. FOR UPDATE SKIP LOCKED:
	// concurrent lease calls, on any replica, each take other rows, and a
	// row being answered or swept is not leased under it. Each row gets the
	// hash of its rank in $6 and, as available_at, its lease's end $5: an
	// expired lease is leasable again through the same index range.
	// Requests at $7 deliveries are left to the sweep, which gives them up.
	leaseSQL = `WITH picked AS (
			SELECT id, row_number() OVER (ORDER BY available_at, id) AS n FROM (
				SELECT id, available_at FROM integration_requests
				WHERE store_id = $1 AND system = $2 AND state IN ('queued', 'leased') AND available_at <= $3
					AND deliveries < $7
				ORDER BY available_at, id
				LIMIT $4
				FOR UPDATE SKIP LOCKED) p)
		UPDATE integration_requests r SET state = 'leased', deliveries = r.deliveries + 1, leased_until = $5,
			available_at = $5, lease_hash = h.hash
		FROM picked JOIN unnest($6::bytea[]) WITH ORDINALITY AS h(hash, n) ON h.n = picked.n
		WHERE r.id = picked.id
		RETURNING picked.n, ` + sqldb.RequestColumnsR()

	// lockRequestSQL locks one request for a release or an extend.
	lockRequestSQL = `SELECT ` + sqldb.RequestColumns() + `, lease_hash FROM integration_requests
		WHERE store_id = $1 AND id = $2 FOR UPDATE`

	// requeueSQL puts expired leases with deliveries left back to queued.
	requeueSQL = `WITH picked AS (
			SELECT id FROM integration_requests
			WHERE state = 'leased' AND available_at <= $1 AND deliveries < $2
			ORDER BY available_at LIMIT $3 FOR UPDATE SKIP LOCKED)
		UPDATE integration_requests r SET state = 'queued', leased_until = NULL, lease_hash = NULL
		FROM picked WHERE r.id = picked.id`

	// giveUpSQL picks the requests to give up and fails them, returning
	// them: their last lease ended ($2 deliveries), or, open and not held,
	// created before $3. SKIP LOCKED: a request another sweeper or a
	// connector holds is skipped, so each is failed once.
	giveUpSQL = `WITH picked AS (
			SELECT id, 'reintegration.max_deliveries' AS cause FROM integration_requests
			WHERE state = 'leased' AND available_at <= $1 AND deliveries >= $2
			ORDER BY available_at LIMIT $4 FOR UPDATE SKIP LOCKED),
		old AS (
			SELECT id, 'reintegration.expired' AS cause FROM integration_requests
			WHERE state IN ('queued', 'leased') AND created_at < $3 AND available_at <= $1
				AND id NOT IN (SELECT id FROM picked)
			ORDER BY created_at LIMIT $4 FOR UPDATE SKIP LOCKED),
		failed AS (SELECT * FROM picked UNION ALL SELECT * FROM old)
		UPDATE integration_requests r SET state = 'failed', leased_until = NULL, lease_hash = NULL,
			completed_at = $1
		FROM failed WHERE r.id = failed.id
		RETURNING failed.cause, ` + sqldb.RequestColumnsR()

	// ordersByIDSQL reads orders by id, for the orders of a lease.
	ordersByIDSQL = `SELECT ` + sqldb.OrderColumns() + ` FROM orders o WHERE o.store_id = $1 AND o.id = ANY($2)`
)

// Lease leases requests (see request.Store) in one statement, then reads
// their orders after the commit: the lease's row locks are held for one
// statement.
func (rs *RequestStore) Lease(ctx context.Context, storeID string, p request.LeaseParams) ([]request.Grant, error) {
	var leased []request.Request
	err := rs.db.inTx(ctx, func(ctx context.Context) error {
		rows, err := query[sqldb.RankedRequest](ctx, rs.db, leaseSQL, storeID, p.System, p.Now, p.Limit,
			p.Until, p.Hashes, p.MaxDeliveries)
		if err != nil {
			return Classify(err, "lease integration requests")
		}
		slices.SortFunc(rows, func(a, b sqldb.RankedRequest) int { return int(a.N - b.N) })
		for _, x := range rows {
			leased = append(leased, sqldb.ToRequest(x.R))
		}
		return nil
	})
	if err != nil || len(leased) == 0 {
		return []request.Grant{}, err
	}
	rows, err := query[sqldb.OrderRow](ctx, rs.db, ordersByIDSQL, storeID, sqldb.RequestOrderIDs(leased))
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
			return rs.notify(ctx, storeID, out.System)
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

// changeLease runs sqldb.ChangeLease in ctx's transaction, the request locked
// (FOR UPDATE) until it commits.
func (rs *RequestStore) changeLease(ctx context.Context, ref sqldb.LeaseRef,
	change func(request.Request) (request.Request, *order.Attempt)) (request.Request, *order.Attempt, error) {
	return sqldb.ChangeLease(queryFn[sqldb.LockedRequest](ctx, rs.db), rs.db.conn(ctx), Classify, lockRequestSQL,
		ref, change)
}

// Sweep puts expired leases back to queued and gives up requests, each
// with its error attempt, in one transaction; see request.Store.
func (rs *RequestStore) Sweep(ctx context.Context, p request.SweepParams) (request.SweepResult, error) {
	var res request.SweepResult
	err := rs.db.inTx(ctx, func(ctx context.Context) error {
		q := rs.db.conn(ctx).Exec(requeueSQL, p.Now, p.MaxDeliveries, p.Limit)
		if q.Error != nil {
			return Classify(q.Error, "requeue expired leases")
		}
		res.Requeued = int(q.RowsAffected)
		failed, err := query[sqldb.CausedRequest](ctx, rs.db, giveUpSQL, p.Now, p.MaxDeliveries, p.CreatedBefore, p.Limit)
		if err != nil {
			return Classify(err, "give up integration requests")
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
