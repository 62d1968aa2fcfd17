package httpapi_test

import (
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi"
)

// TestPatchOrder covers the merge rules of PATCH /orders/{id}.
func TestPatchOrder(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	str := func(s string) *string { return &s }
	ana := httpapi.Customer{Name: "Ana", Email: str("ana@example.com"), Document: str("123")}
	tests := []struct {
		name       string
		patch      string
		wantStatus string
		want       httpapi.Customer
	}{
		{"status replaces", `{"status":"paid"}`, "paid", ana},
		{"email null clears", `{"customer":{"email":null}}`, "pending", httpapi.Customer{Name: "Ana", Document: str("123")}},
		{"document null clears, name replaces", `{"customer":{"document":null,"name":"Bia"}}`, "pending", httpapi.Customer{Name: "Bia", Email: str("ana@example.com")}},
		{"email replaces", `{"customer":{"email":"new@example.com"}}`, "pending", httpapi.Customer{Name: "Ana", Email: str("new@example.com"), Document: str("123")}},
		{"both", `{"status":"canceled","customer":{"document":"456"}}`, "canceled", httpapi.Customer{Name: "Ana", Email: str("ana@example.com"), Document: str("456")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := v.sub(t)
			o := v.createOrder(admin, map[string]any{"customer": ana, "items": []any{map[string]any{"sku": "A", "name": "B", "quantity": 3, "unit_price_cents": 7}}})
			time.Sleep(2 * time.Millisecond)
			p := decode[httpapi.OrderResponse](t, v.must(v.do("PATCH", "/orders/"+o.ID, admin, tc.patch), 200))
			if p.Status != tc.wantStatus || !equalJSON(p.Customer, tc.want) {
				t.Errorf("after %s: status %q, customer %s", tc.patch, p.Status, mustJSON(t, p.Customer))
			}
			if !parseAPITime(t, p.UpdatedAt).After(parseAPITime(t, o.UpdatedAt)) {
				t.Errorf("updated_at %s not after %s", p.UpdatedAt, o.UpdatedAt)
			}
			unchanged := o
			unchanged.Status, unchanged.Customer, unchanged.UpdatedAt = p.Status, p.Customer, p.UpdatedAt
			if !equalJSON(p, unchanged) {
				t.Errorf("PATCH changed other fields:\n got %s\nwant %s", mustJSON(t, p), mustJSON(t, unchanged))
			}
			if g := v.getOrder(admin, o.ID); !equalJSON(g, p) {
				t.Errorf("GET after PATCH = %s, want %s", mustJSON(t, g), mustJSON(t, p))
			}
		})
	}

	invalid := []struct {
		name, patch string
		field       string
	}{
		{"status null", `{"status":null}`, "status"},
		{"bad status", `{"status":"lost"}`, "status"},
		{"customer null", `{"customer":null}`, "customer"},
		{"customer name null", `{"customer":{"name":null}}`, "customer.name"},
		{"customer name empty", `{"customer":{"name":""}}`, "customer.name"},
		{"bad email", `{"customer":{"email":"nope"}}`, "customer.email"},
		{"number", `{"number":"200"}`, "number"},
		{"total_cents", `{"total_cents":5}`, "total_cents"},
		{"items", `{"items":[]}`, "items"},
		{"read-only id", `{"id":"0193a0b2-7c1e-7d2a-9f00-1c2d3e4f5a6b"}`, "id"},
		{"read-only updated_at", `{"updated_at":"2026-01-01T00:00:00Z"}`, "updated_at"},
		{"unknown customer field", `{"customer":{"phone":"1"}}`, "customer.phone"},
		{"NUL in name", `{"customer":{"name":"A\u0000"}}`, "customer.name"},
	}
	o := v.createOrder(admin, map[string]any{"customer": ana})
	for _, tc := range invalid {
		t.Run("422 "+tc.name, func(t *testing.T) {
			t.Parallel()
			v := v.sub(t)
			wantProblem(t, v.do("PATCH", "/orders/"+o.ID, admin, tc.patch), 422, tc.field)
		})
	}
	t.Cleanup(func() {
		if g := v.getOrder(admin, o.ID); !equalJSON(g, o) {
			t.Errorf("refused PATCHes changed the order: %s", mustJSON(t, g))
		}
	})
}

// TestPatchCanceled covers 409 for moving a canceled order to another status.
func TestPatchCanceled(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	o := v.createOrder(admin, map[string]any{"status": "canceled"})
	for _, s := range []string{"paid", "pending", "delivered"} {
		wantProblem(t, v.do("PATCH", "/orders/"+o.ID, admin, map[string]any{"status": s}), 409)
	}
	if g := v.getOrder(admin, o.ID); g.Status != "canceled" || g.UpdatedAt != o.UpdatedAt {
		t.Errorf("after refused PATCHes: status %q, updated_at %s (was %s)", g.Status, g.UpdatedAt, o.UpdatedAt)
	}
	// the customer of a canceled order may still change
	p := decode[httpapi.OrderResponse](t, v.must(v.do("PATCH", "/orders/"+o.ID, admin, `{"status":"canceled","customer":{"name":"Bia"}}`), 200))
	if p.Status != "canceled" || p.Customer.Name != "Bia" {
		t.Errorf("PATCH = %+v", p)
	}
}
