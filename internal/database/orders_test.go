package database_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/order"
)

func TestCreateAndReadOrder(t *testing.T) {
	t.Parallel()
	db, url := openURL(t)
	s, store, ctx := db.Orders(), newStoreID(), context.Background()
	o := newOrder(store, "100234", base.In(time.FixedZone("BRT", -3*3600)))
	o.Customer.Document = ptr("123.456.789-09")
	if err := s.CreateOrder(ctx, o); err != nil {
		t.Fatal(err)
	}
	got, err := s.Order(ctx, store, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	o.PlacedAt = o.PlacedAt.UTC()
	if !reflect.DeepEqual(got, o) {
		t.Errorf("read back:\n got %+v\nwant %+v", got, o)
	}
	if got.PlacedAt.Location() != time.UTC || got.CreatedAt.Location() != time.UTC {
		t.Errorf("times not in UTC: %v %v", got.PlacedAt, got.CreatedAt)
	}
	var items string
	if err := rawDB(t, url).QueryRow(ctx, "SELECT CAST(items AS text) FROM orders WHERE id = $1", o.ID).Scan(&items); err != nil {
		t.Fatal(err)
	}
	if want := `[{"sku":"CAM-01","name":"Camiseta <P>","quantity":2,"unit_price_cents":9995}]`; items != want {
		t.Errorf("items column = %s, want %s", items, want)
	}
}

func TestCreateOrderDuplicateNumber(t *testing.T) {
	t.Parallel()
	s := openDB(t).Orders()
	store, other := newStoreID(), newStoreID()
	createOrder(t, s, store, "7", at(0))
	createOrder(t, s, other, "7", at(0)) // numbers are unique per store only
	err := s.CreateOrder(context.Background(), newOrder(store, "7", at(1)))
	e, ok := errs.As(err)
	if !ok || e.Code != errs.Conflict || e.Detail != "an order with this number already exists in the store" {
		t.Fatalf("duplicate number: got %v, want Conflict", err)
	}
}

func TestOrderNotFound(t *testing.T) {
	t.Parallel()
	s := openDB(t).Orders()
	_, err := s.Order(context.Background(), newStoreID(), uuid.Must(uuid.NewV7()))
	if e, ok := errs.As(err); !ok || e.Code != errs.NotFound || e.Detail != "order not found" {
		t.Fatalf("got %v, want NotFound", err)
	}
}

// TestStoreIsolation checks that another store's order is answered exactly
// like a missing one, by every method that takes an order id.
func TestStoreIsolation(t *testing.T) {
	t.Parallel()
	s := openDB(t).Orders()
	owner, intruder, ctx := newStoreID(), newStoreID(), context.Background()
	o := createOrder(t, s, owner, "1", at(0))
	record(t, s, owner, newAttempt(o, "bling", order.AttemptSuccess, at(1)))
	svc := order.NewService(s, time.Now)
	notFound := func(name string, err error) {
		t.Helper()
		if e, ok := errs.As(err); !ok || e.Code != errs.NotFound || e.Detail != "order not found" {
			t.Errorf("%s from another store: got %v, want NotFound", name, err)
		}
	}
	_, err := s.Order(ctx, intruder, o.ID)
	notFound("Order", err)
	called := false
	_, err = s.UpdateOrder(ctx, intruder, o.ID, func(*order.Order) (bool, error) { called = true; return true, nil })
	notFound("UpdateOrder", err)
	if called {
		t.Error("UpdateOrder called change on another store's order")
	}
	res, err := s.RecordAttempts(ctx, intruder, []*order.Attempt{newAttempt(o, "bling", order.AttemptError, at(2))})
	if err != nil {
		t.Fatal(err)
	}
	notFound("RecordAttempts", res[0])
	_, err = svc.Attempts(ctx, intruder, order.AttemptFilter{OrderID: &o.ID})
	notFound("Service.Attempts", err)
	if got, _ := s.Attempts(ctx, intruder, order.AttemptFilter{OrderID: &o.ID}); len(got) != 0 {
		t.Errorf("Attempts(OrderID) from another store: got %d attempts", len(got))
	}
	got, err := s.Order(ctx, owner, o.ID)
	if err != nil || got.Integration.Status != order.IntegrationSuccess || got.Integration.Systems[0].Attempts != 1 {
		t.Errorf("owner's order changed by the intruder: %+v, %v", got.Integration, err)
	}
}

func TestUpdateOrder(t *testing.T) {
	t.Parallel()
	s := openDB(t).Orders()
	store, ctx := newStoreID(), context.Background()
	o := createOrder(t, s, store, "1", at(0))
	record(t, s, store, newAttempt(o, "bling", order.AttemptError, at(1)))
	later := base.Add(time.Hour)
	got, err := s.UpdateOrder(ctx, store, o.ID, func(o *order.Order) (bool, error) {
		o.Status, o.Customer.Email, o.Customer.Document, o.UpdatedAt = order.StatusShipped, nil, ptr("1"), later
		return true, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	read, err := s.Order(ctx, store, o.ID)
	if err != nil || !reflect.DeepEqual(read, got) {
		t.Fatalf("read after update:\n got %+v\nwant %+v (%v)", read, got, err)
	}
	if read.Status != order.StatusShipped || read.Customer.Email != nil || *read.Customer.Document != "1" ||
		!read.UpdatedAt.Equal(later) || read.Integration.Status != order.IntegrationError {
		t.Errorf("update not saved: %+v", read)
	}
	_, err = s.UpdateOrder(ctx, store, o.ID, func(o *order.Order) (bool, error) {
		o.UpdatedAt = later.Add(time.Hour)
		return false, nil
	})
	if read, _ := s.Order(ctx, store, o.ID); err != nil || !read.UpdatedAt.Equal(later) {
		t.Errorf("an unchanged order was saved: %v, %v", read.UpdatedAt, err)
	}
	refuse := errs.New(errs.Conflict, "no")
	if _, err := s.UpdateOrder(ctx, store, o.ID, func(*order.Order) (bool, error) { return false, refuse }); !errors.Is(err, refuse) {
		t.Errorf("change's error: got %v", err)
	}
}

// TestRecordingKeepsUpdatedAt checks SPEC 5: recording an attempt never
// changes the order's updated_at.
func TestRecordingKeepsUpdatedAt(t *testing.T) {
	t.Parallel()
	s := openDB(t).Orders()
	store := newStoreID()
	o := createOrder(t, s, store, "1", at(0))
	record(t, s, store, newAttempt(o, "bling", order.AttemptSuccess, at(10)))
	got, err := s.Order(context.Background(), store, o.ID)
	if err != nil || !got.UpdatedAt.Equal(o.UpdatedAt) {
		t.Fatalf("updated_at = %v, want %v (%v)", got.UpdatedAt, o.UpdatedAt, err)
	}
}
