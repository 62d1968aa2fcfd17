package sqldb

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/orders-api/orders-api/internal/request"
)

// NullUUID returns id as a nullable uuid for arguments and arrays.
func NullUUID(id *uuid.UUID) pgtype.UUID {
	if id == nil {
		return pgtype.UUID{}
	}
	return pgtype.UUID{Bytes: *id, Valid: true}
}

// FromNullUUID returns a scanned nullable uuid, nil when NULL.
func FromNullUUID(v pgtype.UUID) *uuid.UUID {
	if !v.Valid {
		return nil
	}
	id := uuid.UUID(v.Bytes)
	return &id
}

// RequestRow is a row of integration_requests (without lease_hash, which
// only the lease checks read).
type RequestRow struct {
	ID          uuid.UUID
	StoreID     string
	OrderID     uuid.UUID
	System      string
	State       string
	Reason      *string
	RequestedBy *string
	Trigger     string
	JobID       pgtype.UUID
	Deliveries  int64
	AvailableAt time.Time
	LeasedUntil *time.Time
	AttemptID   pgtype.UUID
	CreatedAt   time.Time
	CompletedAt *time.Time
}

// Columns lists RequestRow's columns and their scan targets.
func (r *RequestRow) Columns(c Columns) Columns {
	return c.
		Add("id", &r.ID).
		Add("store_id", &r.StoreID).
		Add("order_id", &r.OrderID).
		Add("system", &r.System).
		Add("state", &r.State).
		Add("reason", &r.Reason).
		Add("requested_by", &r.RequestedBy).
		Add("trigger", &r.Trigger).
		Add("job_id", &r.JobID).
		Add("deliveries", &r.Deliveries).
		Add("available_at", &r.AvailableAt).
		Add("leased_until", &r.LeasedUntil).
		Add("attempt_id", &r.AttemptID).
		Add("created_at", &r.CreatedAt).
		Add("completed_at", &r.CompletedAt)
}

// RequestColumns returns RequestRow's columns, unqualified.
func RequestColumns() string { return requestColumns }

// RequestColumnsR returns RequestRow's columns qualified by r.
func RequestColumnsR() string { return requestColumnsR }

var (
	requestColumns  = List[RequestRow]("")
	requestColumnsR = List[RequestRow]("r")
)

// ToRequest returns the domain request of r, as stored.
func ToRequest(r RequestRow) request.Request {
	return request.Request{
		ID: r.ID, StoreID: r.StoreID, OrderID: r.OrderID, System: r.System, State: request.State(r.State),
		Reason: r.Reason, RequestedBy: r.RequestedBy, Trigger: request.Trigger(r.Trigger), JobID: FromNullUUID(r.JobID),
		Deliveries: int(r.Deliveries), AvailableAt: r.AvailableAt.UTC(), LeasedUntil: utc(r.LeasedUntil),
		AttemptID: FromNullUUID(r.AttemptID), CreatedAt: r.CreatedAt.UTC(), CompletedAt: utc(r.CompletedAt),
	}
}

// ToRequests returns the domain requests of rows.
func ToRequests(rows []RequestRow) []request.Request {
	out := make([]request.Request, len(rows))
	for i, r := range rows {
		out[i] = ToRequest(r)
	}
	return out
}

// RequestArgs are the values of InsertRequestSQL for r.
func RequestArgs(r request.Request) []any {
	return []any{r.ID, r.StoreID, r.OrderID, r.System, string(r.State), r.Reason, r.RequestedBy, string(r.Trigger),
		NullUUID(r.JobID), int64(r.Deliveries), r.AvailableAt, r.LeasedUntil, NullUUID(r.AttemptID), r.CreatedAt,
		r.CompletedAt}
}

// RankedRequest is a leased row with its rank among the leased.
type RankedRequest struct {
	N int64
	R RequestRow
}

// Columns lists the rank, then the request's columns.
func (x *RankedRequest) Columns(c Columns) Columns { return x.R.Columns(c.Add("n", &x.N)) }

// LockedRequest is a request locked for a change of its lease, with its
// lease's token hash.
type LockedRequest struct {
	R    RequestRow
	Hash []byte
}

