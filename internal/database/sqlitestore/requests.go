package sqlitestore

import (
	"context"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

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

// queryFn is query on g (from read or write), as the helpers of sqldb
// take it.
func queryFn[T any, P sqldb.Row[T]](g *gorm.DB) sqldb.Query[T] {
	return func(text string, args ...any) ([]T, error) { return query[T, P](g, text, args...) }
}

// Request returns one request of storeID (read).
func (rs *RequestStore) Request(ctx context.Context, storeID string, id uuid.UUID) (request.Request, error) {
	return sqldb.GetRequest(queryFn[sqldb.RequestRow](rs.db.read(ctx)), Classify, storeID, id)
}

// Requests returns up to f.Limit+1 requests of storeID matching f at now,
// newest first (read).
func (rs *RequestStore) Requests(ctx context.Context, storeID string, f request.Filter,
	now time.Time) ([]request.Request, error) {
	return sqldb.ListRequests(queryFn[sqldb.RequestRow](rs.db.read(ctx)), Classify, storeID, f, now)
}

// OpenCounts returns the open requests across stores by system, then
// state, as stored, for the gauge (read).
func (rs *RequestStore) OpenCounts(ctx context.Context) (map[string]map[string]int, error) {
	return sqldb.CountOpen(queryFn[sqldb.OpenCount](rs.db.read(ctx)), Classify)
}

// ordersInStoreSQL returns which of the ids (a JSON array) are orders of
// the store.
const ordersInStoreSQL = `SELECT id FROM orders WHERE store_id = $1 AND id IN (SELECT value FROM json_each($2))`

// CreateRequests stores the requests that have no open one, and their
// pending attempts, in one write transaction; see request.Store.
func (rs *RequestStore) CreateRequests(ctx context.Context, storeID string, ns []request.New) ([]request.Created, error) {
	var out []request.Created
	err := rs.db.inTx(ctx, func(ctx context.Context) error {
		conn := rs.db.write(ctx)
		found, err := query[sqldb.Value[uuid.UUID]](conn, ordersInStoreSQL, storeID, sqldb.NewOrderIDs(ns))
		if err != nil {
			return Classify(err, "read orders")
		}
		var attempts []*order.Attempt
		out, attempts, err = sqldb.CreateEach(queryFn[sqldb.Value[uuid.UUID]](conn), queryFn[sqldb.RequestRow](conn),
			Classify, ns, found)
		if err != nil || len(attempts) == 0 {
			return err
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
	return sqldb.AnswerBatch(conn, Classify, rows, attempts, results, record)
}
