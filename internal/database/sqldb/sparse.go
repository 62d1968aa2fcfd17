package sqldb

import (
	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/order"
)

// orderColumnNames are OrderRow's columns in the order of its Columns,
// made once.
var orderColumnNames = new(OrderRow).Columns(Columns{list: true}).names

// OrderSkip returns the columns of OrderRow that a page of f does not need
// (see Skip): none for the whole order; with sparse fields (f.Fields),
// every column that no asked-for field shows, except the id and the sort
// key, which the page's next cursor needs.
func OrderSkip(f order.OrderFilter) Skip {
	if f.Fields.All() {
		return 0
	}
	var skip Skip
	for i, name := range orderColumnNames {
		if !orderColumnNeeded(name, f) {
			skip |= 1 << i
		}
	}
	return skip
}

// orderColumnNeeded reports whether a page of f needs the column name of
// orders. store_id, integration_status and last_attempt_at are no field's:
// the integration summary is made from the states (order_integrations).
func orderColumnNeeded(name string, f order.OrderFilter) bool {
	has := f.Fields.Has
	switch name {
	case "id":
		return true
	case "number":
		return has(order.FieldNumber)
	case "status":
		return has(order.FieldStatus)
	case "customer_name", "customer_email", "customer_document":
		return has(order.FieldCustomer)
	case "currency":
		return has(order.FieldCurrency)
	case "total_cents":
		return has(order.FieldTotalCents)
	case "items":
		return has(order.FieldItems)
	case "placed_at":
		return has(order.FieldPlacedAt) || !f.Sort.ByUpdated()
	case "created_at":
		return has(order.FieldCreatedAt)
	case "updated_at":
		return has(order.FieldUpdatedAt) || f.Sort.ByUpdated()
	}
	return false
}

// orderColumnsOf returns the SELECT list of a page of f: the whole row,
// or the columns that OrderSkip keeps.
func orderColumnsOf(f order.OrderFilter) string {
	if skip := OrderSkip(f); skip != 0 {
		return ListOf[OrderRow]("o", skip)
	}
	return orderColumns
}

// ToOrdersOf is ToOrders of a page read with fields (OrderSkip): the items
// are decoded only when fields has them, as the column was not read
// otherwise.
func ToOrdersOf(rows []OrderRow, states map[uuid.UUID][]order.SystemState, fields order.Fields) ([]order.Order, error) {
	orders := make([]order.Order, len(rows))
	for i, r := range rows {
		var err error
		if orders[i], err = toOrder(r, states[r.ID], fields.Has(order.FieldItems)); err != nil {
			return nil, err
		}
	}
	return orders, nil
}
