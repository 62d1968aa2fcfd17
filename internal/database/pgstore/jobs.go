package pgstore

import (
	"context"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/database/sqldb"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
)

// JobStore is the store of bulk jobs (request.JobStore) on PostgreSQL.
// Their requests are made through the request store, in the chunk's
// transaction.
type JobStore struct {
	db       *DB
	requests request.Store
	logger   *slog.Logger
}

// Jobs returns the store of bulk jobs, which makes requests through rs (a
// store of db, so that they join the chunk's transaction).
func (db *DB) Jobs(rs request.Store, logger *slog.Logger) sqldb.JobStore {
	return &JobStore{db: db, requests: rs, logger: logger}
}

var _ sqldb.JobStore = (*JobStore)(nil)

// nextJobSQL takes the oldest running job no other runner holds: its row
// stays locked until the chunk commits, so one chunk of a job runs at a
// time across replicas, and a cancel waits for it.
var nextJobSQL = `SELECT ` + sqldb.JobColumns() + ` FROM bulk_jobs WHERE state = 'running'
	ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED`

// walkIndexes makes the bulk selection of ctx's transaction walk the
// indexes of its filter: a selection of a good part of a store would
// otherwise be planned as sequential scans of orders and
// order_integrations, whose cost grows with the tables (every store's
// rows) and which push the interactive requests' pages out of the cache.
// By index, its cost follows the orders it selects.
func (js *JobStore) walkIndexes(ctx context.Context) error {
	return Classify(js.db.conn(ctx).Exec(`SET LOCAL enable_seqscan = off`).Error, "plan a bulk selection")
}

// CountBulk is a dry run: the orders f selects, and how many of them have
// an open request for f.System.
func (js *JobStore) CountBulk(ctx context.Context, storeID string, f order.OrderFilter) (request.Count, error) {
	var c request.Count
	err := js.db.inTx(ctx, func(ctx context.Context) error {
		if err := js.walkIndexes(ctx); err != nil {
			return err
		}
		var err error
		c, err = sqldb.CountBulk(queryFn[sqldb.BulkCount](ctx, js.db), Classify, storeID, f)
		return err
	})
	return c, err
}

// CreateJob stores the job and its fixed set in one transaction.
func (js *JobStore) CreateJob(ctx context.Context, j request.Job, f order.OrderFilter) (request.Job, error) {
	err := js.db.inTx(ctx, func(ctx context.Context) error {
		if err := sqldb.InsertJob(js.db.conn(ctx), Classify, j); err != nil {
			return err
		}
		if err := js.walkIndexes(ctx); err != nil {
			return err
		}
		var err error
		j.Matched, err = sqldb.FixJobOrders(js.db.conn(ctx), Classify, j, f)
		return err
	})
	if err != nil {
		return request.Job{}, err
	}
	return j, nil
}

// Job returns one job of the store.
func (js *JobStore) Job(ctx context.Context, storeID string, id uuid.UUID) (request.Job, error) {
	return sqldb.GetJob(queryFn[sqldb.JobRow](ctx, js.db), Classify, storeID, id)
}

// CancelJob cancels a running job. It waits for a chunk in progress to
// commit (it holds the job's row): after it, no chunk runs.
func (js *JobStore) CancelJob(ctx context.Context, storeID string, id uuid.UUID, now time.Time) (request.Job, error) {
	var out request.Job
	err := js.db.inTx(ctx, func(ctx context.Context) error {
		var err error
		out, err = sqldb.CancelJob(js.db.conn(ctx), queryFn[sqldb.JobRow](ctx, js.db), Classify, storeID, id, now)
		return err
	})
	return out, err
}

// JobCounts returns the jobs across stores by state, for the gauge.
func (js *JobStore) JobCounts(ctx context.Context) (map[string]int, error) {
	return sqldb.CountJobs(queryFn[sqldb.StateCount](ctx, js.db), Classify)
}

// RunChunk runs the next chunk of a running job; see request.JobStore.
// The chunk's requests and the job's counters commit together, so a crash
// at any point (SIGTERM or kill -9) leaves either both or neither: the
// next runner, on any replica, resumes after the last committed chunk and
// never asks twice for one order.
func (js *JobStore) RunChunk(ctx context.Context, now time.Time, chunk int,
	newRequests func(j request.Job, orders []uuid.UUID) []request.New) (bool, error) {
	var job *request.Job
	err := js.db.inTx(ctx, func(ctx context.Context) error {
		rows, err := query[sqldb.JobRow](ctx, js.db, nextJobSQL)
		if err != nil || len(rows) == 0 {
			return Classify(err, "take a bulk job")
		}
		j := sqldb.ToJob(rows[0])
		job = &j
		ids, err := query[sqldb.Value[uuid.UUID]](ctx, js.db, sqldb.ChunkOrdersSQL, j.ID, j.Processed, chunk)
		if err != nil {
			return Classify(err, "read a bulk job's orders")
		}
		return sqldb.RunChunkOf(ctx, js.db.conn(ctx), Classify, js.requests, j, ids, now, newRequests)
	})
	if err != nil && job != nil && !sqldb.JobRetryable(err) {
		sqldb.FailJob(js.db.conn(ctx), js.logger, job.ID, now, err)
	}
	return job != nil, err
}
