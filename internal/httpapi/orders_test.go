package httpapi_test

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi"
)

// TestCreateOrderShape checks the order JSON of SPEC 5: every field, the
// defaults, and the timestamp form.
func TestCreateOrderShape(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)

	before := time.Now().UTC().Truncate(time.Microsecond)
	r := v.must(v.do("POST", "/orders", admin, map[string]any{
		"number": "100234", "customer": map[string]any{"name": "Ana Souza"}, "total_cents": 0,
	}), 201)
	after := time.Now().UTC()
	o := r.JSON.(map[string]any)
	wantKeys(t, "order", o, "id", "number", "status", "customer", "currency", "total_cents", "items",
		"placed_at", "created_at", "updated_at", "integration")
	wantKeys(t, "customer", o["customer"].(map[string]any), "name", "email", "document")
	wantKeys(t, "integration", o["integration"].(map[string]any), "status", "last_attempt_at", "systems")

	id, err := uuid.Parse(o["id"].(string))
	if err != nil || id.Version() != 7 {
		t.Errorf("id %v is not a UUID v7", o["id"])
	}
	if loc := r.Header.Get("Location"); loc != "/orders/"+id.String() {
		t.Errorf("Location = %q", loc)
	}
	want := map[string]any{
		"number": "100234", "status": "pending", "currency": "BRL", "total_cents": float64(0), "items": []any{},
		"customer":    map[string]any{"name": "Ana Souza", "email": nil, "document": nil},
		"integration": map[string]any{"status": "none", "last_attempt_at": nil, "systems": []any{}},
	}
	for k, w := range want {
		if !equalJSON(o[k], w) {
			t.Errorf("%s = %#v, want %#v", k, o[k], w)
		}
	}
	placed := parseAPITime(t, o["placed_at"].(string))
	created := parseAPITime(t, o["created_at"].(string))
	if placed.Before(before) || placed.After(after) {
		t.Errorf("placed_at %v is not now (%v..%v)", placed, before, after)
	}
	if !created.Equal(placed) || o["updated_at"] != o["created_at"] {
		t.Errorf("placed_at %v, created_at %v, updated_at %v: want one instant", o["placed_at"], o["created_at"], o["updated_at"])
	}

	got := v.must(v.do("GET", "/orders/"+id.String(), admin, nil), 200)
	if !equalJSON(got.JSON, r.JSON) {
		t.Errorf("GET = %s\nPOST = %s", got.Body, r.Body)
	}
	list := v.must(v.do("GET", "/orders?number=100234", admin, nil), 200).JSON.(map[string]any)
	if data := list["data"].([]any); len(data) != 1 || !equalJSON(data[0], r.JSON) || list["next_cursor"] != nil {
		t.Errorf("list = %v, want the order and next_cursor null", list)
	}
}

