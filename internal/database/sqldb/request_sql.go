package sqldb

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
)

// RequestStore is what an engine's store of integration requests gives:
// request.Store, the notifier of its long polls, the open counts of the
// gauge, and Close, which stops its notification session.
type RequestStore interface {
	request.Store
	Notifier() request.Notifier
	OpenCounts(ctx context.Context) (map[string]map[string]int, error)
	Close()
}

// JobStore is what an engine's store of bulk jobs gives: request.JobStore
// and the counts of the gauge.
type JobStore interface {
	request.JobStore
	JobCounts(ctx context.Context) (map[string]int, error)
}

// Statements of integration requests and bulk jobs that both engines send
// as they are.
const (
	// InsertRequestSQL inserts a request unless its order and system have
	// an open one: the partial unique index decides, also between
	// concurrent transactions (the second waits for the first to end).
	InsertRequestSQL = `INSERT INTO integration_requests (id, store_id, order_id, system, state, reason,
			requested_by, trigger, job_id, deliveries, available_at, leased_until, attempt_id, created_at, completed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		ON CONFLICT (order_id, system) WHERE state IN ('queued', 'leased') DO NOTHING
		RETURNING id`

	// AnswerSQL makes an open request done, answered by an attempt.
	AnswerSQL = `UPDATE integration_requests SET state = 'done', attempt_id = $2, completed_at = $3,
			leased_until = NULL, lease_hash = NULL
		WHERE id = $1 AND state IN ('queued', 'leased')`

	// SetRequestSQL writes what a release, an extend, an answer or the
	// sweep changed in a request; lease_hash is kept only while leased.
	SetRequestSQL = `UPDATE integration_requests SET state = $2, available_at = $3, leased_until = $4,
			attempt_id = $5, completed_at = $6,
			lease_hash = CASE WHEN $2 = 'leased' THEN lease_hash END
		WHERE id = $1`

	// OpenCountsSQL counts the open requests by system and stored state.
	OpenCountsSQL = `SELECT system, state, count(*) FROM integration_requests
		WHERE state IN ('queued', 'leased') GROUP BY system, state`

	InsertJobSQL = `INSERT INTO bulk_jobs (id, store_id, kind, system, state, filter, reason, requested_by, matched,
			created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9)`

	CancelJobSQL = `UPDATE bulk_jobs SET state = 'canceled', finished_at = $3
		WHERE store_id = $1 AND id = $2 AND state = 'running'`

	SetMatchedSQL = `UPDATE bulk_jobs SET matched = $2 WHERE id = $1`

	// ChunkOrdersSQL reads the next orders of a job's fixed set.
	ChunkOrdersSQL = `SELECT order_id FROM bulk_job_orders WHERE job_id = $1 AND pos > $2 ORDER BY pos LIMIT $3`

	AdvanceJobSQL = `UPDATE bulk_jobs SET processed = processed + $2, created = created + $3, skipped = skipped + $4,
			state = CASE WHEN processed + $2 >= matched THEN 'succeeded' ELSE state END,
			finished_at = CASE WHEN processed + $2 >= matched THEN $5 ELSE finished_at END
		WHERE id = $1`

	FailJobSQL = `UPDATE bulk_jobs SET state = 'failed', error = $2, finished_at = $3 WHERE id = $1 AND state = 'running'`

	JobCountsSQL = `SELECT state, count(*) FROM bulk_jobs GROUP BY state`
)

// GetRequestSQL reads one request: $1 store, $2 id.
func GetRequestSQL() string { return getRequestSQL }

// OpenRequestSQL reads the open request of an order ($1) and system ($2).
func OpenRequestSQL() string { return openRequestSQL }

// GetJobSQL reads one job: $1 store, $2 id.
func GetJobSQL() string { return getJobSQL }

var (
	getRequestSQL  = `SELECT ` + requestColumns + ` FROM integration_requests WHERE store_id = $1 AND id = $2`
	openRequestSQL = `SELECT ` + requestColumns + ` FROM integration_requests
		WHERE order_id = $1 AND system = $2 AND state IN ('queued', 'leased')`
	getJobSQL = `SELECT ` + jobColumns + ` FROM bulk_jobs WHERE store_id = $1 AND id = $2`
)

// RequestsQuery returns the page query of f. A state filter is on the
// state as read at now: an expired lease is queued.
func RequestsQuery(storeID string, f request.Filter, now time.Time) (string, []any) {
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

// allRows is the limit of a bulk selection: the whole set.
const allRows = math.MaxInt32 - 1

// selection returns the query of the orders f selects, in f's order, with
// its arguments; the columns are the orders' (id first), without limit in
// effect.
func selection(storeID string, f order.OrderFilter) (string, []any) {
	f.Limit, f.After = allRows, nil
	return OrdersQuery(storeID, f)
}

// CountBulkQuery is a dry run's query: the orders f selects, and how many
// of them have an open request for f.System.
func CountBulkQuery(storeID string, f order.OrderFilter) (string, []any) {
	text, args := selection(storeID, f)
	args = append(args, *f.System)
	q := `SELECT count(*), count(r.id) FROM (` + text + `) m
		LEFT JOIN integration_requests r ON r.order_id = m.id AND r.system = $` + strconv.Itoa(len(args)) +
		` AND r.state IN ('queued', 'leased')`
	return q, args
}

// FixJobOrdersQuery is the statement that stores the fixed set of job id:
// the orders f selects, numbered in f's order.
func FixJobOrdersQuery(storeID string, id uuid.UUID, f order.OrderFilter) (string, []any) {
	text, args := selection(storeID, f)
	args = append(args, id)
	return `INSERT INTO bulk_job_orders (job_id, pos, order_id)
		SELECT $` + strconv.Itoa(len(args)) + `, row_number() OVER (ORDER BY m.placed_at DESC, m.id DESC), m.id
		FROM (` + text + `) m`, args
}

// RequestIDs returns the distinct requests that attempts name, sorted.
func RequestIDs(attempts []*order.Attempt) []uuid.UUID {
	var ids []uuid.UUID
	for _, a := range attempts {
		if a.RequestID != nil && !slices.Contains(ids, *a.RequestID) {
			ids = append(ids, *a.RequestID)
		}
	}
	slices.SortFunc(ids, func(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) })
	return ids
}

