package database_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/orders-api/orders-api/internal/order"
)

// benchOrders seeds a store with n orders and 5 attempts each.
func benchOrders(b *testing.B, s order.Store, n int) (string, []order.Order) {
	b.Helper()
	store := newStoreID()
	orders := make([]order.Order, n)
	var batch []*order.Attempt
	for i := range orders {
		orders[i] = createOrder(b, s, store, fmt.Sprint(i), at(i))
		for j := range 5 {
			status := []order.AttemptStatus{"success", "error", "pending"}[(i+j)%3]
			batch = append(batch, newAttempt(orders[i], []string{"bling", "tiny"}[j%2], status, at(i+j)))
		}
		if len(batch) >= 500 {
			record(b, s, store, batch...)
			batch = nil
		}
	}
	record(b, s, store, batch...)
	return store, orders
}

// BenchmarkRecordAttempt is W1 without HTTP: one attempt on a random order.
func BenchmarkRecordAttempt(b *testing.B) {
	s := openDB(b).Orders()
	store, orders := benchOrders(b, s, 1000)
	ctx := context.Background()
	for b.Loop() {
		a := newAttempt(orders[rand.IntN(len(orders))], "bling", order.AttemptSuccess, at(rand.IntN(5000)))
		if _, err := s.RecordAttempts(ctx, store, []*order.Attempt{a}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRecordAttemptParallel is W1 from many goroutines at once.
func BenchmarkRecordAttemptParallel(b *testing.B) {
	s := openDB(b).Orders()
	store, orders := benchOrders(b, s, 1000)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			a := newAttempt(orders[rand.IntN(len(orders))], "tiny", order.AttemptError, at(rand.IntN(5000)))
			if _, err := s.RecordAttempts(context.Background(), store, []*order.Attempt{a}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkRecordBatch records batches of 100 attempts on random orders.
func BenchmarkRecordBatch(b *testing.B) {
	s := openDB(b).Orders()
	store, orders := benchOrders(b, s, 1000)
	ctx := context.Background()
	for b.Loop() {
		batch := make([]*order.Attempt, 100)
		for i := range batch {
			batch[i] = newAttempt(orders[rand.IntN(len(orders))], "omie", order.AttemptPending, at(rand.IntN(5000)))
		}
		if _, err := s.RecordAttempts(ctx, store, batch); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHistory is W2 without HTTP: one order's history, 50 a page.
func BenchmarkHistory(b *testing.B) {
	s := openDB(b).Orders()
	store, orders := benchOrders(b, s, 1000)
	ctx := context.Background()
	for b.Loop() {
		id := orders[rand.IntN(len(orders))].ID
		if _, err := s.Attempts(ctx, store, order.AttemptFilter{OrderID: &id, Limit: 50}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFailingOrders is W3 without HTTP: a page of orders in error.
func BenchmarkFailingOrders(b *testing.B) {
	s := openDB(b).Orders()
	store, _ := benchOrders(b, s, 1000)
	ctx := context.Background()
	failing := order.IntegrationError
	for b.Loop() {
		f := order.OrderFilter{IntegrationStatus: &failing, Sort: order.SortPlacedDesc, Limit: 50}
		if _, err := s.Orders(ctx, store, f); err != nil {
			b.Fatal(err)
		}
	}
}
