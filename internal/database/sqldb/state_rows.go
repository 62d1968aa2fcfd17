package sqldb

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/orders-api/orders-api/internal/order"
)

// StateRow is a row of order_integrations: one system's state on one order.
type StateRow struct {
	OrderID       uuid.UUID
	System        string
	Status        string
	Message       string
	ErrorCode     *string
	LastAttemptAt time.Time
	LastSeq       int64
	Attempts      int64
}

// Columns lists StateRow's columns and their scan targets.
func (r *StateRow) Columns(c Columns) Columns {
	return c.
		Add("order_id", &r.OrderID).
		Add("system", &r.System).
		Add("status", &r.Status).
		Add("message", &r.Message).
		Add("error_code", &r.ErrorCode).
		Add("last_attempt_at", &r.LastAttemptAt).
		Add("last_seq", &r.LastSeq).
		Add("attempts", &r.Attempts)
}

// StateColumns returns StateRow's columns.
func StateColumns() string { return stateColumns }

// stateColumns is StateColumns' list, made once.
var stateColumns = List[StateRow]("")

// ToState returns the domain state of r.
func ToState(r StateRow) order.SystemState {
	return order.SystemState{
		System: r.System, Status: order.AttemptStatus(r.Status), Message: r.Message, ErrorCode: r.ErrorCode,
		LastAttemptAt: r.LastAttemptAt.UTC(), LastSeq: r.LastSeq, Attempts: r.Attempts,
	}
}

// StatesByOrder returns the domain states of rows by order, for the n
// orders whose states they are.
func StatesByOrder(rows []StateRow, n int) map[uuid.UUID][]order.SystemState {
	states := make(map[uuid.UUID][]order.SystemState, n)
	for _, r := range rows {
		states[r.OrderID] = append(states[r.OrderID], ToState(r))
	}
	return states
}

// AttemptRow is a row of integration_attempts.
type AttemptRow struct {
	ID         uuid.UUID
	Seq        int64
	StoreID    string
	OrderID    uuid.UUID
	System     string
	Status     string
	Action     *string
	Message    string
	ErrorCode  *string
	ExternalID *string
	OccurredAt time.Time
	RecordedAt time.Time
	Details    []byte      // json object or NULL
	RequestID  pgtype.UUID // the request it answers, or NULL
}

// Columns lists AttemptRow's columns and their scan targets.
func (r *AttemptRow) Columns(c Columns) Columns {
	return c.
		Add("id", &r.ID).
		Add("seq", &r.Seq).
		Add("store_id", &r.StoreID).
		Add("order_id", &r.OrderID).
		Add("system", &r.System).
		Add("status", &r.Status).
		Add("action", &r.Action).
		Add("message", &r.Message).
		Add("error_code", &r.ErrorCode).
		Add("external_id", &r.ExternalID).
		Add("occurred_at", &r.OccurredAt).
		Add("recorded_at", &r.RecordedAt).
		Add("details", &r.Details).
		Add("request_id", &r.RequestID)
}

// AttemptColumns returns AttemptRow's columns.
func AttemptColumns() string { return attemptColumns }

// attemptColumns is AttemptColumns' list, made once.
var attemptColumns = List[AttemptRow]("")

// ToAttempt returns the domain attempt of r.
func ToAttempt(r AttemptRow) order.Attempt {
	a := order.Attempt{
		ID: r.ID, StoreID: r.StoreID, OrderID: r.OrderID, System: r.System, Status: order.AttemptStatus(r.Status),
		Action: r.Action, Message: r.Message, ErrorCode: r.ErrorCode, ExternalID: r.ExternalID,
		OccurredAt: r.OccurredAt.UTC(), RecordedAt: r.RecordedAt.UTC(), Seq: r.Seq,
		RequestID: FromNullUUID(r.RequestID),
	}
	if len(r.Details) > 0 { // NULL scans as an empty slice
		a.Details = json.RawMessage(r.Details)
	}
	return a
}

// ToAttempts returns the domain attempts of rows.
func ToAttempts(rows []AttemptRow) []order.Attempt {
	attempts := make([]order.Attempt, len(rows))
	for i, r := range rows {
		attempts[i] = ToAttempt(r)
	}
	return attempts
}

// LockedOrder is an order read (on PostgreSQL, locked) by RecordAttempts,
// with its stored summary.
type LockedOrder struct {
	ID                uuid.UUID
	PlacedAt          time.Time
	IntegrationStatus string
	LastAttemptAt     *time.Time
}

// Columns lists LockedOrder's columns and their scan targets.
func (r *LockedOrder) Columns(c Columns) Columns {
	return c.
		Add("id", &r.ID).
		Add("placed_at", &r.PlacedAt).
		Add("integration_status", &r.IntegrationStatus).
		Add("last_attempt_at", &r.LastAttemptAt)
}

// LockedOrderColumns returns LockedOrder's columns.
func LockedOrderColumns() string { return lockedOrderColumns }

// lockedOrderColumns is LockedOrderColumns' list, made once.
var lockedOrderColumns = List[LockedOrder]("")

// ByID returns rows by order id.
func ByID(rows []LockedOrder) map[uuid.UUID]LockedOrder {
	locked := make(map[uuid.UUID]LockedOrder, len(rows))
	for _, r := range rows {
		locked[r.ID] = r
	}
	return locked
}

// AttemptOrderIDs returns the order id of each attempt, in order.
func AttemptOrderIDs(attempts []*order.Attempt) []uuid.UUID {
	ids := make([]uuid.UUID, len(attempts))
	for i, a := range attempts {
		ids[i] = a.OrderID
	}
	return ids
}
