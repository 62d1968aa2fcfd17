package database

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/orders-api/orders-api/internal/request"
)

// nullUUID returns id as a nullable uuid for pgx arrays and scans.
func nullUUID(id *uuid.UUID) pgtype.UUID {
	if id == nil {
		return pgtype.UUID{}
	}
	return pgtype.UUID{Bytes: *id, Valid: true}
}

// fromNullUUID returns a scanned nullable uuid, nil when NULL.
func fromNullUUID(v pgtype.UUID) *uuid.UUID {
	if !v.Valid {
		return nil
	}
	id := uuid.UUID(v.Bytes)
	return &id
}

// requestRow is a row of integration_requests (without lease_hash, which
// only the lease checks read).
type requestRow struct {
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

// requestColumns lists requestRow's columns.
const requestColumns = `id, store_id, order_id, system, state, reason, requested_by, trigger, job_id, deliveries,
	available_at, leased_until, attempt_id, created_at, completed_at`

// dest returns the scan destinations of requestColumns.
func (r *requestRow) dest() []any {
	return []any{&r.ID, &r.StoreID, &r.OrderID, &r.System, &r.State, &r.Reason, &r.RequestedBy, &r.Trigger,
		&r.JobID, &r.Deliveries, &r.AvailableAt, &r.LeasedUntil, &r.AttemptID, &r.CreatedAt, &r.CompletedAt}
}

// toRequest returns the domain request of r, as stored.
func toRequest(r requestRow) request.Request {
	return request.Request{
		ID: r.ID, StoreID: r.StoreID, OrderID: r.OrderID, System: r.System, State: request.State(r.State),
		Reason: r.Reason, RequestedBy: r.RequestedBy, Trigger: request.Trigger(r.Trigger), JobID: fromNullUUID(r.JobID),
		Deliveries: int(r.Deliveries), AvailableAt: r.AvailableAt.UTC(), LeasedUntil: utcPtr(r.LeasedUntil),
		AttemptID: fromNullUUID(r.AttemptID), CreatedAt: r.CreatedAt.UTC(), CompletedAt: utcPtr(r.CompletedAt),
	}
}

// requestArgs are the values of insertRequestSQL for r.
func requestArgs(r request.Request) []any {
	return []any{r.ID, r.StoreID, r.OrderID, r.System, string(r.State), r.Reason, r.RequestedBy, string(r.Trigger),
		nullUUID(r.JobID), int64(r.Deliveries), r.AvailableAt, r.LeasedUntil, nullUUID(r.AttemptID), r.CreatedAt,
		r.CompletedAt}
}

// utcPtr returns t in UTC, or nil.
func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// scanRequests runs a query of requestColumns.
func scanRequests(db *DB, ctx context.Context, text string, args ...any) ([]request.Request, error) {
	rows, err := scanRows(db.conn(ctx), (*requestRow).dest, text, args...)
	if err != nil {
		return nil, err
	}
	out := make([]request.Request, len(rows))
	for i, r := range rows {
		out[i] = toRequest(r)
	}
	return out, nil
}
