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
	text, args := sqldb.CountBulkQuery(storeID, f)
	rows, err := query[sqldb.BulkCount](js.db.read(ctx), text, args...)
	if err != nil {
		return request.Count{}, Classify(err, "count a bulk selection")
	}
	if len(rows) == 1 {
		return rows[0].C, nil
	}
	return request.Count{}, nil
}

// CreateJob stores the job and its fixed set in one transaction.
func (js *JobStore) CreateJob(ctx context.Context, j request.Job, f order.OrderFilter) (request.Job, error) {
	err := js.db.inTx(ctx, func(ctx context.Context) error {
		conn := js.db.write(ctx)
		err := conn.Exec(sqldb.InsertJobSQL, j.ID, j.StoreID, j.Kind, j.System, string(j.State), jsonText(j.Filter),
			j.Reason, j.RequestedBy, j.CreatedAt).Error
		if err != nil {
			return Classify(err, "insert a bulk job")
		}
		text, args := sqldb.FixJobOrdersQuery(j.StoreID, j.ID, f)
		fix := conn.Exec(text, args...)
		if fix.Error != nil {
			return Classify(fix.Error, "fix a bulk job's orders")
		}
		j.Matched = fix.RowsAffected
		return Classify(conn.Exec(sqldb.SetMatchedSQL, j.ID, j.Matched).Error, "count a bulk job's orders")
	})
	if err != nil {
		return request.Job{}, err
	}
	return j, nil
}

// Job returns one job of the store.
func (js *JobStore) Job(ctx context.Context, storeID string, id uuid.UUID) (request.Job, error) {
	rows, err := query[sqldb.JobRow](js.db.read(ctx), sqldb.GetJobSQL(), storeID, id)
	if err != nil {
		return request.Job{}, Classify(err, "read a bulk job")
	}
	if len(rows) == 0 {
		return request.Job{}, request.ErrJobNotFound()
	}
	return sqldb.ToJob(rows[0]), nil
}

// CancelJob cancels a running job. It waits for a chunk in progress to
// commit (the one writer): after it, no chunk runs.
func (js *JobStore) CancelJob(ctx context.Context, storeID string, id uuid.UUID, now time.Time) (request.Job, error) {
	var out request.Job
	err := js.db.inTx(ctx, func(ctx context.Context) error {
		q := js.db.write(ctx).Exec(sqldb.CancelJobSQL, storeID, id, now)
		if q.Error != nil {
			return Classify(q.Error, "cancel a bulk job")
		}
		j, err := js.Job(ctx, storeID, id)
		if err != nil {
			return err
		}
		if q.RowsAffected == 0 {
			return request.ErrJobFinished()
		}
		out = j
		return nil
	})
	return out, err
}

// JobCounts returns the jobs across stores by state, for the gauge.
func (js *JobStore) JobCounts(ctx context.Context) (map[string]int, error) {
	rows, err := query[sqldb.StateCount](js.db.read(ctx), sqldb.JobCountsSQL)
	if err != nil {
		return nil, Classify(err, "count bulk jobs")
	}
	return sqldb.JobCounts(rows), nil
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
		var created int
		if len(ids) > 0 {
			out, err := js.requests.CreateRequests(ctx, j.StoreID, newRequests(j, sqldb.Values(ids)))
			if err != nil {
				return err
			}
			created = sqldb.Created(out)
		}
		err = js.db.write(ctx).Exec(sqldb.AdvanceJobSQL, j.ID, len(ids), created, len(ids)-created, now).Error
		return Classify(err, "advance a bulk job")
	})
	if err != nil && job != nil && !sqldb.JobRetryable(err) {
		js.fail(ctx, job.ID, now, err)
	}
	return job != nil, err
}

// fail marks a job failed after an error that retrying would not fix.
func (js *JobStore) fail(ctx context.Context, id uuid.UUID, now time.Time, cause error) {
	if err := js.db.write(ctx).Exec(sqldb.FailJobSQL, id, sqldb.JobFailure(cause), now).Error; err != nil {
		js.logger.Warn("unable to mark a bulk job failed", "job", id.String(), "error", err.Error())
	}
	js.logger.Error("bulk job failed", "job", id.String(), "error", cause.Error())
}
