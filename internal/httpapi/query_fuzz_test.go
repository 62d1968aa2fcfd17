package httpapi_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/testdb"
)

// fuzzRoutes are the GET routes whose query parameters FuzzQuery sends;
// {id} is replaced by the fuzzed id, or by a real order's when it is empty.
var fuzzRoutes = []string{"/orders", "/orders/{id}", "/orders/{id}/integration-history", "/integration-history"}

// FuzzQuery sends any query string (and order id) through the whole router
// to a real database: the answer is never a 500 or a 503 (the database is
// up), and always JSON: a page, an order, or a problem. Injection strings,
// bad encodings, extreme times and forged cursors are among the seeds.
func FuzzQuery(f *testing.F) {
	for _, q := range []string{
		"", "status=paid&limit=1", "integration_status=error&system=bling&sort=-updated_at",
		"status=paid' OR '1'='1", "number=1%27%3B%20DROP%20TABLE%20orders%3B--", "system=bling%00", "number=%ff%fe",
		"number=%F0%9F%98%80", "error_code=a;b", "placed_after=0000-12-31T23:59:59Z", "placed_before=10000-01-01T00:00:00Z",
		"placed_after=0001-01-01T00:00:00%2B14:00", "updated_after=9999-12-31T23:59:59.999999999-14:00",
		"occurred_after=2026-11-26T14:04:59Z&occurred_before=2026-11-26T14:04:59Z", "limit=0", "limit=-1",
		"limit=99999999999999999999", "limit=1e2", "limit=%20%201", "sort=placed_at;", "cursor=", "cursor=.",
		"cursor=eyJ2IjoxLCJ0IjotOTIyMzM3MjAzNjg1NDc3NTgwOCwiaSI6IngifQ.AAAAAAAAAAAAAAAA", "status=paid&status=paid",
		"number=" + strings.Repeat("9", 300), "a=1", "%zz=1", "&&&=&", "system=" + strings.Repeat("a", 64),
	} {
		for i := range fuzzRoutes {
			f.Add(uint8(i), "", q)
		}
	}
	f.Add(uint8(1), "00000000-0000-0000-0000-000000000000", "")
	f.Add(uint8(1), "0193A0B2-7C1E-7D2A-9F00-1C2D3E4F5A6B", "")
	f.Add(uint8(2), "{0193a0b2-7c1e-7d2a-9f00-1c2d3e4f5a6b}", "limit=1")
	f.Add(uint8(1), "urn:uuid:0193a0b2-7c1e-7d2a-9f00-1c2d3e4f5a6b", "")
	f.Add(uint8(1), "' OR 1=1 --", "")

	h, token, id := newFuzzServer(f)
	f.Fuzz(func(t *testing.T, route uint8, orderID, rawQuery string) {
		if orderID == "" {
			orderID = id
		}
		req := httptest.NewRequest("GET", "/", nil)
		req.URL.Path = strings.ReplaceAll(fuzzRoutes[int(route)%len(fuzzRoutes)], "{id}", orderID)
		req.URL.RawPath = ""
		req.URL.RawQuery = rawQuery
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("GET %s?%s = %d: %s", req.URL.Path, rawQuery, rec.Code, rec.Body)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("GET %s?%s = %d with a body that is not JSON: %q", req.URL.Path, rawQuery, rec.Code, rec.Body)
		}
	})
}

// newFuzzServer is newEnv for a fuzz target: a server on a fresh database
// with one order that has one attempt, and an admin key.
func newFuzzServer(f *testing.F) (h http.Handler, token, orderID string) {
	f.Helper()
	a := newApp(f, testdb.New(f), slog.New(slog.DiscardHandler), time.Minute)
	keys, orders := a.Keys, a.Orders
	_, token, err := keys.Create(f.Context(), auth.NewKey{StoreID: "acme", Role: auth.RoleAdmin})
	if err != nil {
		f.Fatal(err)
	}
	total := int64(100)
	o, err := orders.CreateOrder(f.Context(), "acme", order.NewOrder{Number: "1", Customer: order.Customer{Name: "Ana"}, TotalCents: &total})
	if err != nil {
		f.Fatal(err)
	}
	if _, err := orders.RecordAttempt(f.Context(), "acme", order.NewAttempt{OrderID: o.ID, System: "bling", Status: order.AttemptError, Message: "x"}); err != nil {
		f.Fatal(err)
	}
	d := a.Deps()
	d.Config = httpapi.Config{MaxBodyBytes: 1 << 20}
	return httpapi.NewServer(d), token, o.ID.String()
}
