package pgstore

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/database/sqldb"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
)

// RequestStore is the store of integration requests (request.Store) on
// PostgreSQL and the notifier of their long polls: a LISTEN session shared
// by the process feeds an in-process hub. Close stops it.
type RequestStore struct {
	db  *DB
	hub *request.Hub
	ln  *listener
}

// Requests returns the store of integration requests and starts its
// LISTEN session. Call it once per process and Close it before the DB.
func (db *DB) Requests(logger *slog.Logger) sqldb.RequestStore {
	rs := &RequestStore{db: db, hub: request.NewHub()}
	rs.ln = startListener(db, rs.hub, logger)
	return rs
}

// Notifier returns what wakes long polls.
func (rs *RequestStore) Notifier() request.Notifier { return rs.hub }

// Close stops the notification session.
func (rs *RequestStore) Close() { rs.ln.stop() }

var _ sqldb.RequestStore = (*RequestStore)(nil)

// queryFn is query on ctx's connection, as the helpers of sqldb take it.
func queryFn[T any, P sqldb.Row[T]](ctx context.Context, db *DB) sqldb.Query[T] {
	return func(text string, args ...any) ([]T, error) { return query[T, P](ctx, db, text, args...) }
}

// Request returns one request of storeID.
func (rs *RequestStore) Request(ctx context.Context, storeID string, id uuid.UUID) (request.Request, error) {
	return sqldb.GetRequest(queryFn[sqldb.RequestRow](ctx, rs.db), Classify, storeID, id)
}

// Requests returns up to f.Limit+1 requests of storeID matching f at now,
// newest first.
func (rs *RequestStore) Requests(ctx context.Context, storeID string, f request.Filter,
	now time.Time) ([]request.Request, error) {
	return sqldb.ListRequests(queryFn[sqldb.RequestRow](ctx, rs.db), Classify, storeID, f, now)
}

// OpenCounts returns the open requests across stores by system, then
// state ("queued", "leased", as stored: the sweep puts expired leases back
// each second), for the gauge.
func (rs *RequestStore) OpenCounts(ctx context.Context) (map[string]map[string]int, error) {
	return sqldb.CountOpen(queryFn[sqldb.OpenCount](ctx, rs.db), Classify)
}

// ordersInStoreSQL returns which of the ids are orders of the store
// (orders are never deleted nor moved: no lock needed).
const ordersInStoreSQL = `SELECT id FROM orders WHERE store_id = $1 AND id = ANY($2)`

// CreateRequests stores the requests that have no open one, and their
// pending attempts, in one transaction; see request.Store.
func (rs *RequestStore) CreateRequests(ctx context.Context, storeID string, ns []request.New) ([]request.Created, error) {
	var out []request.Created
	err := rs.db.inTx(ctx, func(ctx context.Context) error {
		found, err := query[sqldb.Value[uuid.UUID]](ctx, rs.db, ordersInStoreSQL, storeID, sqldb.NewOrderIDs(ns))
		if err != nil {
			return Classify(err, "read orders")
		}
		var attempts []*order.Attempt
		out, attempts, err = sqldb.CreateEach(queryFn[sqldb.Value[uuid.UUID]](ctx, rs.db),
			queryFn[sqldb.RequestRow](ctx, rs.db), Classify, ns, found)
		if err != nil || len(attempts) == 0 {
			return err
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

// OrderExists reports whether the order is in the store.
func (rs *RequestStore) OrderExists(ctx context.Context, storeID string, id uuid.UUID) (bool, error) {
	return orderStore{rs.db}.OrderExists(ctx, storeID, id)
}

// notifyChannel is the LISTEN/NOTIFY channel of leasable requests.
const notifyChannel = "integration_requests"

// notifySQL sends one notification, delivered when the transaction
// commits (and not at all if it rolls back).
const notifySQL = `SELECT pg_notify('` + notifyChannel + `', $1)`

// notify tells long polls that requests of the store and system may be
// leasable: a NOTIFY in ctx's transaction, seen by every replica's LISTEN
// session at its commit.
func (rs *RequestStore) notify(ctx context.Context, storeID, system string) error {
	payload, _ := json.Marshal([2]string{storeID, system}) // strings always marshal
	return Classify(rs.db.conn(ctx).Exec(notifySQL, string(payload)).Error, "notify")
}

// decodeNotification returns the store and system of a payload.
func decodeNotification(payload string) (string, string, bool) {
	var v [2]string
	if err := json.Unmarshal([]byte(payload), &v); err != nil {
		return "", "", false
	}
	return v[0], v[1], true
}

// lockAnsweredSQL locks the requests a batch of attempts names, in id
// order (no deadlock between batches), before the orders are locked.
var lockAnsweredSQL = `SELECT ` + sqldb.List[sqldb.AnsweredRequest]("") + ` FROM integration_requests
	WHERE store_id = $1 AND id = ANY($2) ORDER BY id FOR UPDATE`

// answering wraps record for the attempts that name a request (SPEC 9.2):
// it locks those requests first (in id order, before record locks the
// orders, as every writer of requests does), refuses (422 naming
// request_id) an attempt whose request is not of the store, of its order
// and of its system, records the others, then makes each open request done
// with the first success or error attempt that answers it, all in ctx's
// transaction.
func (s orderStore) answering(ctx context.Context, storeID string, attempts []*order.Attempt, results []error,
	record func(attempts []*order.Attempt, results []error) error) error {
	ids := sqldb.RequestIDs(attempts)
	if len(ids) == 0 {
		return record(attempts, results)
	}
	rows, err := query[sqldb.AnsweredRequest](ctx, s.db, lockAnsweredSQL, storeID, ids)
	if err != nil {
		return Classify(err, "lock integration requests")
	}
	return sqldb.AnswerBatch(s.db.conn(ctx), Classify, rows, attempts, results, record)
}
