package database_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/order"
)

// seedAttempts records 60 attempts over three orders of store, with
// occurred_at ties, late arrivals, every status, two systems and two error
// codes, and returns them in recording order.
func seedAttempts(t *testing.T, s order.Store, store string) []order.Attempt {
	t.Helper()
	orders := []order.Order{createOrder(t, s, store, "1", at(0)), createOrder(t, s, store, "2", at(0)),
		createOrder(t, s, store, "3", at(0))}
	var all []order.Attempt
	for i := range 60 {
		status := []order.AttemptStatus{"error", "success", "pending"}[i%3]
		a := newAttempt(orders[i%len(orders)], []string{"bling", "tiny"}[i%2], status, at((i*7)%13))
		if status == order.AttemptError && i%2 == 0 {
			a.ErrorCode = ptr("timeout")
		}
		record(t, s, store, a)
		all = append(all, *a)
	}
	return all
}

// expectedAttempts returns the ids of the attempts matching f, newest first.
func expectedAttempts(all []order.Attempt, f order.AttemptFilter) []uuid.UUID {
	var keep []order.Attempt
	for _, a := range all {
		switch {
		case f.OrderID != nil && a.OrderID != *f.OrderID,
			f.System != nil && a.System != *f.System,
			f.Status != nil && a.Status != *f.Status,
			f.ErrorCode != nil && (a.ErrorCode == nil || *a.ErrorCode != *f.ErrorCode),
			f.OccurredAfter != nil && a.OccurredAt.Before(*f.OccurredAfter),
			f.OccurredBefore != nil && !a.OccurredAt.Before(*f.OccurredBefore):
			continue
		}
		keep = append(keep, a)
	}
	slices.SortFunc(keep, func(a, b order.Attempt) int {
		if c := b.OccurredAt.Compare(a.OccurredAt); c != 0 {
			return c
		}
		return int(b.Seq - a.Seq)
	})
	ids := make([]uuid.UUID, len(keep))
	for i, a := range keep {
		ids[i] = a.ID
	}
	return ids
}

func TestAttemptsFilters(t *testing.T) {
	t.Parallel()
	s := openDB(t).Orders()
	store := newStoreID()
	all := seedAttempts(t, s, store)
	other := newStoreID()
	o := createOrder(t, s, other, "1", at(0))
	record(t, s, other, newAttempt(o, "bling", order.AttemptError, at(5))) // never shows
	svc := order.NewService(s, time.Now)
	status := func(v order.AttemptStatus) *order.AttemptStatus { return &v }
	tests := map[string]order.AttemptFilter{
		"all":             {},
		"order":           {OrderID: &all[1].OrderID},
		"order system":    {OrderID: &all[0].OrderID, System: ptr("tiny")},
		"system":          {System: ptr("bling")},
		"system status":   {System: ptr("bling"), Status: status(order.AttemptError)},
		"status":          {Status: status(order.AttemptPending)},
		"error code":      {ErrorCode: ptr("timeout")},
		"window":          {OccurredAfter: ptr(at(3)), OccurredBefore: ptr(at(9))},
		"failures window": {System: ptr("tiny"), Status: status(order.AttemptError), OccurredAfter: ptr(at(4))},
		"nothing":         {ErrorCode: ptr("none.such")},
	}
	for name, f := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want := expectedAttempts(all, f)
			for _, limit := range []int{1, 3, 200} {
				if got := listAttempts(t, svc, store, f, limit); !slices.Equal(got, want) {
					t.Errorf("limit %d:\n got %v\nwant %v", limit, got, want)
				}
			}
		})
	}
}

// listAttempts pages through the attempts matching f, limit rows at a time.
func listAttempts(t *testing.T, svc *order.Service, store string, f order.AttemptFilter, limit int) []uuid.UUID {
	t.Helper()
	f.Limit = limit
	var ids []uuid.UUID
	for range 100 {
		page, err := svc.Attempts(context.Background(), store, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range page.Attempts {
			ids = append(ids, a.ID)
		}
		if page.Next == nil {
			return ids
		}
		f.After = page.Next
	}
	t.Fatal("more than 100 pages")
	return nil
}
