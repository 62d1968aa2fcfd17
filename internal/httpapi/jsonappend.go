package httpapi

import (
	"strconv"

	"github.com/orders-api/orders-api/internal/httpapi/wire"
	"github.com/orders-api/orders-api/internal/order"
)

// The responses write their own JSON (wire.Appender): byte for byte what
// encoding/json writes for them, which FuzzAppendJSON and FuzzAppendOrderJSON
// check, and TestAppendersKnowEveryField for every field of the DTOs.

// AppendJSON appends the page as JSON.
func (l AttemptList) AppendJSON(b []byte) []byte { return wire.AppendPage(b, l.Data, l.NextCursor) }

// AppendJSON appends the page as JSON.
func (l OrderList) AppendJSON(b []byte) []byte { return wire.AppendPage(b, l.Data, l.NextCursor) }

// AppendJSON appends the attempt as JSON.
func (a AttemptResponse) AppendJSON(b []byte) []byte {
	b = wire.AppendString(append(b, `{"id":`...), a.ID)
	b = wire.AppendString(append(b, `,"order_id":`...), a.OrderID)
	b = wire.AppendString(append(b, `,"system":`...), a.System)
	b = wire.AppendString(append(b, `,"status":`...), a.Status)
	b = wire.AppendStringPtr(append(b, `,"action":`...), a.Action)
	b = wire.AppendString(append(b, `,"message":`...), a.Message)
	b = wire.AppendStringPtr(append(b, `,"error_code":`...), a.ErrorCode)
	b = wire.AppendStringPtr(append(b, `,"external_id":`...), a.ExternalID)
	b = wire.AppendString(append(b, `,"occurred_at":`...), a.OccurredAt)
	b = wire.AppendString(append(b, `,"recorded_at":`...), a.RecordedAt)
	b = append(b, `,"details":`...)
	if len(a.Details) == 0 {
		b = append(b, "null"...)
	} else {
		b = wire.AppendRaw(b, a.Details)
	}
	b = wire.AppendStringPtr(append(b, `,"request_id":`...), a.RequestID)
	return append(b, '}')
}

// AppendJSON appends the order as JSON.
func (o OrderResponse) AppendJSON(b []byte) []byte { return o.appendFields(b, 0) }

// appendFields appends the order as JSON with the fields of f alone (the
// id always), in the order of the whole order's members; the zero f is
// every field.
func (o OrderResponse) appendFields(b []byte, f order.Fields) []byte {
	b = wire.AppendString(append(b, `{"id":`...), o.ID)
	if f.Has(order.FieldNumber) {
		b = wire.AppendString(append(b, `,"number":`...), o.Number)
	}
	if f.Has(order.FieldStatus) {
		b = wire.AppendString(append(b, `,"status":`...), o.Status)
	}
	if f.Has(order.FieldCustomer) {
		b = wire.AppendString(append(b, `,"customer":{"name":`...), o.Customer.Name)
		b = wire.AppendStringPtr(append(b, `,"email":`...), o.Customer.Email)
		b = append(wire.AppendStringPtr(append(b, `,"document":`...), o.Customer.Document), '}')
	}
	if f.Has(order.FieldCurrency) {
		b = wire.AppendString(append(b, `,"currency":`...), o.Currency)
	}
	if f.Has(order.FieldTotalCents) {
		b = strconv.AppendInt(append(b, `,"total_cents":`...), o.TotalCents, 10)
	}
	if f.Has(order.FieldItems) {
		b = appendItems(append(b, `,"items":`...), o.Items)
	}
	if f.Has(order.FieldPlacedAt) {
		b = wire.AppendString(append(b, `,"placed_at":`...), o.PlacedAt)
	}
	if f.Has(order.FieldCreatedAt) {
		b = wire.AppendString(append(b, `,"created_at":`...), o.CreatedAt)
	}
	if f.Has(order.FieldUpdatedAt) {
		b = wire.AppendString(append(b, `,"updated_at":`...), o.UpdatedAt)
	}
	if f.Has(order.FieldIntegration) {
		b = o.Integration.AppendJSON(append(b, `,"integration":`...))
	}
	return append(b, '}')
}

// appendItems appends an order's lines as a JSON array (null for nil).
func appendItems(b []byte, items []Item) []byte {
	if items == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, it := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = wire.AppendString(append(b, `{"sku":`...), it.SKU)
		b = wire.AppendString(append(b, `,"name":`...), it.Name)
		b = strconv.AppendInt(append(b, `,"quantity":`...), it.Quantity, 10)
		b = strconv.AppendInt(append(b, `,"unit_price_cents":`...), it.UnitPriceCents, 10)
		b = append(b, '}')
	}
	return append(b, ']')
}

// AppendJSON appends the summary as JSON.
func (r IntegrationResponse) AppendJSON(b []byte) []byte {
	b = wire.AppendString(append(b, `{"status":`...), r.Status)
	b = wire.AppendStringPtr(append(b, `,"last_attempt_at":`...), r.LastAttemptAt)
	b = append(b, `,"systems":`...)
	if r.Systems == nil {
		return append(b, "null}"...)
	}
	b = append(b, '[')
	for i, s := range r.Systems {
		if i > 0 {
			b = append(b, ',')
		}
		b = wire.AppendString(append(b, `{"system":`...), s.System)
		b = wire.AppendString(append(b, `,"status":`...), s.Status)
		b = wire.AppendString(append(b, `,"message":`...), s.Message)
		b = wire.AppendStringPtr(append(b, `,"error_code":`...), s.ErrorCode)
		b = wire.AppendString(append(b, `,"last_attempt_at":`...), s.LastAttemptAt)
		b = strconv.AppendInt(append(b, `,"attempts":`...), s.Attempts, 10)
		b = append(b, '}')
	}
	return append(b, "]}"...)
}