// Answerable splits attempts for RecordAttempts (SPEC 9.2): an attempt
// whose request is not in reqs (the store's), or not of its order and
// system, gets request.ErrNotAnswerable in results; the others are
// returned, with their index in attempts.
func Answerable(attempts []*order.Attempt, results []error,
	reqs map[uuid.UUID]AnsweredRequest) (batch []*order.Attempt, index []int) {
	batch = make([]*order.Attempt, 0, len(attempts))
	index = make([]int, 0, len(attempts))
	for i, a := range attempts {
		if a.RequestID != nil {
			r, ok := reqs[*a.RequestID]
			if !ok || r.OrderID != a.OrderID || r.System != a.System {
				results[i] = request.ErrNotAnswerable()
				continue
			}
		}
		batch, index = append(batch, a), append(index, i)
	}
	return batch, index
}

// Answers returns the requests that stored attempts of batch make done,
// each with the first success or error attempt that answers it; reqs is
// updated so that a later attempt finds it final. A pending attempt, or
// one for a final request, changes no request.
func Answers(batch []*order.Attempt, stored []error, reqs map[uuid.UUID]AnsweredRequest) []*order.Attempt {
	var out []*order.Attempt
	for j, a := range batch {
		if stored[j] != nil || a.RequestID == nil || !request.Answers(a.Status) {
			continue
		}
		r := reqs[*a.RequestID]
		if request.State(r.State).Final() {
			continue
		}
		out = append(out, a)
		r.State = string(request.Done)
		reqs[r.ID] = r
	}
	return out
}

// AnsweredByID returns rows by id.
func AnsweredByID(rows []AnsweredRequest) map[uuid.UUID]AnsweredRequest {
	out := make(map[uuid.UUID]AnsweredRequest, len(rows))
	for _, r := range rows {
		out[r.ID] = r
	}
	return out
}

// Abandoned counts the given-up requests in res and returns their abandon
// attempts by store.
func Abandoned(failed []CausedRequest, p request.SweepParams, res *request.SweepResult) map[string][]*order.Attempt {
	byStore := make(map[string][]*order.Attempt)
	for _, f := range failed {
		cause := request.Cause(f.Cause)
		if cause == request.MaxDeliveries {
			res.MaxDeliveries++
		} else {
			res.Expired++
		}
		r := ToRequest(f.R)
		byStore[r.StoreID] = append(byStore[r.StoreID], request.AbandonedAttempt(r, cause, p.MaxDeliveries, p.Now))
	}
	return byStore
}

// Created counts the outcomes that made a request.
func Created(out []request.Created) int {
	n := 0
	for _, c := range out {
		if c.Created {
			n++
		}
	}
	return n
}

// CreateTries is how many times CreateRequests tries a request whose open
// one became final between its insert and its read.
const CreateTries = 3

// ErrBusyRequest is the 503 of a request whose order and system changed
// under CreateTries tries in a row.
func ErrBusyRequest() error {
	return &errs.Error{Code: errs.Unavailable, Detail: "the integration request is busy; try again",
		RetryAfter: RetryAfter}
}

// JobRetryable reports whether a chunk's failure may pass: the database
// was unavailable, or the runner is stopping.
func JobRetryable(err error) bool {
	return errs.CodeOf(err) == errs.Unavailable || errors.Is(err, context.Canceled) ||
		errors.Is(err, context.DeadlineExceeded)
}

// JobFailure is the error a job failed by cause shows.
func JobFailure(cause error) string {
	if e, ok := errs.As(cause); ok && e.Code != errs.Internal {
		return e.Detail
	}
	return "the job stopped on an internal error"
}

// LeasedOrders maps the leased requests to their orders (read by id),
// failing when one is missing.
func LeasedOrders(reqs []request.Request, orders []order.Order) ([]request.Grant, error) {
	byID := make(map[uuid.UUID]order.Order, len(orders))
	for _, o := range orders {
		byID[o.ID] = o
	}
	grants := make([]request.Grant, 0, len(reqs))
	for _, r := range reqs {
		o, ok := byID[r.OrderID]
		if !ok {
			return nil, fmt.Errorf("database: a leased request's order is missing")
		}
		grants = append(grants, request.Grant{Request: r, Order: o})
	}
	return grants, nil
}

// RequestOrderIDs returns the orders of reqs.
func RequestOrderIDs(reqs []request.Request) []uuid.UUID {
	ids := make([]uuid.UUID, len(reqs))
	for i, r := range reqs {
		ids[i] = r.OrderID
	}
	return ids
}

// NewOrderIDs returns the orders of ns.
func NewOrderIDs(ns []request.New) []uuid.UUID {
	ids := make([]uuid.UUID, len(ns))
	for i, n := range ns {
		ids[i] = n.Request.OrderID
	}
	return ids
}