// TestCreateOrderFields checks that every given field is kept, and times
// come back in UTC with Z at microsecond precision.
func TestCreateOrderFields(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	items := []any{
		map[string]any{"sku": "CAM-01", "name": "Camiseta", "quantity": 2, "unit_price_cents": 9995},
		map[string]any{"sku": "MEI-02", "name": "Meia ção", "quantity": 1_000_000, "unit_price_cents": 0},
	}
	tests := []struct {
		placedAt, want string
	}{
		{"2026-11-26T11:03:07-03:00", "2026-11-26T14:03:07Z"},
		{"2026-11-26T14:03:07.120000Z", "2026-11-26T14:03:07.12Z"},
		{"2026-11-26T23:30:00.5+05:30", "2026-11-26T18:00:00.5Z"},
		{"2026-11-26T14:03:07.1234567Z", "2026-11-26T14:03:07.123456Z"},
		{"0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"},
		{"9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999999Z"},
		{"9999-12-31T20:59:59-03:00", "9999-12-31T23:59:59Z"},
	}
	for _, tc := range tests {
		t.Run(tc.placedAt, func(t *testing.T) {
			t.Parallel()
			v := v.sub(t)
			body := v.orderBody(map[string]any{
				"status": "paid", "currency": "USD", "total_cents": 9007199254740991, "items": items, "placed_at": tc.placedAt,
				"customer": map[string]any{"name": "Ana", "email": "ana@example.com", "document": "123.456.789-09"},
			})
			o := v.createOrder(admin, body)
			if o.PlacedAt != tc.want {
				t.Errorf("placed_at = %q, want %q", o.PlacedAt, tc.want)
			}
			if o.Status != "paid" || o.Currency != "USD" || o.TotalCents != 9007199254740991 || o.Number != body["number"] {
				t.Errorf("order = %+v", o)
			}
			if o.Customer.Email == nil || *o.Customer.Email != "ana@example.com" || o.Customer.Document == nil || *o.Customer.Document != "123.456.789-09" {
				t.Errorf("customer = %+v", o.Customer)
			}
			wantItems := []httpapi.Item{{SKU: "CAM-01", Name: "Camiseta", Quantity: 2, UnitPriceCents: 9995},
				{SKU: "MEI-02", Name: "Meia ção", Quantity: 1_000_000}}
			if !slices.Equal(o.Items, wantItems) {
				t.Errorf("items = %+v", o.Items)
			}
			if g := v.getOrder(admin, o.ID); g.PlacedAt != tc.want || !slices.Equal(g.Items, wantItems) {
				t.Errorf("GET placed_at = %q, items %+v", g.PlacedAt, g.Items)
			}
		})
	}
}

