package database_test

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/order"
)

func TestRecordBatchWithMissingOrders(t *testing.T) {
	t.Parallel()
	db, url := openURL(t)
	s, store, ctx := db.Orders(), newStoreID(), context.Background()
	o1, o2 := createOrder(t, s, store, "1", at(0)), createOrder(t, s, store, "2", at(0))
	foreign := createOrder(t, s, newStoreID(), "3", at(0))
	missing := newOrder(store, "4", at(0))
	batch := []*order.Attempt{
		newAttempt(o1, "bling", order.AttemptError, at(1)),
		newAttempt(missing, "bling", order.AttemptSuccess, at(1)),
		newAttempt(o2, "bling", order.AttemptSuccess, at(2)),
		newAttempt(foreign, "bling", order.AttemptSuccess, at(2)),
		newAttempt(o1, "tiny", order.AttemptPending, at(3)),
	}
	res, err := s.RecordAttempts(ctx, store, batch)
	if err != nil {
		t.Fatal(err)
	}
	for i, wantMissing := range []bool{false, true, false, true, false} {
		if got := errs.CodeOf(res[i]) == errs.NotFound && res[i] != nil; got != wantMissing {
			t.Errorf("result %d = %v, want missing %v", i, res[i], wantMissing)
		}
		if stored := batch[i].Seq != 0; stored == wantMissing {
			t.Errorf("attempt %d: Seq = %d", i, batch[i].Seq)
		}
	}
	if batch[0].Seq >= batch[2].Seq || batch[2].Seq >= batch[4].Seq {
		t.Errorf("seqs not in recording order: %d %d %d", batch[0].Seq, batch[2].Seq, batch[4].Seq)
	}
	var n int
	if err := rawDB(t, url).QueryRow(ctx, "SELECT count(*) FROM integration_attempts").Scan(&n); err != nil || n != 3 {
		t.Errorf("%d attempts stored, want 3 (%v)", n, err)
	}
	for _, o := range []order.Order{o1, o2} {
		got, err := s.Order(ctx, store, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		checkAgainstHistory(t, s, store, got)
	}
}

func TestRecordStoresAttemptsFaithfully(t *testing.T) {
	t.Parallel()
	db, url := openURL(t)
	s, store, ctx := db.Orders(), newStoreID(), context.Background()
	o := createOrder(t, s, store, "1", at(0))
	full := newAttempt(o, "bling", order.AttemptError, at(1))
	full.Action, full.ExternalID = ptr("order.export"), ptr("BL-77")
	bare := newAttempt(o, "bling", order.AttemptSuccess, at(2))
	record(t, s, store, full, bare)
	got := history(t, s, store, o.ID)
	if len(got) != 2 || !equalAttempt(got[1], *full) || !equalAttempt(got[0], *bare) {
		t.Fatalf("history:\n got %+v\nwant %+v, %+v", got, *bare, *full)
	}
	var details *string
	if err := rawDB(t, url).QueryRow(ctx, "SELECT CAST(details AS text) FROM integration_attempts WHERE id = $1",
		bare.ID).Scan(&details); err != nil || details != nil {
		t.Errorf("details of an attempt without them = %v, want NULL (%v)", details, err)
	}
}

// equalAttempt compares attempts field by field.
func equalAttempt(a, b order.Attempt) bool {
	eq := func(x, y *string) bool { return (x == nil && y == nil) || (x != nil && y != nil && *x == *y) }
	return a.ID == b.ID && a.StoreID == b.StoreID && a.OrderID == b.OrderID && a.System == b.System &&
		a.Status == b.Status && eq(a.Action, b.Action) && a.Message == b.Message && eq(a.ErrorCode, b.ErrorCode) &&
		eq(a.ExternalID, b.ExternalID) && a.OccurredAt.Equal(b.OccurredAt) && a.RecordedAt.Equal(b.RecordedAt) &&
		string(a.Details) == string(b.Details) && a.Seq == b.Seq
}

// TestRecordConcurrently records 20 goroutines x 10 attempts on one order and
// two systems at once, with colliding occurred_at values: the counts are
// exact and the summary is the one recomputed from the whole history.
func TestRecordConcurrently(t *testing.T) {
	t.Parallel()
	db, url := openURL(t)
	s := db.Orders()
	store := newStoreID()
	o := createOrder(t, s, store, "1", at(0))
	const workers, each = 20, 10
	var wg sync.WaitGroup
	errc := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				a := newAttempt(o, []string{"bling", "tiny"}[(w+i)%2],
					[]order.AttemptStatus{"pending", "success", "error"}[rand.IntN(3)], at(rand.IntN(20)))
				if _, err := s.RecordAttempts(context.Background(), store, []*order.Attempt{a}); err != nil {
					errc <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}
	got, err := s.Order(context.Background(), store, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if h := history(t, s, store, o.ID); len(h) != workers*each {
		t.Errorf("history has %d attempts, want %d", len(h), workers*each)
	}
	for _, st := range got.Integration.Systems {
		if st.Attempts != workers*each/2 {
			t.Errorf("%s has %d attempts, want %d", st.System, st.Attempts, workers*each/2)
		}
	}
	checkAgainstHistory(t, s, store, got)
	var status string
	var last time.Time
	err = rawDB(t, url).QueryRow(context.Background(), "SELECT integration_status, last_attempt_at FROM orders WHERE id = $1",
		o.ID).Scan(&status, &last)
	if err != nil || status != string(got.Integration.Status) || !last.Equal(*got.Integration.LastAttemptAt) {
		t.Errorf("stored summary %s %v disagrees with %+v (%v)", status, last, got.Integration, err)
	}
}

// TestRecordConcurrentBatches records overlapping batches over the same
// orders in random order at once: no deadlock, and every summary is exact.
func TestRecordConcurrentBatches(t *testing.T) {
	t.Parallel()
	s := openDB(t).Orders()
	store := newStoreID()
	orders := make([]order.Order, 8)
	for i := range orders {
		orders[i] = createOrder(t, s, store, uuid.NewString()[:8], at(0))
	}
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			for range 5 {
				var batch []*order.Attempt
				for _, i := range rand.Perm(len(orders)) {
					batch = append(batch, newAttempt(orders[i], "bling", order.AttemptSuccess, at(rand.IntN(5))))
				}
				if _, err := s.RecordAttempts(context.Background(), store, batch); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	for _, o := range orders {
		got, err := s.Order(context.Background(), store, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n := got.Integration.Systems[0].Attempts; n != 50 {
			t.Errorf("order %s has %d attempts, want 50", o.Number, n)
		}
		checkAgainstHistory(t, s, store, got)
	}
}