// Columns lists the request's columns, then lease_hash.
func (x *LockedRequest) Columns(c Columns) Columns { return x.R.Columns(c).Add("lease_hash", &x.Hash) }

// CausedRequest is a request given up, with its cause.
type CausedRequest struct {
	Cause string
	R     RequestRow
}

// Columns lists the cause, then the request's columns.
func (x *CausedRequest) Columns(c Columns) Columns { return x.R.Columns(c.Add("cause", &x.Cause)) }

// PickedRequest is a request picked to give up (SQLite), with its cause.
type PickedRequest struct {
	ID    uuid.UUID
	Cause string
}

// Columns lists PickedRequest's columns.
func (x *PickedRequest) Columns(c Columns) Columns { return c.Add("id", &x.ID).Add("cause", &x.Cause) }

// AnsweredRequest is what answering needs of a request.
type AnsweredRequest struct {
	ID      uuid.UUID
	OrderID uuid.UUID
	System  string
	State   string
}

// Columns lists AnsweredRequest's columns.
func (r *AnsweredRequest) Columns(c Columns) Columns {
	return c.Add("id", &r.ID).Add("order_id", &r.OrderID).Add("system", &r.System).Add("state", &r.State)
}

// OpenCount is a row of OpenCountsSQL.
type OpenCount struct {
	System, State string
	N             int64
}

// Columns lists OpenCount's columns.
func (r *OpenCount) Columns(c Columns) Columns {
	return c.Add("system", &r.System).Add("state", &r.State).Add("n", &r.N)
}

// OpenCounts returns rows by system, then state, both states present.
func OpenCounts(rows []OpenCount) map[string]map[string]int {
	out := make(map[string]map[string]int)
	for _, r := range rows {
		if out[r.System] == nil {
			out[r.System] = map[string]int{"queued": 0, "leased": 0}
		}
		out[r.System][r.State] = int(r.N)
	}
	return out
}

// JobRow is a row of bulk_jobs.
type JobRow struct {
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

// Columns lists JobRow's columns and their scan targets.
func (r *JobRow) Columns(c Columns) Columns {
	return c.
		Add("id", &r.ID).
		Add("store_id", &r.StoreID).
		Add("kind", &r.Kind).
		Add("system", &r.System).
		Add("state", &r.State).
		Add("filter", &r.Filter).
		Add("reason", &r.Reason).
		Add("requested_by", &r.RequestedBy).
		Add("matched", &r.Matched).
		Add("processed", &r.Processed).
		Add("created", &r.Created).
		Add("skipped", &r.Skipped).
		Add("error", &r.Error).
		Add("created_at", &r.CreatedAt).
		Add("finished_at", &r.FinishedAt)
}

// JobColumns returns JobRow's columns.
func JobColumns() string { return jobColumns }

var jobColumns = List[JobRow]("")

// ToJob returns the domain job of r.
func ToJob(r JobRow) request.Job {
	return request.Job{
		ID: r.ID, StoreID: r.StoreID, Kind: r.Kind, System: r.System, State: request.JobState(r.State),
		Filter: json.RawMessage(r.Filter), Reason: r.Reason, RequestedBy: r.RequestedBy, Matched: r.Matched,
		Processed: r.Processed, Created: r.Created, Skipped: r.Skipped, Error: r.Error, CreatedAt: r.CreatedAt.UTC(),
		FinishedAt: utc(r.FinishedAt),
	}
}

// StateCount is a row of JobCountsSQL.
type StateCount struct {
	State string
	N     int64
}

// Columns lists StateCount's columns.
func (r *StateCount) Columns(c Columns) Columns { return c.Add("state", &r.State).Add("n", &r.N) }

// JobCounts returns rows by state, every state present.
func JobCounts(rows []StateCount) map[string]int {
	out := map[string]int{"running": 0, "succeeded": 0, "canceled": 0, "failed": 0}
	for _, r := range rows {
		out[r.State] = int(r.N)
	}
	return out
}

// BulkCount is the row of a bulk dry run.
type BulkCount struct{ C request.Count }

// Columns lists BulkCount's columns.
func (r *BulkCount) Columns(c Columns) Columns {
	return c.Add("matched", &r.C.Matched).Add("open", &r.C.Open)
}