// TestCreateOrderInvalid covers the 422s of POST /orders: every problem at
// once with its path, unknown and read-only fields, values the database or
// JSON clients can't hold.
func TestCreateOrderInvalid(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	item := func(over map[string]any) map[string]any {
		it := map[string]any{"sku": "A", "name": "B", "quantity": 1, "unit_price_cents": 1}
		maps.Copy(it, over)
		return it
	}
	tooMany := make([]any, 501)
	for i := range tooMany {
		tooMany[i] = item(nil)
	}
	tests := []struct {
		name   string
		over   map[string]any
		fields []string
	}{
		{"several problems at once", map[string]any{
			"number": "", "total_cents": -1,
			"customer": map[string]any{"name": "Ana", "email": "not-an-email"},
			"items":    []any{item(map[string]any{"quantity": 0}), item(map[string]any{"unit_price_cents": -5, "sku": ""})},
		}, []string{"number", "total_cents", "customer.email", "items[0].quantity", "items[1].unit_price_cents", "items[1].sku"}},
		{"unknown field", map[string]any{"coupon": "X"}, []string{"coupon"}},
		{"unknown nested field", map[string]any{"customer": map[string]any{"name": "A", "age": 3}}, []string{"customer.age"}},
		{"unknown item field", map[string]any{"items": []any{item(map[string]any{"color": "red"})}}, []string{"items[0].color"}},
		{"read-only id", map[string]any{"id": uuid.NewString()}, []string{"id"}},
		{"read-only created_at", map[string]any{"created_at": "2026-01-01T00:00:00Z"}, []string{"created_at"}},
		{"read-only updated_at", map[string]any{"updated_at": "2026-01-01T00:00:00Z"}, []string{"updated_at"}},
		{"read-only integration", map[string]any{"integration": map[string]any{"status": "success"}}, []string{"integration"}},
		{"missing customer", map[string]any{"customer": nil}, []string{"customer"}},
		{"missing customer name", map[string]any{"customer": map[string]any{"email": "a@example.com"}}, []string{"customer.name"}},
		{"missing total", map[string]any{"total_cents": nil}, []string{"total_cents"}},
		{"missing number", map[string]any{"number": nil}, []string{"number"}},
		{"number of 41 chars", map[string]any{"number": strings.Repeat("9", 41)}, []string{"number"}},
		{"bad status", map[string]any{"status": "lost"}, []string{"status"}},
		{"lower-case currency", map[string]any{"currency": "brl"}, []string{"currency"}},
		{"unknown currency", map[string]any{"currency": "ABC"}, []string{"currency"}},
		{"NUL in name", map[string]any{"customer": map[string]any{"name": "Ana\x00Souza"}}, []string{"customer.name"}},
		{"NUL in number", map[string]any{"number": "1\x002"}, []string{"number"}},
		{"NUL in sku", map[string]any{"items": []any{item(map[string]any{"sku": "A\x00"})}}, []string{"items[0].sku"}},
		{"NUL in document", map[string]any{"customer": map[string]any{"name": "A", "document": "1\x00"}}, []string{"customer.document"}},
		{"total above 2^53-1", map[string]any{"total_cents": 9007199254740992}, []string{"total_cents"}},
		{"total beyond int64", map[string]any{"total_cents": 1e19}, []string{"total_cents"}},
		{"fractional total", map[string]any{"total_cents": 10.5}, []string{"total_cents"}},
		{"string total", map[string]any{"total_cents": "100"}, []string{"total_cents"}},
		{"unit price above 2^53-1", map[string]any{"items": []any{item(map[string]any{"unit_price_cents": 9007199254740992})}}, []string{"items[0].unit_price_cents"}},
		{"quantity above 1,000,000", map[string]any{"items": []any{item(map[string]any{"quantity": 1_000_001})}}, []string{"items[0].quantity"}},
		{"missing quantity", map[string]any{"items": []any{map[string]any{"sku": "A", "name": "B", "unit_price_cents": 1}}}, []string{"items[0].quantity"}},
		{"501 items", map[string]any{"items": tooMany}, []string{"items"}},
		{"items not an array", map[string]any{"items": "none"}, []string{"items"}},
		{"placed_at year 10000", map[string]any{"placed_at": "10000-01-01T00:00:00Z"}, []string{"placed_at"}},
		{"placed_at in 10000 in UTC", map[string]any{"placed_at": "9999-12-31T23:00:00-03:00"}, []string{"placed_at"}},
		{"placed_at in year 0 in UTC", map[string]any{"placed_at": "0001-01-01T00:30:00+01:00"}, []string{"placed_at"}},
		{"placed_at without offset", map[string]any{"placed_at": "2026-11-26T14:03:07"}, []string{"placed_at"}},
		{"placed_at not a time", map[string]any{"placed_at": "yesterday"}, []string{"placed_at"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := v.sub(t)
			p := wantProblem(t, v.do("POST", "/orders", admin, v.orderBody(tc.over)), 422, tc.fields...)
			if len(tc.fields) > 1 && len(p.Errors) < len(tc.fields) {
				t.Errorf("%d problems, want %d at once: %+v", len(p.Errors), len(tc.fields), p.Errors)
			}
		})
	}
	t.Cleanup(func() {
		if n := len(walk[httpapi.OrderResponse](v, admin, "/orders")); n != 0 {
			t.Errorf("%d invalid orders stored", n)
		}
	})
}

// TestDuplicateNumber covers 409 for a number taken in the store, and that
// numbers are per store.
func TestDuplicateNumber(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	a, b := v.key("a", auth.RoleAdmin), v.key("b", auth.RoleAdmin)
	v.createOrder(a, map[string]any{"number": "100"})
	wantProblem(t, v.do("POST", "/orders", a, v.orderBody(map[string]any{"number": "100"})), 409)
	v.createOrder(b, map[string]any{"number": "100"})
	if n := len(walk[httpapi.OrderResponse](v, a, "/orders?number=100")); n != 1 {
		t.Errorf("store a has %d orders numbered 100", n)
	}
}

// wantKeys checks that the object has exactly the keys.
func wantKeys(t *testing.T, what string, obj map[string]any, keys ...string) {
	t.Helper()
	got := slices.Sorted(maps.Keys(obj))
	slices.Sort(keys)
	if !slices.Equal(got, keys) {
		t.Errorf("%s has keys %v, want %v", what, got, keys)
	}
}
