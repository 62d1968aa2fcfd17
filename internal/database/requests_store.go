package database

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/request"
)

// RequestStore is the store of integration requests (request.Store) and
// the notifier of their long polls: on PostgreSQL a LISTEN session shared
// by the process, in process on SQLite. Close stops it.
type RequestStore struct {
	db  *DB
	hub *hub
	ln  *listener // PostgreSQL only
}

// Requests returns the store of integration requests. Call it once per
// process and Close it before the DB.
func (db *DB) Requests() *RequestStore {
	rs := &RequestStore{db: db, hub: newHub()}
	if db.onPostgres() {
		rs.ln = startListener(db, rs.hub)
	}
	return rs
}

// Notifier returns what wakes long polls.
func (rs *RequestStore) Notifier() request.Notifier { return rs.hub }

// Close stops the notification session.
func (rs *RequestStore) Close() {
	if rs.ln != nil {
		rs.ln.stop()
	}
}

var _ request.Store = (*RequestStore)(nil)

// getRequestSQL reads one request.
const getRequestSQL = `SELECT ` + requestColumns + ` FROM integration_requests WHERE store_id = $1 AND id = $2`

// Request returns one request of storeID.
func (rs *RequestStore) Request(ctx context.Context, storeID string, id uuid.UUID) (request.Request, error) {
	rows, err := scanRequests(rs.db, ctx, getRequestSQL, storeID, id)
	if err != nil {
		return request.Request{}, classify(err, "read an integration request")
	}
	if len(rows) == 0 {
		return request.Request{}, request.ErrNotFound()
	}
	return rows[0], nil
}

// Requests returns up to f.Limit+1 requests of storeID matching f at now,
// newest first.
func (rs *RequestStore) Requests(ctx context.Context, storeID string, f request.Filter,
	now time.Time) ([]request.Request, error) {
	text, args := requestsQuery(storeID, f, now)
	rows, err := scanRequests(rs.db, ctx, text, args...)
	if err != nil {
		return nil, classify(err, "list integration requests")
	}
	return rows, nil
}

// requestsQuery returns the page query of f. A state filter is on the
// state as read at now: an expired lease is queued.
func requestsQuery(storeID string, f request.Filter, now time.Time) (string, []any) {
	var q query
	if f.OrderID != nil {
		q.where("order_id = %s", *f.OrderID)
	}
	q.where("store_id = %s", storeID)
	whereIf(&q, "system = %s", f.System)
	if f.State != nil {
		switch *f.State {
		case request.Queued:
			q.where("(state = 'queued' OR (state = 'leased' AND leased_until <= %s))", now)
		case request.Leased:
			q.where("state = 'leased' AND leased_until > %s", now)
		default:
			q.where("state = %s", string(*f.State))
		}
	}
	whereIf(&q, "created_at >= %s", f.CreatedAfter)
	whereIf(&q, "created_at < %s", f.CreatedBefore)
	if f.After != nil {
		q.where("(created_at, id) < (%s, %s)", f.After.CreatedAt, f.After.ID)
	}
	text := fmt.Sprintf("SELECT %s FROM integration_requests %s ORDER BY created_at DESC, id DESC LIMIT %s",
		requestColumns, q.clause(), q.arg(limit(f.Limit)+1))
	return text, q.args
}

// openCountsSQL counts the open requests by system and stored state.
const openCountsSQL = `SELECT system, state, count(*) FROM integration_requests
	WHERE state IN ('queued', 'leased') GROUP BY system, state`

// OpenCounts returns the open requests across stores by system, then
// state ("queued", "leased", as stored: the sweep puts expired leases back
// each second), for the gauge.
func (rs *RequestStore) OpenCounts(ctx context.Context) (map[string]map[string]int, error) {
	type row struct {
		system, state string
		n             int64
	}
	rows, err := scanRows(rs.db.conn(ctx), func(r *row) []any { return []any{&r.system, &r.state, &r.n} }, openCountsSQL)
	if err != nil {
		return nil, classify(err, "count open integration requests")
	}
	out := make(map[string]map[string]int)
	for _, r := range rows {
		if out[r.system] == nil {
			out[r.system] = map[string]int{"queued": 0, "leased": 0}
		}
		out[r.system][r.state] = int(r.n)
	}
	return out, nil
}
