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

// JobStore is the store of bulk jobs (request.JobStore) on SQLite.
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

// nextJobSQL takes the oldest running job, in the one write transaction:
// one chunk runs at a time, and a cancel waits for it.
var nextJobSQL = `SELECT ` + sqldb.JobColumns() + ` FROM bulk_jobs WHERE state = 'running'
	ORDER BY created_at LIMIT 1`

// CountBulk is a dry run: the orders f selects, and how many of them have
// an open request for f.System.
func (js *JobStore) CountBulk(ctx context.Context, storeID string, f order.OrderFilter) (request.Count, error) {
	return sqldb.CountBulk(queryFn[sqldb.BulkCount](js.db.read(ctx)), Classify, storeID, f)
}

// CreateJob stores the job and its fixed set in one transaction.
func (js *JobStore) CreateJob(ctx context.Context, j request.Job, f order.OrderFilter) (request.Job, error) {
	err := js.db.inTx(ctx, func(ctx context.Context) error {
		conn := js.db.write(ctx)
		if err := sqldb.InsertJob(conn, Classify, j); err != nil {
			return err
		}
		var err error
		j.Matched, err = sqldb.FixJobOrders(conn, Classify, j, f)
		return err
	})
	if err != nil {
		return request.Job{}, err
	}
	return j, nil
}

// Job returns one job of the store.
func (js *JobStore) Job(ctx context.Context, storeID string, id uuid.UUID) (request.Job, error) {
	return sqldb.GetJob(queryFn[sqldb.JobRow](js.db.read(ctx)), Classify, storeID, id)
}

// CancelJob cancels a running job. It waits for a chunk in progress to
// commit (the one writer): after it, no chunk runs.
func (js *JobStore) CancelJob(ctx context.Context, storeID string, id uuid.UUID, now time.Time) (request.Job, error) {
	var out request.Job
	err := js.db.inTx(ctx, func(ctx context.Context) error {
		var err error
		out, err = sqldb.CancelJob(js.db.write(ctx), queryFn[sqldb.JobRow](js.db.read(ctx)), Classify, storeID, id, now)
		return err
	})
	return out, err
}

// JobCounts returns the jobs across stores by state, for the gauge.
func (js *JobStore) JobCounts(ctx context.Context) (map[string]int, error) {
	return sqldb.CountJobs(queryFn[sqldb.StateCount](js.db.read(ctx)), Classify)
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
		rows, err := query[sqldb.JobRow](js.db.write(ctx), nextJobSQL)
		if err != nil || len(rows) == 0 {
			return Classify(err, "take a bulk job")
		}
		j := sqldb.ToJob(rows[0])
		job = &j
		ids, err := query[sqldb.Value[uuid.UUID]](js.db.write(ctx), sqldb.ChunkOrdersSQL, j.ID, j.Processed, chunk)
		if err != nil {
			return Classify(err, "read a bulk job's orders")
		}
		return sqldb.RunChunkOf(ctx, js.db.write(ctx), Classify, js.requests, j, ids, now, newRequests)
	})
	if err != nil && job != nil && !sqldb.JobRetryable(err) {
		sqldb.FailJob(js.db.write(ctx), js.logger, job.ID, now, err)
	}
	return job != nil, err
}
