package sqldb

import (
	"context"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
)

// The parts of the bulk job stores that both engines run alike, each on the
// connection its engine gives; taking a job (row lock or the one writer)
// and planning a selection stay the engines' own.

// GetJob reads one job of the store through q.
func GetJob(q Query[JobRow], classify Classify, storeID string, id uuid.UUID) (request.Job, error) {
	rows, err := q(GetJobSQL(), storeID, id)
	if err != nil {
		return request.Job{}, classify(err, "read a bulk job")
	}
	if len(rows) == 0 {
		return request.Job{}, request.ErrJobNotFound()
	}
	return ToJob(rows[0]), nil
}

// CountJobs returns the jobs across stores by state, through q.
func CountJobs(q Query[StateCount], classify Classify) (map[string]int, error) {
	rows, err := q(JobCountsSQL)
	if err != nil {
		return nil, classify(err, "count bulk jobs")
	}
	return JobCounts(rows), nil
}

// CountBulk runs a dry run's query of f through q.
func CountBulk(q Query[BulkCount], classify Classify, storeID string, f order.OrderFilter) (request.Count, error) {
	text, args := CountBulkQuery(storeID, f)
	rows, err := q(text, args...)
	if err != nil {
		return request.Count{}, classify(err, "count a bulk selection")
	}
	if len(rows) == 1 {
		return rows[0].C, nil
	}
	return request.Count{}, nil
}

// InsertJob inserts j's row on g, in the transaction of CreateJob.
func InsertJob(g *gorm.DB, classify Classify, j request.Job) error {
	var filter any // NULL, or the document as text (SQLite's JSON functions take a BLOB for JSONB)
	if j.Filter != nil {
		filter = string(j.Filter)
	}
	err := g.Exec(InsertJobSQL, j.ID, j.StoreID, j.Kind, j.System, string(j.State), filter,
		j.Reason, j.RequestedBy, j.CreatedAt).Error
	return classify(err, "insert a bulk job")
}

// FixJobOrders stores the fixed set of job j (the orders f selects) on g and
// its count as the job's matched, which it returns.
func FixJobOrders(g *gorm.DB, classify Classify, j request.Job, f order.OrderFilter) (int64, error) {
	text, args := FixJobOrdersQuery(j.StoreID, j.ID, f)
	fix := g.Exec(text, args...)
	if fix.Error != nil {
		return 0, classify(fix.Error, "fix a bulk job's orders")
	}
	return fix.RowsAffected, classify(g.Exec(SetMatchedSQL, j.ID, fix.RowsAffected).Error, "count a bulk job's orders")
}

// CancelJob cancels a running job on g, in the engine's transaction, and
// reads it back through q: a job that was not running is ErrJobFinished.
func CancelJob(g *gorm.DB, q Query[JobRow], classify Classify, storeID string, id uuid.UUID,
	now time.Time) (request.Job, error) {
	res := g.Exec(CancelJobSQL, storeID, id, now)
	if res.Error != nil {
		return request.Job{}, classify(res.Error, "cancel a bulk job")
	}
	j, err := GetJob(q, classify, storeID, id)
	if err != nil {
		return request.Job{}, err
	}
	if res.RowsAffected == 0 {
		return request.Job{}, request.ErrJobFinished()
	}
	return j, nil
}

// RunChunkOf runs the chunk of job j whose orders are ids, in the engine's
// transaction (ctx's): their requests through rs, then the job's counters
// on g, so that both commit together.
func RunChunkOf(ctx context.Context, g *gorm.DB, classify Classify, rs request.Store, j request.Job,
	ids []Value[uuid.UUID], now time.Time, newRequests func(j request.Job, orders []uuid.UUID) []request.New) error {
	var created int
	if len(ids) > 0 {
		out, err := rs.CreateRequests(ctx, j.StoreID, newRequests(j, Values(ids)))
		if err != nil {
			return err
		}
		created = Created(out)
	}
	err := g.Exec(AdvanceJobSQL, j.ID, len(ids), created, len(ids)-created, now).Error
	return classify(err, "advance a bulk job")
}

// FailJob marks job id failed on g after cause, an error that retrying
// would not fix, and logs it.
func FailJob(g *gorm.DB, logger *slog.Logger, id uuid.UUID, now time.Time, cause error) {
	if err := g.Exec(FailJobSQL, id, JobFailure(cause), now).Error; err != nil {
		logger.Warn("unable to mark a bulk job failed", "job", id.String(), "error", err.Error())
	}
	logger.Error("bulk job failed", "job", id.String(), "error", cause.Error())
}
