package database_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/orders-api/orders-api/internal/database"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/testdb"
)

// openDB opens a fresh, migrated database for t, closed when t ends.
func openDB(t testing.TB) *database.DB {
	t.Helper()
	db, _ := openURL(t)
	return db
}

// openURL is openDB that also returns the database's URL. The database is
// of the run's backend: PostgreSQL, or SQLite under TEST_DB=sqlite.
func openURL(t testing.TB) (*database.DB, string) {
	t.Helper()
	url := testdb.NewFor(t)
	db, err := database.Open(t.Context(), url, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db, url
}

// rawConn returns a plain pgx connection to url, for checks below the stores
// that only PostgreSQL can make (rawDB serves both backends).
func rawConn(t testing.TB, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), url)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}

// newStoreID returns a store id no other test uses.
func newStoreID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "store-" + hex.EncodeToString(b)
}

// base is a fixed instant, so that tests can reason about times.
var base = time.Date(2026, 11, 26, 14, 3, 7, 123456000, time.UTC)

// at returns base plus n seconds.
func at(n int) time.Time { return base.Add(time.Duration(n) * time.Second) }

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

// newOrder returns a valid order of storeID placed at placed.
func newOrder(storeID, number string, placed time.Time) order.Order {
	return order.Order{
		ID: uuid.Must(uuid.NewV7()), StoreID: storeID, Number: number, Status: order.StatusPaid,
		Customer: order.Customer{Name: "Ana Souza", Email: ptr("ana@example.com")},
		Currency: "BRL", TotalCents: 19990,
		Items:    []order.Item{{SKU: "CAM-01", Name: "Camiseta <P>", Quantity: 2, UnitPriceCents: 9995}},
		PlacedAt: placed, CreatedAt: base, UpdatedAt: base, Integration: order.Summarize(nil),
	}
}

// createOrder stores a new order of storeID placed at placed.
func createOrder(t testing.TB, s order.Store, storeID, number string, placed time.Time) order.Order {
	t.Helper()
	o := newOrder(storeID, number, placed)
	if err := s.CreateOrder(context.Background(), o); err != nil {
		t.Fatalf("create order %s: %v", number, err)
	}
	return o
}

// newAttempt returns an attempt on o for system.
func newAttempt(o order.Order, system string, status order.AttemptStatus, occurred time.Time) *order.Attempt {
	a := &order.Attempt{
		ID: uuid.Must(uuid.NewV7()), StoreID: o.StoreID, OrderID: o.ID, System: system, Status: status,
		Message: fmt.Sprintf("%s at %s", status, occurred.Format(time.RFC3339Nano)), OccurredAt: occurred,
		RecordedAt: time.Now().UTC().Truncate(time.Microsecond),
	}
	if status == order.AttemptError {
		a.ErrorCode = ptr("customer.document_missing")
		a.Details = json.RawMessage(`{"http_status":422,"response":"<b>no</b>"}`)
	}
	return a
}

// record stores attempts of storeID and fails t on any error.
func record(t testing.TB, s order.Store, storeID string, attempts ...*order.Attempt) {
	t.Helper()
	res, err := s.RecordAttempts(context.Background(), storeID, attempts)
	if err != nil {
		t.Fatalf("record attempts: %v", err)
	}
	for i, e := range res {
		if e != nil {
			t.Fatalf("record attempt %d: %v", i, e)
		}
	}
}
