package sqldb

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/order"
)

// selectList returns the SELECT list of a page query.
func selectList(t *testing.T, f order.OrderFilter) string {
	t.Helper()
	text, _ := OrdersQuery("s", f)
	list, _, ok := strings.Cut(strings.TrimPrefix(text, "SELECT "), " FROM ")
	if !ok {
		t.Fatalf("no FROM in %q", text)
	}
	return list
}

// TestSparseSelectList: a page with sparse fields selects the columns of
// its fields alone, plus the id and the sort key (the next cursor's), and
// never store_id, items (unless asked for) or the stored summary; every
// field, or none, is the whole row.
func TestSparseSelectList(t *testing.T) {
	t.Parallel()
	only := func(fs ...order.Field) order.Fields {
		var s order.Fields
		for _, f := range fs {
			s = s.With(f)
		}
		return s
	}
	tests := []struct {
		f    order.OrderFilter
		want string
	}{
		{order.OrderFilter{}, orderColumns},
		{order.OrderFilter{Fields: order.AllFields}, orderColumns},
		{order.OrderFilter{Fields: only(order.FieldID)}, "o.id, o.placed_at"},
		{order.OrderFilter{Fields: only(order.FieldNumber), Sort: order.SortUpdatedAsc}, "o.id, o.number, o.updated_at"},
		{order.OrderFilter{Fields: only(order.FieldCustomer)}, "o.id, o.customer_name, o.customer_email, o.customer_document, o.placed_at"},
		{order.OrderFilter{Fields: only(order.FieldItems, order.FieldCreatedAt)}, "o.id, o.items, o.placed_at, o.created_at"},
		{order.OrderFilter{Fields: only(order.FieldIntegration)}, "o.id, o.placed_at"},
		{order.OrderFilter{Fields: only(order.FieldNumber, order.FieldStatus, order.FieldCustomer,
			order.FieldTotalCents, order.FieldPlacedAt, order.FieldIntegration)},
			"o.id, o.number, o.status, o.customer_name, o.customer_email, o.customer_document, o.total_cents, o.placed_at"},
		{order.OrderFilter{Fields: only(order.FieldCurrency, order.FieldUpdatedAt, order.FieldPlacedAt), Sort: order.SortUpdatedDesc},
			"o.id, o.currency, o.placed_at, o.updated_at"},
	}
	for _, tt := range tests {
		if got := selectList(t, tt.f); got != tt.want {
			t.Errorf("fields %b sort %q: SELECT %s, want %s", tt.f.Fields, tt.f.Sort, got, tt.want)
		}
	}
}

// TestScanAllOf: the skipped columns are neither selected nor scanned, and
// stay zero; the others land in their fields.
func TestScanAllOf(t *testing.T) {
	t.Parallel()
	f := order.OrderFilter{Fields: order.Fields(0).With(order.FieldNumber).With(order.FieldItems)}
	skip := OrderSkip(f)
	if got := ListOf[OrderRow]("", skip); got != "id, number, items, placed_at" {
		t.Fatalf("ListOf = %q", got)
	}
	id, at := uuid.New(), time.Date(2026, 11, 26, 14, 3, 7, 0, time.UTC)
	rows := &fakeRows{rows: [][]any{{id, "N1", `[]`, at}}}
	got, err := ScanAllOf[OrderRow](rows, nil, skip)
	want := []OrderRow{{ID: id, Number: "N1", Items: `[]`, PlacedAt: at}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("ScanAllOf = %+v, %v; want %+v", got, err, want)
	}
	orders, err := ToOrdersOf([]OrderRow{{ID: id}}, nil, order.Fields(0).With(order.FieldNumber))
	if err != nil || orders[0].Items != nil {
		t.Errorf("ToOrdersOf without items = %+v, %v: want no items, no decoding of the unread column", orders, err)
	}
}
