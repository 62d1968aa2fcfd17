package sqldb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/order"
)

// OrderRow is a row of orders.
type OrderRow struct {
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

// TableName tells GORM the table of OrderRow.
func (OrderRow) TableName() string { return "orders" }

// Columns lists OrderRow's columns and their scan targets.
func (r *OrderRow) Columns(c Columns) Columns {
	return c.
		Add("id", &r.ID).
		Add("store_id", &r.StoreID).
		Add("number", &r.Number).
		Add("status", &r.Status).
		Add("customer_name", &r.CustomerName).
		Add("customer_email", &r.CustomerEmail).
		Add("customer_document", &r.CustomerDocument).
		Add("currency", &r.Currency).
		Add("total_cents", &r.TotalCents).
		Add("items", &r.Items).
		Add("placed_at", &r.PlacedAt).
		Add("created_at", &r.CreatedAt).
		Add("updated_at", &r.UpdatedAt).
		Add("integration_status", &r.IntegrationStatus).
		Add("last_attempt_at", &r.LastAttemptAt)
}

// OrderColumns returns OrderRow's columns, qualified by the alias o of the
// queries of orders.
func OrderColumns() string { return orderColumns }

// orderColumns is OrderColumns' list, made once.
var orderColumns = List[OrderRow]("o")

// ItemJSON is an order line as stored in orders.items.
type ItemJSON struct {
	SKU            string `json:"sku"`
	Name           string `json:"name"`
	Quantity       int64  `json:"quantity"`
	UnitPriceCents int64  `json:"unit_price_cents"`
}

// FromOrder returns the row of o.
func FromOrder(o order.Order) (OrderRow, error) {
	items := make([]ItemJSON, len(o.Items))
	for i, it := range o.Items {
		items[i] = ItemJSON{SKU: it.SKU, Name: it.Name, Quantity: it.Quantity, UnitPriceCents: it.UnitPriceCents}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(items); err != nil {
		return OrderRow{}, fmt.Errorf("database: unable to encode items: %w", err)
	}
	return OrderRow{
		ID: o.ID, StoreID: o.StoreID, Number: o.Number, Status: string(o.Status),
		CustomerName: o.Customer.Name, CustomerEmail: o.Customer.Email, CustomerDocument: o.Customer.Document,
		Currency: o.Currency, TotalCents: o.TotalCents, Items: string(bytes.TrimRight(buf.Bytes(), "\n")),
		PlacedAt: o.PlacedAt, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt,
		IntegrationStatus: string(o.Integration.Status), LastAttemptAt: o.Integration.LastAttemptAt,
	}, nil
}

// ToOrder returns the order of r with the summary of states, r's systems.
func ToOrder(r OrderRow, states []order.SystemState) (order.Order, error) {
	return toOrder(r, states, true)
}

// toOrder is ToOrder; without withItems, r's items were not read, and the
// order has none.
func toOrder(r OrderRow, states []order.SystemState, withItems bool) (order.Order, error) {
	var items []ItemJSON
	if withItems {
		var err error
		if items, err = DecodeItems(r.Items); err != nil {
			return order.Order{}, fmt.Errorf("database: unable to decode the items of order %s: %w", r.ID, err)
		}
	}
	o := order.Order{
		ID: r.ID, StoreID: r.StoreID, Number: r.Number, Status: order.Status(r.Status),
		Customer: order.Customer{Name: r.CustomerName, Email: r.CustomerEmail, Document: r.CustomerDocument},
		Currency: r.Currency, TotalCents: r.TotalCents, Items: make([]order.Item, len(items)),
		PlacedAt: r.PlacedAt.UTC(), CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		Integration: order.Summarize(states),
	}
	if !withItems {
		o.Items = nil
	}
	for i, it := range items {
		o.Items[i] = order.Item{SKU: it.SKU, Name: it.Name, Quantity: it.Quantity, UnitPriceCents: it.UnitPriceCents}
	}
	return o, nil
}

// OrderIDs returns the ids of rows, in order.
func OrderIDs(rows []OrderRow) []uuid.UUID {
	ids := make([]uuid.UUID, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return ids
}

// ToOrders converts rows to orders with their summaries, from the states of
// the rows' orders by order id.
func ToOrders(rows []OrderRow, states map[uuid.UUID][]order.SystemState) ([]order.Order, error) {
	return ToOrdersOf(rows, states, 0)
}
