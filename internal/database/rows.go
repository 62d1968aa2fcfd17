package database

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"gorm.io/gorm"

	"github.com/orders-api/orders-api/internal/order"
)

// orderRow is a row of orders.
type orderRow struct {
	ID                uuid.UUID
	StoreID           string
	Number            string
	Status            string
	CustomerName      string
	CustomerEmail     *string
	CustomerDocument  *string
	Currency          string
	TotalCents        int64
	Items             string // json text: [{"sku","name","quantity","unit_price_cents"}]
	PlacedAt          time.Time
	CreatedAt         time.Time
	UpdatedAt         time.Time
	IntegrationStatus string
	LastAttemptAt     *time.Time
}

// TableName tells GORM the table of orderRow.
func (orderRow) TableName() string { return "orders" }

// dest returns the scan destinations of orderColumns.
func (r *orderRow) dest() []any {
	return []any{&r.ID, &r.StoreID, &r.Number, &r.Status, &r.CustomerName, &r.CustomerEmail, &r.CustomerDocument,
		&r.Currency, &r.TotalCents, &r.Items, &r.PlacedAt, &r.CreatedAt, &r.UpdatedAt, &r.IntegrationStatus,
		&r.LastAttemptAt}
}

// orderColumns lists orderRow's columns, qualified by the alias o.
const orderColumns = `o.id, o.store_id, o.number, o.status, o.customer_name, o.customer_email,
	o.customer_document, o.currency, o.total_cents, o.items, o.placed_at, o.created_at, o.updated_at,
	o.integration_status, o.last_attempt_at`

// itemJSON is an order line as stored in orders.items.
type itemJSON struct {
	SKU            string `json:"sku"`
	Name           string `json:"name"`
	Quantity       int64  `json:"quantity"`
	UnitPriceCents int64  `json:"unit_price_cents"`
}

