package database_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/idempotency"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/testdb"
)

// TestIdempotencyLock holds a key in one transaction: a second one can't
// take it; once the first commits its outcome with its data, the outcome is
// visible and the key free.
func TestIdempotencyLock(t *testing.T) {
	t.Parallel()
	testdb.RequirePostgres(t, "holds a key in an open write transaction while another transaction reads: SQLite has one writer, so the reader waits for the holder (TestSQLiteIdempotencyLock covers SQLite)")
	db := openDB(t)
	is, s, ctx := db.Idempotency(), db.Orders(), context.Background()
	store := newStoreID()
	resp := idempotency.Response{Fingerprint: []byte{1, 2, 3}, Status: 201, ContentType: "application/json",
		Location: "/orders/x", Body: []byte(`{"id":"x"}`), CreatedAt: at(0)}
	held, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	o := newOrder(store, "1", at(0))
	go func() {
		done <- is.InTx(ctx, func(ctx context.Context) error {
			if ok, err := is.Lock(ctx, store, "k1"); !ok || err != nil {
				t.Errorf("first Lock = %v, %v", ok, err)
			}
			if err := s.CreateOrder(ctx, o); err != nil {
				return err
			}
			close(held)
			<-release
			return is.SaveResponse(ctx, store, "k1", resp)
		})
	}()
	<-held
	checkLock(t, is, store, "k1", false, nil)
	checkLock(t, is, newStoreID(), "k1", true, nil) // another store's key space
	checkLock(t, is, store, "k2", true, nil)
	if _, err := s.Order(ctx, store, o.ID); errs.CodeOf(err) != errs.NotFound {
		t.Errorf("uncommitted order visible: %v", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	checkLock(t, is, store, "k1", true, &resp)
	if _, err := s.Order(ctx, store, o.ID); err != nil {
		t.Errorf("order not committed with its outcome: %v", err)
	}
}

// checkLock takes (store, key) in a transaction of its own and checks the
// result and the stored response.
func checkLock(t *testing.T, is idempotency.Store, store, key string, want bool, resp *idempotency.Response) {
	t.Helper()
	err := is.InTx(context.Background(), func(ctx context.Context) error {
		if ok, err := is.Lock(ctx, store, key); ok != want || err != nil {
			t.Errorf("Lock(%s, %s) = %v, %v; want %v", store, key, ok, err, want)
		}
		got, err := is.Response(ctx, store, key)
		if err != nil || !reflect.DeepEqual(got, resp) {
			t.Errorf("Response(%s, %s) = %+v, %v; want %+v", store, key, got, err, resp)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestIdempotencyRollback(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	is, s, ctx := db.Idempotency(), db.Orders(), context.Background()
	store := newStoreID()
	o := newOrder(store, "1", at(0))
	fail := errs.New(errs.Invalid, "no")
	err := is.InTx(ctx, func(ctx context.Context) error {
		if err := s.CreateOrder(ctx, o); err != nil {
			return err
		}
		a := newAttempt(o, "bling", order.AttemptSuccess, at(1))
		if _, err := s.RecordAttempts(ctx, store, []*order.Attempt{a}); err != nil {
			return err
		}
		if err := is.SaveResponse(ctx, store, "k", idempotency.Response{Status: 201, CreatedAt: at(0)}); err != nil {
			return err
		}
		return fail
	})
	if err != fail {
		t.Fatalf("InTx returned %v, want fn's error", err)
	}
	if _, err := s.Order(ctx, store, o.ID); errs.CodeOf(err) != errs.NotFound {
		t.Errorf("order kept after a rollback: %v", err)
	}
	checkLock(t, is, store, "k", true, nil)
}

func TestIdempotencyMisuse(t *testing.T) {
	t.Parallel()
	is, ctx := openDB(t).Idempotency(), context.Background()
	store := newStoreID()
	if _, err := is.Lock(ctx, store, "k"); err == nil {
		t.Error("Lock outside a transaction: got no error")
	}
	r := idempotency.Response{Status: 201, CreatedAt: at(0)}
	if err := is.SaveResponse(ctx, store, "k", r); err != nil {
		t.Fatal(err)
	}
	if err := is.SaveResponse(ctx, store, "k", r); errs.CodeOf(err) != errs.Conflict {
		t.Errorf("second SaveResponse: got %v, want Conflict", err)
	}
}

func TestIdempotencyPurge(t *testing.T) {
	t.Parallel()
	is, ctx := openDB(t).Idempotency(), context.Background()
	store := newStoreID()
	for i, created := range []time.Time{at(0), at(1), at(2), at(3), at(100)} {
		r := idempotency.Response{Fingerprint: []byte{9}, Status: 201, Body: []byte("{}"), CreatedAt: created}
		if err := is.SaveResponse(ctx, store, string(rune('a'+i)), r); err != nil {
			t.Fatal(err)
		}
	}
	var counts []int64
	for range 3 {
		n, err := is.Purge(ctx, at(50), 3)
		if err != nil {
			t.Fatal(err)
		}
		counts = append(counts, n)
	}
	if !reflect.DeepEqual(counts, []int64{3, 1, 0}) {
		t.Errorf("purged %v per batch, want [3 1 0]", counts)
	}
	checkLock(t, is, store, "e", true, &idempotency.Response{Fingerprint: []byte{9}, Status: 201, Body: []byte("{}"), CreatedAt: at(100)})
}
