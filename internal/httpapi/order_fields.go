package httpapi

import (
	"strconv"
	"strings"

	"github.com/orders-api/orders-api/internal/httpapi/wire"
	"github.com/orders-api/orders-api/internal/order"
)

// orderFieldNames lists the names that fields= takes: an order's
// top-level members, in the order of its JSON.
const orderFieldNames = "id, number, status, customer, currency, total_cents, items, placed_at, created_at, updated_at, integration"

// orderField returns the field of an order's top-level member name.
func orderField(name string) (order.Field, bool) {
	switch name {
	case "id":
		return order.FieldID, true
	case "number":
		return order.FieldNumber, true
	case "status":
		return order.FieldStatus, true
	case "customer":
		return order.FieldCustomer, true
	case "currency":
		return order.FieldCurrency, true
	case "total_cents":
		return order.FieldTotalCents, true
	case "items":
		return order.FieldItems, true
	case "placed_at":
		return order.FieldPlacedAt, true
	case "created_at":
		return order.FieldCreatedAt, true
	case "updated_at":
		return order.FieldUpdatedAt, true
	case "integration":
		return order.FieldIntegration, true
	}
	return 0, false
}

// fields parses the fields parameter (sparse fields): names separated by
// commas, each exactly a member's name (no white space around it), the id
// always in the set. A name given twice counts once; an empty name (two
// commas, a comma at either end) and an unknown name are problems, the
// unknown ones named. Absent, it is the zero set: the whole order.
func (q *query) fields() order.Fields {
	s := q.str("fields")
	if s == nil {
		return 0
	}
	set := order.Fields(0).With(order.FieldID)
	var unknown []string
	empty := false
	for name := range strings.SplitSeq(*s, ",") {
		f, ok := orderField(name)
		switch {
		case ok:
			set = set.With(f)
		case name == "":
			empty = true
		default:
			unknown = append(unknown, strconv.Quote(name))
		}
	}
	if len(unknown) > 0 {
		q.fail("fields", "has unknown fields "+strings.Join(unknown, ", ")+": the fields of an order are "+orderFieldNames)
		return 0
	}
	if empty {
		q.fail("fields", "has an empty name: separate the names by single commas, as in fields=number,status")
		return 0
	}
	return set
}

// sparseOrder is an order with the fields of a fields parameter alone.
type sparseOrder struct {
	o      OrderResponse
	fields order.Fields
}

// AppendJSON appends the order's selected fields as JSON.
func (s sparseOrder) AppendJSON(b []byte) []byte { return s.o.appendFields(b, s.fields) }

// MarshalJSON is AppendJSON, for encoding/json.
func (s sparseOrder) MarshalJSON() ([]byte, error) { return s.AppendJSON(nil), nil }

// sparseOrderList is a page of sparse orders: OrderList with fields.
type sparseOrderList struct {
	data []sparseOrder
	next *string
}

// AppendJSON appends the page as JSON.
func (l sparseOrderList) AppendJSON(b []byte) []byte { return wire.AppendPage(b, l.data, l.next) }

// MarshalJSON is AppendJSON, for encoding/json.
func (l sparseOrderList) MarshalJSON() ([]byte, error) { return l.AppendJSON(nil), nil }

// orderBody returns the body of one order with fields: the order itself
// for every field (byte for byte the answer without fields), else only
// those fields.
func orderBody(r OrderResponse, fields order.Fields) wire.Appender {
	if fields.All() {
		return r
	}
	return sparseOrder{o: r, fields: fields}
}

// orderListBody is orderBody of a page.
func orderListBody(l OrderList, fields order.Fields) wire.Appender {
	if fields.All() {
		return l
	}
	page := sparseOrderList{data: make([]sparseOrder, len(l.Data)), next: l.NextCursor}
	for i, r := range l.Data {
		page.data[i] = sparseOrder{o: r, fields: fields}
	}
	return page
}