// fromOrder returns the row of o.
func fromOrder(o order.Order) (orderRow, error) {
	items := make([]itemJSON, len(o.Items))
	for i, it := range o.Items {
		items[i] = itemJSON{SKU: it.SKU, Name: it.Name, Quantity: it.Quantity, UnitPriceCents: it.UnitPriceCents}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(items); err != nil {
		return orderRow{}, fmt.Errorf("database: unable to encode items: %w", err)
	}
	return orderRow{
		ID: o.ID, StoreID: o.StoreID, Number: o.Number, Status: string(o.Status),
		CustomerName: o.Customer.Name, CustomerEmail: o.Customer.Email, CustomerDocument: o.Customer.Document,
		Currency: o.Currency, TotalCents: o.TotalCents, Items: string(bytes.TrimRight(buf.Bytes(), "\n")),
		PlacedAt: o.PlacedAt, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt,
		IntegrationStatus: string(o.Integration.Status), LastAttemptAt: o.Integration.LastAttemptAt,
	}, nil
}

// toOrder returns the order of r with the summary of states, r's systems.
func toOrder(r orderRow, states []order.SystemState) (order.Order, error) {
	items, err := decodeItems(r.Items)
	if err != nil {
		return order.Order{}, fmt.Errorf("database: unable to decode the items of order %s: %w", r.ID, err)
	}
	o := order.Order{
		ID: r.ID, StoreID: r.StoreID, Number: r.Number, Status: order.Status(r.Status),
		Customer: order.Customer{Name: r.CustomerName, Email: r.CustomerEmail, Document: r.CustomerDocument},
		Currency: r.Currency, TotalCents: r.TotalCents, Items: make([]order.Item, len(items)),
		PlacedAt: r.PlacedAt.UTC(), CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		Integration: order.Summarize(states),
	}
	for i, it := range items {
		o.Items[i] = order.Item{SKU: it.SKU, Name: it.Name, Quantity: it.Quantity, UnitPriceCents: it.UnitPriceCents}
	}
	return o, nil
}

// stateRow is a row of order_integrations: one system's state on one order.
type stateRow struct {
	OrderID       uuid.UUID
	System        string
	Status        string
	Message       string
	ErrorCode     *string
	LastAttemptAt time.Time
	LastSeq       int64
	Attempts      int64
}

// stateColumns lists stateRow's columns.
const stateColumns = "order_id, system, status, message, error_code, last_attempt_at, last_seq, attempts"

// dest returns the scan destinations of stateColumns.
func (r *stateRow) dest() []any {
	return []any{&r.OrderID, &r.System, &r.Status, &r.Message, &r.ErrorCode, &r.LastAttemptAt, &r.LastSeq, &r.Attempts}
}

// toState returns the domain state of r.
func toState(r stateRow) order.SystemState {
	return order.SystemState{
		System: r.System, Status: order.AttemptStatus(r.Status), Message: r.Message, ErrorCode: r.ErrorCode,
		LastAttemptAt: r.LastAttemptAt.UTC(), LastSeq: r.LastSeq, Attempts: r.Attempts,
	}
}

// attemptRow is a row of integration_attempts.
type attemptRow struct {
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

// attemptColumns lists attemptRow's columns.
const attemptColumns = `id, seq, store_id, order_id, system, status, action, message, error_code,
	external_id, occurred_at, recorded_at, details, request_id`

// dest returns the scan destinations of attemptColumns.
func (r *attemptRow) dest() []any {
	return []any{&r.ID, &r.Seq, &r.StoreID, &r.OrderID, &r.System, &r.Status, &r.Action, &r.Message, &r.ErrorCode,
		&r.ExternalID, &r.OccurredAt, &r.RecordedAt, &r.Details, &r.RequestID}
}

// toAttempt returns the domain attempt of r.
func toAttempt(r attemptRow) order.Attempt {
	a := order.Attempt{
		ID: r.ID, StoreID: r.StoreID, OrderID: r.OrderID, System: r.System, Status: order.AttemptStatus(r.Status),
		Action: r.Action, Message: r.Message, ErrorCode: r.ErrorCode, ExternalID: r.ExternalID,
		OccurredAt: r.OccurredAt.UTC(), RecordedAt: r.RecordedAt.UTC(), Seq: r.Seq, RequestID: fromNullUUID(r.RequestID),
	}
	if len(r.Details) > 0 { // NULL scans as an empty slice
		a.Details = json.RawMessage(r.Details)
	}
	return a
}

// scanRows runs a raw query on db and scans each row into a T through
// dest. It is the read path of the hot queries: explicit scans cost a third
// less than GORM's reflective Scan, and outside a transaction on PostgreSQL
// the query runs on pgx itself (see scanPgx).
func scanRows[T any](db *gorm.DB, dest func(*T) []any, text string, args ...any) ([]T, error) {
	if db.Dialector.Name() == "postgres" {
		args = pgArgs(args)
	}
	if pool, ok := db.Statement.ConnPool.(*sql.DB); ok && db.Error == nil {
		if out, err, ok := scanPgx(db.Statement.Context, pool, dest, text, args); ok {
			return out, err
		}
	}
	rows, err := db.Raw(text, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var r T
		if err := rows.Scan(dest(&r)...); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// errNotPgx stops scanPgx on a connection that is not pgx's.
var errNotPgx = errors.New("database: not a pgx connection")

// scanPgx runs the query on the pgx connection under one of pool's, and
// scans with pgx's own decoding: no GORM statement, no database/sql row
// conversion of each value, which with the UUIDs' text round trips took a
// third of the CPU of a page of orders (docs/PERFORMANCE.md). The pool still
// hands out and checks connections.
// ok is false when the driver is not pgx's: the caller goes the usual way.
func scanPgx[T any](ctx context.Context, pool *sql.DB, dest func(*T) []any, text string,
	args []any) (out []T, err error, ok bool) {
	conn, err := pool.Conn(ctx)
	if err != nil {
		return nil, err, true
	}
	defer conn.Close()
	err = conn.Raw(func(driverConn any) error {
		pc, isPgx := driverConn.(interface{ Conn() *pgx.Conn })
		if !isPgx {
			return errNotPgx
		}
		rows, err := pc.Conn().Query(ctx, text, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r T
			if err := rows.Scan(pgDest(dest(&r))...); err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	if errors.Is(err, errNotPgx) {
		return nil, nil, false
	}
	return out, err, true
}

// pgArgs returns args with the UUIDs as [16]byte, which pgx sends as they
// are. A uuid.UUID is a driver.Valuer, so pgx would format each one as text
// and parse it back: a tenth of the CPU of a page of 50 orders, whose
// states are read by an array of their ids.
func pgArgs(args []any) []any {
	out := args
	for i, a := range args {
		var v any
		switch id := a.(type) {
		case uuid.UUID:
			v = [16]byte(id)
		case []uuid.UUID:
			v = pgUUIDs(id)
		default:
			continue
		}
		if &out[0] == &args[0] {
			out = append([]any(nil), args...)
		}
		out[i] = v
	}
	return out
}

// pgDest returns dest with each *uuid.UUID as a *[16]byte, which pgx fills
// from the binary value; a uuid.UUID is an sql.Scanner, which pgx would
// feed the UUID as text, for it to parse.
func pgDest(dest []any) []any {
	for i, d := range dest {
		if id, ok := d.(*uuid.UUID); ok {
			dest[i] = (*[16]byte)(id)
		}
	}
	return dest
}

// pgUUIDs returns ids as a uuid[] argument that pgx encodes without text.
func pgUUIDs(ids []uuid.UUID) [][16]byte {
	out := make([][16]byte, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
