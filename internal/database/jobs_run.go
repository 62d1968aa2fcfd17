package database

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/request"
)

const (
	// pgNextJobSQL takes the oldest running job no other runner holds:
	// its row stays locked until the chunk commits, so one chunk of a job
	// runs at a time across replicas, and a cancel waits for it.
	pgNextJobSQL = `SELECT ` + jobColumns + ` FROM bulk_jobs WHERE state = 'running'
		ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED`
	// sqliteNextJobSQL is pgNextJobSQL in the one write transaction.
	sqliteNextJobSQL = `SELECT ` + jobColumns + ` FROM bulk_jobs WHERE state = 'running'
		ORDER BY created_at LIMIT 1`

	chunkOrdersSQL = `SELECT order_id FROM bulk_job_orders WHERE job_id = $1 AND pos > $2 ORDER BY pos LIMIT $3`

	advanceJobSQL = `UPDATE bulk_jobs SET processed = processed + $2, created = created + $3, skipped = skipped + $4,
			state = CASE WHEN processed + $2 >= matched THEN 'succeeded' ELSE state END,
			finished_at = CASE WHEN processed + $2 >= matched THEN $5 ELSE finished_at END
		WHERE id = $1`

	failJobSQL = `UPDATE bulk_jobs SET state = 'failed', error = $2, finished_at = $3 WHERE id = $1 AND state = 'running'`
)

// RunChunk runs the next chunk of a running job; see request.JobStore.
// The chunk's requests and the job's counters commit together, so a crash
// at any point (SIGTERM or kill -9) leaves either both or neither: the
// next runner, on any replica, resumes after the last committed chunk and
// never asks twice for one order.
func (js *JobStore) RunChunk(ctx context.Context, now time.Time, chunk int,
	newRequests func(j request.Job, orders []uuid.UUID) []request.New) (bool, error) {
	var job *request.Job
	err := js.db.inTx(ctx, func(ctx context.Context) error {
		conn := js.db.conn(ctx)
		rows, err := scanRows(conn, (*jobRow).dest, js.db.pick(pgNextJobSQL, sqliteNextJobSQL))
		if err != nil || len(rows) == 0 {
			return classify(err, "take a bulk job")
		}
		j := toJob(rows[0])
		job = &j
		ids, err := scanRows(conn, func(id *uuid.UUID) []any { return []any{id} }, chunkOrdersSQL, j.ID, j.Processed, chunk)
		if err != nil {
			return classify(err, "read a bulk job's orders")
		}
		var created int
		if len(ids) > 0 {
			out, err := js.requests.CreateRequests(ctx, j.StoreID, newRequests(j, ids))
			if err != nil {
				return err
			}
			for _, c := range out {
				if c.Created {
					created++
				}
			}
		}
		err = conn.Exec(advanceJobSQL, j.ID, len(ids), created, len(ids)-created, now).Error
		return classify(err, "advance a bulk job")
	})
	if err != nil && job != nil && !isRetryable(err) {
		js.fail(ctx, job.ID, now, err)
	}
	return job != nil, err
}

// isRetryable reports whether a chunk's failure may pass: the database was
// unavailable, or the runner is stopping.
func isRetryable(err error) bool {
	return errs.CodeOf(err) == errs.Unavailable || errors.Is(err, context.Canceled) ||
		errors.Is(err, context.DeadlineExceeded)
}

// fail marks a job failed after an error that retrying would not fix.
func (js *JobStore) fail(ctx context.Context, id uuid.UUID, now time.Time, cause error) {
	msg := "the job stopped on an internal error"
	if e, ok := errs.As(cause); ok && e.Code != errs.Internal {
		msg = e.Detail
	}
	if err := js.db.conn(ctx).Exec(failJobSQL, id, msg, now).Error; err != nil {
		js.db.logger.Warn("unable to mark a bulk job failed", "job", id.String(), "error", err.Error())
	}
	js.db.logger.Error("bulk job failed", "job", id.String(), "error", cause.Error())
}
