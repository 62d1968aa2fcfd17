package sqlitestore

import (
	"context"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/database/sqldb"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
)

// RequestStore is the store of integration requests (request.Store) on
// SQLite and the notifier of their long polls: one process owns the file,
// so the store publishes to its in-process hub directly.
type RequestStore struct {
	db  *DB
	hub *request.Hub
}

// Requests returns the store of integration requests (the logger is
// PostgreSQL's, for its LISTEN session). Call it once per process.
func (db *DB) Requests(*slog.Logger) sqldb.RequestStore {
	return &RequestStore{db: db, hub: request.NewHub()}
}

// Notifier returns what wakes long polls.
func (rs *RequestStore) Notifier() request.Notifier { return rs.hub }

// Close does nothing: there is no session to stop on SQLite.
func (rs *RequestStore) Close() {}

var _ sqldb.RequestStore = (*RequestStore)(nil)

// Request returns one request of storeID (read).
func (rs *RequestStore) Request(ctx context.Context, storeID string, id uuid.UUID) (request.Request, error) {
	rows, err := query[sqldb.RequestRow](rs.db.read(ctx), sqldb.GetRequestSQL(), storeID, id)
	if err != nil {
		return request.Request{}, Classify(err, "read an integration request")
	}
	if len(rows) == 0 {
		return request.Request{}, request.ErrNotFound()
	}
	return sqldb.ToRequest(rows[0]), nil
}

// Requests returns up to f.Limit+1 requests of storeID matching f at now,
// newest first (read).
func (rs *RequestStore) Requests(ctx context.Context, storeID string, f request.Filter,
	now time.Time) ([]request.Request, error) {
	text, args := sqldb.RequestsQuery(storeID, f, now)
	rows, err := query[sqldb.RequestRow](rs.db.read(ctx), text, args...)
	if err != nil {
		return nil, Classify(err, "list integration requests")
	}
	return sqldb.ToRequests(rows), nil
}

// OpenCounts returns the open requests across stores by system, then
// state, as stored, for the gauge (read).
func (rs *RequestStore) OpenCounts(ctx context.Context) (map[string]map[string]int, error) {
	rows, err := query[sqldb.OpenCount](rs.db.read(ctx), sqldb.OpenCountsSQL)
	if err != nil {
		return nil, Classify(err, "count open integration requests")
	}
	return sqldb.OpenCounts(rows), nil
}

// ordersInStoreSQL returns which of the ids (a JSON array) are orders of
// the store.
const ordersInStoreSQL = `SELECT id FROM orders WHERE store_id = $1 AND id IN (SELECT value FROM json_each($2))`

// CreateRequests stores the requests that have no open one, and their
// pending attempts, in one write transaction; see request.Store.
func (rs *RequestStore) CreateRequests(ctx context.Context, storeID string, ns []request.New) ([]request.Created, error) {
	out := make([]request.Created, len(ns))
	err := rs.db.inTx(ctx, func(ctx context.Context) error {
		found, err := query[sqldb.Value[uuid.UUID]](rs.db.write(ctx), ordersInStoreSQL, storeID, sqldb.NewOrderIDs(ns))
		if err != nil {
			return Classify(err, "read orders")
		}
		in := make(map[uuid.UUID]bool, len(found))
		for _, id := range found {
			in[id.V] = true
		}
		var attempts []*order.Attempt
		for i, n := range ns {
			if !in[n.Request.OrderID] {
				out[i] = request.Created{Err: sqldb.ErrOrderNotFound()}
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
		rs.notify(storeID, ns[0].Request.System)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// createOne inserts n's request, or returns the open one.
func (rs *RequestStore) createOne(ctx context.Context, n request.New) (request.Created, error) {
	conn := rs.db.write(ctx)
	for range sqldb.CreateTries {
		ids, err := query[sqldb.Value[uuid.UUID]](conn, sqldb.InsertRequestSQL, sqldb.RequestArgs(n.Request)...)
		if err != nil {
			return request.Created{}, Classify(err, "insert an integration request")
		}
		if len(ids) == 1 {
			return request.Created{Request: n.Request, Created: true}, nil
		}
		open, err := query[sqldb.RequestRow](conn, sqldb.OpenRequestSQL(), n.Request.OrderID, n.Request.System)
		if err != nil {
			return request.Created{}, Classify(err, "read the open integration request")
		}
		if len(open) == 1 {
			return request.Created{Request: sqldb.ToRequest(open[0])}, nil
		}
	}
	return request.Created{}, sqldb.ErrBusyRequest()
}

// OrderExists reports whether the order is in the store.
func (rs *RequestStore) OrderExists(ctx context.Context, storeID string, id uuid.UUID) (bool, error) {
	return orderStore{rs.db}.OrderExists(ctx, storeID, id)
}

// notify wakes the long polls of the store and system at once: a woken
// lease then waits for the one writer, so it runs after this commit.
func (rs *RequestStore) notify(storeID, system string) { rs.hub.Publish(storeID, system) }

// lockAnsweredSQL reads the requests a batch of attempts names (a JSON
// array), in id order: the write transaction excludes every other writer.
var lockAnsweredSQL = `SELECT ` + sqldb.List[sqldb.AnsweredRequest]("") + ` FROM integration_requests
	WHERE store_id = $1 AND id IN (SELECT value FROM json_each($2)) ORDER BY id`

// answering wraps record for the attempts that name a request (SPEC 9.2):
// it reads those requests, refuses (422 naming request_id) an attempt
// whose request is not of the store, of its order and of its system,
// records the others, then makes each open request done with the first
// success or error attempt that answers it, all in ctx's transaction.
func (s orderStore) answering(ctx context.Context, storeID string, attempts []*order.Attempt, results []error,
	record func(attempts []*order.Attempt, results []error) error) error {
	ids := sqldb.RequestIDs(attempts)
	if len(ids) == 0 {
		return record(attempts, results)
	}
	conn := s.db.write(ctx)
	rows, err := query[sqldb.AnsweredRequest](conn, lockAnsweredSQL, storeID, ids)
	if err != nil {
		return Classify(err, "lock integration requests")
	}
	reqs := sqldb.AnsweredByID(rows)
	batch, index := sqldb.Answerable(attempts, results, reqs)
	sub := make([]error, len(batch))
	if len(batch) > 0 {
		if err := record(batch, sub); err != nil {
			return err
		}
	}
	for j, e := range sub {
		results[index[j]] = e
	}
	for _, a := range sqldb.Answers(batch, sub, reqs) {
		if err := conn.Exec(sqldb.AnswerSQL, *a.RequestID, a.ID, a.RecordedAt).Error; err != nil {
			return Classify(err, "answer an integration request")
		}
	}
	return nil
}
