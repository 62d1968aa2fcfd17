package database

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
)

// setRequestSQL writes what a release, an extend, an answer or the sweep
// changed in a request; lease_hash is kept only while leased.
const setRequestSQL = `UPDATE integration_requests SET state = $2, available_at = $3, leased_until = $4,
		attempt_id = $5, completed_at = $6,
		lease_hash = CASE WHEN $2 = 'leased' THEN lease_hash END
	WHERE id = $1`

// lockedRequest is a request locked for a change of its lease.
type lockedRequest struct {
	r    requestRow
	hash []byte
}

func (x *lockedRequest) dest() []any { return append(x.r.dest(), &x.hash) }

// Release gives back the lease whose token hash is hash; see request.Store.
func (rs *RequestStore) Release(ctx context.Context, storeID string, id uuid.UUID, hash []byte, now time.Time,
	change func(request.Request) (request.Request, *order.Attempt)) (request.Request, error) {
	var out request.Request
	err := rs.db.inTx(ctx, func(ctx context.Context) error {
		r, err := rs.lockLease(ctx, storeID, id, hash, now)
		if err != nil {
			return err
		}
		var a *order.Attempt
		out, a = change(r)
		if err := rs.setRequest(ctx, out); err != nil {
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
		r, err := rs.lockLease(ctx, storeID, id, hash, now)
		if err != nil {
			return err
		}
		r.LeasedUntil, r.AvailableAt = &until, until
		out = r
		return rs.setRequest(ctx, r)
	})
	return out, err
}

// lockLease locks the request and checks that hash is its current
// unexpired lease: NotFound outside the store, Conflict otherwise.
func (rs *RequestStore) lockLease(ctx context.Context, storeID string, id uuid.UUID, hash []byte,
	now time.Time) (request.Request, error) {
	rows, err := scanRows(rs.db.conn(ctx), (*lockedRequest).dest,
		rs.db.pick(pgLockRequestSQL, sqliteLockRequestSQL), storeID, id)
	if err != nil {
		return request.Request{}, classify(err, "lock an integration request")
	}
	if len(rows) == 0 {
		return request.Request{}, request.ErrNotFound()
	}
	r := toRequest(rows[0].r)
	current := r.State == request.Leased && r.LeasedUntil != nil && r.LeasedUntil.After(now)
	if !request.SameToken(rows[0].hash, hash) || !current {
		return request.Request{}, request.ErrStaleLease()
	}
	return r, nil
}

// setRequest writes r's changing columns.
func (rs *RequestStore) setRequest(ctx context.Context, r request.Request) error {
	err := rs.db.conn(ctx).Exec(setRequestSQL, r.ID, string(r.State), r.AvailableAt, r.LeasedUntil,
		nullUUID(r.AttemptID), r.CompletedAt).Error
	return classify(err, "update an integration request")
}
