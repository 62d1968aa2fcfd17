package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/database"
	"github.com/orders-api/orders-api/internal/idempotency"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/testdb"
)

// retentionFixture is a database with attempts on both sides of 400 days
// ago and idempotency outcomes on both sides of 24 h ago.
type retentionFixture struct {
	db     *database.DB
	vars   map[string]string
	orders []uuid.UUID
}

func newRetentionFixture(t *testing.T) retentionFixture {
	t.Helper()
	url := testdb.New(t)
	db, err := database.Open(t.Context(), url, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	f := retentionFixture{db: db, vars: map[string]string{"DATABASE_URL": url}}
	now := time.Now().UTC().Truncate(time.Microsecond)
	for i := range 3 {
		o := order.Order{ID: uuid.Must(uuid.NewV7()), StoreID: "shop", Number: fmt.Sprint(i), Status: order.StatusPaid,
			Customer: order.Customer{Name: "Ana"}, Currency: "BRL", Items: []order.Item{}, PlacedAt: now.AddDate(-2, 0, 0),
			CreatedAt: now, UpdatedAt: now, Integration: order.Summarize(nil)}
		if err := db.Orders().CreateOrder(t.Context(), o); err != nil {
			t.Fatal(err)
		}
		f.orders = append(f.orders, o.ID)
		// two attempts 500 days ago; the first order also has one from yesterday
		ages := []time.Duration{500 * 24 * time.Hour, 499 * 24 * time.Hour}
		if i == 0 {
			ages = append(ages, 24*time.Hour)
		}
		for j, age := range ages {
			a := &order.Attempt{ID: uuid.Must(uuid.NewV7()), StoreID: "shop", OrderID: o.ID, System: "bling",
				Status: []order.AttemptStatus{order.AttemptError, order.AttemptSuccess}[j%2], Message: "m",
				OccurredAt: now.Add(-age), RecordedAt: now}
			if _, err := db.Orders().RecordAttempts(t.Context(), "shop", []*order.Attempt{a}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for key, age := range map[string]time.Duration{"old": 30 * time.Hour, "new": time.Hour} {
		err := db.Idempotency().SaveResponse(t.Context(), "shop", key, idempotency.Response{
			Status: 201, ContentType: "application/json", Body: []byte("{}"), CreatedAt: now.Add(-age)})
		if err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// state returns the orders as the API shows them and the number of attempts.
func (f retentionFixture) state(t *testing.T) (string, int) {
	t.Helper()
	var orders []order.Order
	for _, id := range f.orders {
		o, err := f.db.Orders().Order(t.Context(), "shop", id)
		if err != nil {
			t.Fatal(err)
		}
		orders = append(orders, o)
	}
	b, err := json.Marshal(orders)
	if err != nil {
		t.Fatal(err)
	}
	page, err := f.db.Orders().Attempts(t.Context(), "shop", order.AttemptFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return string(b), len(page)
}

func TestRetentionCommand(t *testing.T) {
	t.Parallel()
	f := newRetentionFixture(t)
	summaries, attempts := f.state(t)
	if attempts != 7 {
		t.Fatalf("fixture has %d attempts, want 7", attempts)
	}

	out := runOK(t, f.vars, "retention", "--older-than", "400d", "--dry-run")
	for _, want := range []string{"store shop: would delete 6 attempts\n", "retention: dry run: would delete 6 attempts, 1 store checked (",
		"dry run: idempotency outcomes older than 24h0m0s not purged"} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run output %q lacks %q", out, want)
		}
	}
	if strings.Contains(out, "batch") {
		t.Errorf("dry run output %q speaks of batches: it runs none", out)
	}
	if s, n := f.state(t); s != summaries || n != 7 {
		t.Fatalf("the dry run changed something: %d attempts", n)
	}

	out = runOK(t, f.vars, "retention", "--older-than", "400d", "--batch", "2", "--pause", "1ms")
	for _, want := range []string{"store shop: deleted 6 attempts\n", "retention: deleted 6 attempts in 4 batches, 1 store checked (",
		"purged 1 idempotency outcome older than 24h0m0s"} {
		if !strings.Contains(out, want) {
			t.Errorf("output %q lacks %q", out, want)
		}
	}
	s, n := f.state(t)
	if n != 1 {
		t.Errorf("%d attempts left, want the one of yesterday", n)
	}
	if s != summaries {
		t.Errorf("retention changed the summaries:\nbefore %s\nafter  %s", summaries, s)
	}
	for key, kept := range map[string]bool{"old": false, "new": true} {
		r, err := f.db.Idempotency().Response(context.Background(), "shop", key)
		if err != nil || (r != nil) != kept {
			t.Errorf("idempotency outcome %q: %v, %v; want kept %v", key, r, err, kept)
		}
	}

	out = runOK(t, f.vars, "retention", "--older-than", "36h")
	if !strings.Contains(out, "retention: deleted 0 attempts in 1 batch, 1 store checked (") {
		t.Errorf("second run output %q: want nothing more deleted (yesterday's attempt is 24h old)", out)
	}
}

func TestCount(t *testing.T) {
	t.Parallel()
	for want, got := range map[string]string{
		"0 attempts": count(0, "attempt"), "1 attempt": count(1, "attempt"), "2 attempts": count(2, "attempt"),
		"1 batch": count(1, "batch"), "4 batches": count(4, "batch"), "1 store": count(1, "store"),
	} {
		if got != want {
			t.Errorf("count = %q, want %q", got, want)
		}
	}
}

func TestParseAge(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Duration{"400d": 400 * 24 * time.Hour, "36h": 36 * time.Hour,
		"1d": 24 * time.Hour, "90m": 90 * time.Minute} {
		if got, err := parseAge(in); err != nil || got != want {
			t.Errorf("parseAge(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"400", "d", "-3d", "1.5d", "x", "400D", "-1h"} {
		if _, err := parseAge(in); err == nil {
			t.Errorf("parseAge(%q) accepted", in)
		}
	}
}
