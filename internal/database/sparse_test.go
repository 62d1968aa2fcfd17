package database_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/order"
)

// TestSparseOrdersRead: a page with sparse fields holds what its fields
// show, as the whole page has it, and reads no more: once the items column
// holds what no order can decode, a page without items still reads, and
// once order_integrations is gone, a page without integration still reads
// (it sends no states query) while one with integration fails.
func TestSparseOrdersRead(t *testing.T) {
	t.Parallel()
	db, url := openURL(t)
	s, store, ctx := db.Orders(), newStoreID(), context.Background()
	o1 := createOrder(t, s, store, "S1", at(1))
	createOrder(t, s, store, "S2", at(2))
	record(t, s, store, newAttempt(o1, "bling", order.AttemptError, at(10)))
	svc := order.NewService(s, time.Now)
	list := func(f order.OrderFilter) ([]order.Order, error) {
		page, err := svc.Orders(ctx, store, f)
		return page.Orders, err
	}
	full, err := list(order.OrderFilter{})
	if err != nil || len(full) != 2 || len(full[1].Integration.Systems) != 1 || len(full[1].Items) != 1 {
		t.Fatalf("whole page: %+v, %v", full, err)
	}
	check := func(fields order.Fields) {
		t.Helper()
		lean, err := list(order.OrderFilter{Fields: fields})
		if err != nil || len(lean) != 2 {
			t.Fatalf("fields %b: %+v, %v", fields, lean, err)
		}
		for i, o := range lean {
			w := full[i]
			if o.ID != w.ID || o.Number != w.Number || o.Status != w.Status || !reflect.DeepEqual(o.Customer, w.Customer) ||
				o.TotalCents != w.TotalCents || !o.PlacedAt.Equal(w.PlacedAt) {
				t.Errorf("fields %b: order %d = %+v, want the fields of %+v", fields, i, o, w)
			}
			if o.Items != nil || o.Currency != "" || !o.CreatedAt.IsZero() || o.StoreID != "" {
				t.Errorf("fields %b: order %d has fields not asked for: %+v", fields, i, o)
			}
			hasSystems := fields.Has(order.FieldIntegration) && len(w.Integration.Systems) > 0
			if got := len(o.Integration.Systems) > 0; got != hasSystems {
				t.Errorf("fields %b: order %d has integration systems %v, want %v", fields, i, got, hasSystems)
			}
		}
	}
	raw := rawDB(t, url)
	if _, err := raw.Exec(ctx, `UPDATE orders SET items = '{"not":"a list"}' WHERE store_id = $1`, store); err != nil {
		t.Fatal(err)
	}
	if _, err := list(order.OrderFilter{}); err == nil {
		t.Fatal("the whole page decoded items that are not a list: the check below would prove nothing")
	}
	withoutIntegration := order.Fields(0).With(order.FieldNumber).With(order.FieldStatus).With(order.FieldCustomer).
		With(order.FieldTotalCents).With(order.FieldPlacedAt)
	check(withoutIntegration.With(order.FieldIntegration)) // W3-lean's
	if _, err := raw.Exec(ctx, `ALTER TABLE order_integrations RENAME TO order_integrations_gone`); err != nil {
		t.Fatal(err)
	}
	check(withoutIntegration)
	if _, err := list(order.OrderFilter{Fields: withoutIntegration.With(order.FieldIntegration)}); err == nil {
		t.Error("a page with integration read without order_integrations: the check above would prove nothing")
	}
}
