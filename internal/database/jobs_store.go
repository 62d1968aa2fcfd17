package database

import (
	"context"
	"math"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
)

// JobStore is the store of bulk jobs (request.JobStore). Their requests
// are made through the RequestStore, in the chunk's transaction.
type JobStore struct {
	db       *DB
	requests *RequestStore
}

// Jobs returns the store of bulk jobs, which makes requests through rs.
func (db *DB) Jobs(rs *RequestStore) *JobStore { return &JobStore{db: db, requests: rs} }

var _ request.JobStore = (*JobStore)(nil)

// Statements of bulk jobs, the same on both engines but for the lock.
const (
	insertJobSQL = `INSERT INTO bulk_jobs (id, store_id, kind, system, state, filter, reason, requested_by, matched,
			created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9)`

	getJobSQL = `SELECT ` + jobColumns + ` FROM bulk_jobs WHERE store_id = $1 AND id = $2`

	cancelJobSQL = `UPDATE bulk_jobs SET state = 'canceled', finished_at = $3
		WHERE store_id = $1 AND id = $2 AND state = 'running'`

	setMatchedSQL = `UPDATE bulk_jobs SET matched = $2 WHERE id = $1`
)

// allRows is the limit of a bulk selection: the whole set.
const allRows = math.MaxInt32 - 1

// selection returns the query of the orders f selects, in f's order, with
// its arguments; the columns are orderColumns (id first), without limit
// in effect.
func selection(storeID string, f order.OrderFilter) (string, []any) {
	f.Limit, f.After = allRows, nil
	return ordersQuery(storeID, f)
}

// CountBulk is a dry run: the orders f selects, and how many of them have
// an open request for f.System.
func (js *JobStore) CountBulk(ctx context.Context, storeID string, f order.OrderFilter) (request.Count, error) {
	text, args := selection(storeID, f)
	args = append(args, *f.System)
	q := `SELECT count(*), count(r.id) FROM (` + text + `) m
		LEFT JOIN integration_requests r ON r.order_id = m.id AND r.system = $` + strconv.Itoa(len(args)) +
		` AND r.state IN ('queued', 'leased')`
	var c request.Count
	err := js.db.inTx(ctx, func(ctx context.Context) error {
		if err := js.walkIndexes(ctx); err != nil {
			return err
		}
		rows, err := scanRows(js.db.conn(ctx), func(c *request.Count) []any { return []any{&c.Matched, &c.Open} }, q, args...)
		if err != nil {
			return classify(err, "count a bulk selection")
		}
		if len(rows) == 1 {
			c = rows[0]
		}
		return nil
	})
	return c, err
}

// walkIndexes makes the bulk selection of ctx's transaction walk the
// indexes of its filter on PostgreSQL: a selection of a good part of a
// store would otherwise be planned as sequential scans of orders and
// order_integrations, whose cost grows with the tables (every store's
// rows) and which push the interactive requests' pages out of the cache.
// By index, its cost follows the orders it selects.
func (js *JobStore) walkIndexes(ctx context.Context) error {
	if !js.db.onPostgres() {
		return nil
	}
	return classify(js.db.conn(ctx).Exec(`SET LOCAL enable_seqscan = off`).Error, "plan a bulk selection")
}

// CreateJob stores the job and its fixed set in one transaction.
func (js *JobStore) CreateJob(ctx context.Context, j request.Job, f order.OrderFilter) (request.Job, error) {
	err := js.db.inTx(ctx, func(ctx context.Context) error {
		conn := js.db.conn(ctx)
		err := conn.Exec(insertJobSQL, j.ID, j.StoreID, j.Kind, j.System, string(j.State), jsonText(j.Filter),
			j.Reason, j.RequestedBy, j.CreatedAt).Error
		if err != nil {
			return classify(err, "insert a bulk job")
		}
		if err := js.walkIndexes(ctx); err != nil {
			return err
		}
		text, args := selection(j.StoreID, f)
		args = append(args, j.ID)
		fix := conn.Exec(`INSERT INTO bulk_job_orders (job_id, pos, order_id)
			SELECT $`+strconv.Itoa(len(args))+`, row_number() OVER (ORDER BY m.placed_at DESC, m.id DESC), m.id
			FROM (`+text+`) m`, args...)
		if fix.Error != nil {
			return classify(fix.Error, "fix a bulk job's orders")
		}
		j.Matched = fix.RowsAffected
		return classify(conn.Exec(setMatchedSQL, j.ID, j.Matched).Error, "count a bulk job's orders")
	})
	if err != nil {
		return request.Job{}, err
	}
	return j, nil
}

// Job returns one job of the store.
func (js *JobStore) Job(ctx context.Context, storeID string, id uuid.UUID) (request.Job, error) {
	rows, err := scanRows(js.db.conn(ctx), (*jobRow).dest, getJobSQL, storeID, id)
	if err != nil {
		return request.Job{}, classify(err, "read a bulk job")
	}
	if len(rows) == 0 {
		return request.Job{}, request.ErrJobNotFound()
	}
	return toJob(rows[0]), nil
}

// CancelJob cancels a running job. On PostgreSQL it waits for a chunk in
// progress to commit (it holds the job's row): after it, no chunk runs.
func (js *JobStore) CancelJob(ctx context.Context, storeID string, id uuid.UUID, now time.Time) (request.Job, error) {
	var out request.Job
	err := js.db.inTx(ctx, func(ctx context.Context) error {
		q := js.db.conn(ctx).Exec(cancelJobSQL, storeID, id, now)
		if q.Error != nil {
			return classify(q.Error, "cancel a bulk job")
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
	type row struct {
		state string
		n     int64
	}
	rows, err := scanRows(js.db.conn(ctx), func(r *row) []any { return []any{&r.state, &r.n} },
		`SELECT state, count(*) FROM bulk_jobs GROUP BY state`)
	if err != nil {
		return nil, classify(err, "count bulk jobs")
	}
	out := map[string]int{"running": 0, "succeeded": 0, "canceled": 0, "failed": 0}
	for _, r := range rows {
		out[r.state] = int(r.n)
	}
	return out, nil
}
