package request

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/order"
)

// JobKind is the kind of the bulk re-integration job.
const JobKind = "integration-requests.bulk"

// JobState is where a bulk job is.
type JobState string

// Job states (SPEC 9.4); all but Running are final.
const (
	JobRunning   JobState = "running"
	JobSucceeded JobState = "succeeded"
	JobCanceled  JobState = "canceled"
	JobFailed    JobState = "failed"
)

// Job is a bulk re-integration: a fixed set of orders, each of which gets
// a request for System unless it has an open one.
type Job struct {
	ID          uuid.UUID
	StoreID     string
	Kind        string
	System      string
	State       JobState
	Filter      json.RawMessage // as asked, for display
	Reason      *string
	RequestedBy *string
	Matched     int64
	Processed   int64
	Created     int64
	Skipped     int64
	Error       *string
	CreatedAt   time.Time
	FinishedAt  *time.Time
}

// BulkAsk is a bulk re-integration asked: the orders that Filter selects,
// as GET /orders?system=<System>&<filter> would.
type BulkAsk struct {
	Ask
	Filter     order.OrderFilter
	FilterJSON json.RawMessage
}

// Count is a dry run's answer.
type Count struct {
	Matched int64 // orders the filter selects
	Open    int64 // of them, with an open request for the system (skipped)
}

// JobStore keeps bulk jobs, store-scoped like Store.
type JobStore interface {
	// CountBulk counts the orders f selects (f.System set) and those of them
	// with an open request for the system.
	CountBulk(ctx context.Context, storeID string, f order.OrderFilter) (Count, error)
	// CreateJob stores j and its fixed set (the orders f selects, in f's
	// order) in one transaction and returns j with Matched; a running job
	// of the store and system is Conflict.
	CreateJob(ctx context.Context, j Job, f order.OrderFilter) (Job, error)
	// Job returns one job.
	Job(ctx context.Context, storeID string, id uuid.UUID) (Job, error)
	// CancelJob cancels a running job; a finished one is Conflict.
	CancelJob(ctx context.Context, storeID string, id uuid.UUID, now time.Time) (Job, error)
	// RunChunk takes one running job that no other runner holds, makes the
	// requests of the next up to chunk orders of its set with newRequests,
	// and moves its counters, in one transaction; the job is finished when
	// its set is done. It reports whether there was a job to run.
	RunChunk(ctx context.Context, now time.Time, chunk int,
		newRequests func(j Job, orders []uuid.UUID) []New) (ran bool, err error)
}

// Jobs runs bulk re-integration on a JobStore.
type Jobs struct {
	store JobStore
	clock func() time.Time
}

// NewJobs returns the bulk job service.
func NewJobs(store JobStore, clock func() time.Time) *Jobs { return &Jobs{store: store, clock: clock} }

func (js *Jobs) now() time.Time { return js.clock().UTC().Truncate(time.Microsecond) }

// Count is a dry run: how many orders a bulk ask would get requests for,
// and how many would be skipped.
func (js *Jobs) Count(ctx context.Context, storeID string, a BulkAsk) (Count, error) {
	if err := a.Validate(); err != nil {
		return Count{}, err
	}
	a.Filter.System = &a.System
	return js.store.CountBulk(ctx, storeID, a.Filter)
}

// Start creates the job of a, with its fixed set; it runs in the background.
func (js *Jobs) Start(ctx context.Context, storeID string, a BulkAsk) (Job, error) {
	if err := a.Validate(); err != nil {
		return Job{}, err
	}
	a.Filter.System = &a.System
	if len(a.FilterJSON) == 0 {
		a.FilterJSON = json.RawMessage("{}")
	}
	j := Job{ID: uuid.Must(uuid.NewV7()), StoreID: storeID, Kind: JobKind, System: a.System, State: JobRunning,
		Filter: a.FilterJSON, Reason: a.Reason, RequestedBy: a.RequestedBy, CreatedAt: js.now()}
	j, err := js.store.CreateJob(ctx, j, a.Filter)
	if err != nil {
		if errs.CodeOf(err) == errs.Conflict {
			return Job{}, errs.New(errs.Conflict, "a bulk job for system %q is already running in this store", a.System)
		}
		return Job{}, fmt.Errorf("create bulk job: %w", err)
	}
	return j, nil
}

// Job returns one job of the store.
func (js *Jobs) Job(ctx context.Context, storeID string, id uuid.UUID) (Job, error) {
	return js.store.Job(ctx, storeID, id)
}

// Cancel stops a running job: it makes no more requests.
func (js *Jobs) Cancel(ctx context.Context, storeID string, id uuid.UUID) (Job, error) {
	return js.store.CancelJob(ctx, storeID, id, js.now())
}

// RunChunk runs the next chunk of some running job; false when none runs.
func (js *Jobs) RunChunk(ctx context.Context, chunk int) (bool, error) {
	now := js.now()
	return js.store.RunChunk(ctx, now, chunk, func(j Job, orders []uuid.UUID) []New {
		ns := make([]New, len(orders))
		for i, id := range orders {
			jobID := j.ID
			ns[i] = NewRequest(j.StoreID, id, Ask{System: j.System, Reason: j.Reason, RequestedBy: j.RequestedBy,
				JobID: &jobID}, now)
		}
		return ns
	})
}

// ErrJobNotFound is the NotFound of a job not in the store.
func ErrJobNotFound() error { return errs.New(errs.NotFound, "job not found") }

// ErrJobFinished is the Conflict of canceling a finished job.
func ErrJobFinished() error {
	return errs.New(errs.Conflict, "the job has finished: only a running job can be canceled")
}
