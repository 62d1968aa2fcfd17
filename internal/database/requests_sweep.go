package database

import (
	"context"

	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
)

// causedRequest is a request given up, with its cause.
type causedRequest struct {
	cause string
	r     requestRow
}

func (x *causedRequest) dest() []any { return append([]any{&x.cause}, x.r.dest()...) }

// Sweep puts expired leases back to queued and gives up requests, each
// with its error attempt, in one transaction; see request.Store.
func (rs *RequestStore) Sweep(ctx context.Context, p request.SweepParams) (request.SweepResult, error) {
	var res request.SweepResult
	err := rs.db.inTx(ctx, func(ctx context.Context) error {
		conn := rs.db.conn(ctx)
		q := conn.Exec(rs.db.pick(pgRequeueSQL, sqliteRequeueSQL), p.Now, p.MaxDeliveries, p.Limit)
		if q.Error != nil {
			return classify(q.Error, "requeue expired leases")
		}
		res.Requeued = int(q.RowsAffected)
		failed, err := rs.giveUp(ctx, p)
		if err != nil || len(failed) == 0 {
			return err
		}
		byStore := make(map[string][]*order.Attempt)
		for _, f := range failed {
			cause := request.Cause(f.cause)
			if cause == request.MaxDeliveries {
				res.MaxDeliveries++
			} else {
				res.Expired++
			}
			r := toRequest(f.r)
			byStore[r.StoreID] = append(byStore[r.StoreID], request.AbandonedAttempt(r, cause, p.MaxDeliveries, p.Now))
		}
		for store, attempts := range byStore {
			if _, err := (orderStore{rs.db}).RecordAttempts(ctx, store, attempts); err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}

// giveUp fails the requests to give up and returns them.
func (rs *RequestStore) giveUp(ctx context.Context, p request.SweepParams) ([]causedRequest, error) {
	conn := rs.db.conn(ctx)
	if rs.db.onPostgres() {
		rows, err := scanRows(conn, (*causedRequest).dest, pgGiveUpSQL, p.Now, p.MaxDeliveries, p.CreatedBefore, p.Limit)
		return rows, classify(err, "give up integration requests")
	}
	type picked struct{ id, cause string }
	ids, err := scanRows(conn, func(x *picked) []any { return []any{&x.id, &x.cause} }, sqliteGiveUpSQL,
		p.Now, p.MaxDeliveries, p.CreatedBefore, p.Limit)
	if err != nil {
		return nil, classify(err, "give up integration requests")
	}
	out := make([]causedRequest, 0, len(ids))
	for _, x := range ids {
		rows, err := scanRows(conn, (*requestRow).dest, sqliteFailOneSQL, x.id, p.Now)
		if err != nil {
			return nil, classify(err, "give up integration requests")
		}
		for _, r := range rows {
			out = append(out, causedRequest{cause: x.cause, r: r})
		}
	}
	return out, nil
}
