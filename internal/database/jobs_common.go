package database

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/request"
)

// jobRow is a row of bulk_jobs.
type jobRow struct {
	ID          uuid.UUID
	StoreID     string
	Kind        string
	System      string
	State       string
	Filter      []byte
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

// jobColumns lists jobRow's columns.
const jobColumns = `id, store_id, kind, system, state, filter, reason, requested_by, matched, processed, created,
	skipped, error, created_at, finished_at`

func (r *jobRow) dest() []any {
	return []any{&r.ID, &r.StoreID, &r.Kind, &r.System, &r.State, &r.Filter, &r.Reason, &r.RequestedBy, &r.Matched,
		&r.Processed, &r.Created, &r.Skipped, &r.Error, &r.CreatedAt, &r.FinishedAt}
}

func toJob(r jobRow) request.Job {
	return request.Job{
		ID: r.ID, StoreID: r.StoreID, Kind: r.Kind, System: r.System, State: request.JobState(r.State),
		Filter: json.RawMessage(r.Filter), Reason: r.Reason, RequestedBy: r.RequestedBy, Matched: r.Matched,
		Processed: r.Processed, Created: r.Created, Skipped: r.Skipped, Error: r.Error, CreatedAt: r.CreatedAt.UTC(),
		FinishedAt: utcPtr(r.FinishedAt),
	}
}
