package database_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/order"
)

// listAll pages through the orders matching f, limit rows at a time.
func listAll(t *testing.T, svc *order.Service, store string, f order.OrderFilter, limit int) []string {
	t.Helper()
	f.Limit = limit
	var numbers []string
	for range 100 {
		page, err := svc.Orders(context.Background(), store, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range page.Orders {
			numbers = append(numbers, o.Number)
		}
		if page.Next == nil {
			return numbers
		}
		f.After = page.Next
	}
	t.Fatal("more than 100 pages")
	return nil
}

func TestOrdersFilters(t *testing.T) {
	t.Parallel()
	s := openDB(t).Orders()
	store := newStoreID()
	all := seedOrders(t, s, store)
	createOrder(t, s, newStoreID(), "N00", at(0)) // another store's order never shows
	svc := order.NewService(s, time.Now)
	is := func(v order.IntegrationStatus) *order.IntegrationStatus { return &v }
	tests := map[string]order.OrderFilter{
		"default":                   {},
		"placed asc":                {Sort: order.SortPlacedAsc},
		"updated desc":              {Sort: order.SortUpdatedDesc},
		"updated asc":               {Sort: order.SortUpdatedAsc},
		"status":                    {Status: ptr(order.StatusPaid)},
		"status updated":            {Status: ptr(order.StatusCanceled), Sort: order.SortUpdatedAsc},
		"integration error":         {IntegrationStatus: is(order.IntegrationError)},
		"integration pending":       {IntegrationStatus: is(order.IntegrationPending)},
		"integration success":       {IntegrationStatus: is(order.IntegrationSuccess), Sort: order.SortPlacedAsc},
		"integration none":          {IntegrationStatus: is(order.IntegrationNone)},
		"system":                    {System: ptr("bling")},
		"system asc":                {System: ptr("tiny"), Sort: order.SortPlacedAsc},
		"system updated":            {System: ptr("bling"), Sort: order.SortUpdatedDesc},
		"system error":              {System: ptr("bling"), IntegrationStatus: is(order.IntegrationError)},
		"system success updated":    {System: ptr("bling"), IntegrationStatus: is(order.IntegrationSuccess), Sort: order.SortUpdatedAsc},
		"system none":               {System: ptr("bling"), IntegrationStatus: is(order.IntegrationNone)},
		"system none placed window": {System: ptr("tiny"), IntegrationStatus: is(order.IntegrationNone), PlacedBefore: ptr(at(5))},
		"system window":             {System: ptr("tiny"), PlacedAfter: ptr(at(2)), PlacedBefore: ptr(at(8))},
		"system and status":         {System: ptr("tiny"), Status: ptr(order.StatusPending)},
		"unknown system":            {System: ptr("sap")},
		"number":                    {Number: ptr("N07")},
		"placed window":             {PlacedAfter: ptr(at(3)), PlacedBefore: ptr(at(6))},
		"updated after":             {UpdatedAfter: ptr(at(105)), Sort: order.SortUpdatedDesc},
		"updated after placed":      {UpdatedAfter: ptr(at(105)), IntegrationStatus: is(order.IntegrationError)},
	}
	for name, f := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if f.Sort == "" {
				f.Sort = order.SortPlacedDesc
			}
			want := expected(all, f)
			for _, limit := range []int{1, 4, 200} {
				if got := listAll(t, svc, store, f, limit); !slices.Equal(got, want) {
					t.Errorf("limit %d:\n got %v\nwant %v", limit, got, want)
				}
			}
		})
	}
}

// TestOrdersPagingWhileInserting pages through a store's orders while
// another goroutine adds orders everywhere in the order: every order that
// existed at the start is seen exactly once, and no row twice.
func TestOrdersPagingWhileInserting(t *testing.T) {
	t.Parallel()
	s := openDB(t).Orders()
	store := newStoreID()
	initial := map[string]bool{}
	for i := range 60 {
		initial[createOrder(t, s, store, fmt.Sprintf("I%02d", i), at(i/2)).Number] = true
	}
	svc := order.NewService(s, time.Now)
	for _, sort := range []order.OrderSort{order.SortPlacedDesc, order.SortPlacedAsc} {
		stop, done := make(chan struct{}), sync.WaitGroup{}
		done.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if err := s.CreateOrder(context.Background(), newOrder(store, uuid.NewString()[:12], at(i%31))); err != nil {
					t.Error(err)
					return
				}
			}
		})
		seen := map[string]int{}
		for _, n := range listAll(t, svc, store, order.OrderFilter{Sort: sort}, 7) {
			seen[n]++
		}
		close(stop)
		done.Wait()
		for n, c := range seen {
			if c > 1 {
				t.Errorf("%s: order %s seen %d times", sort, n, c)
			}
		}
		for n := range initial {
			if seen[n] != 1 {
				t.Errorf("%s: initial order %s seen %d times", sort, n, seen[n])
			}
		}
	}
}
