package httpapi_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/database"
	"github.com/orders-api/orders-api/internal/httpapi"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/testdb"
)

// The handler benchmarks post request bodies through the whole router over
// an embedded SQLite database (docs/PERFORMANCE.md, "Decoding a body"): W1's
// single attempt, and a batch of 500 attempts.

// benchServer is a router over a fresh SQLite database with one order and
// an admin key.
type benchServer struct {
	h       http.Handler
	token   string
	orderID string
}

func newBenchServer(b *testing.B) benchServer {
	b.Helper()
	db, err := database.Open(b.Context(), testdb.NewSQLite(b), nil)
	if err != nil {
		b.Fatalf("open database: %v", err)
	}
	b.Cleanup(func() { _ = db.Close() })
	keys := auth.NewKeys(db.Keys(), time.Now, 0)
	_, token, err := keys.Create(b.Context(), auth.NewKey{StoreID: "s1", Role: auth.RoleAdmin, Name: "bench"})
	if err != nil {
		b.Fatalf("create key: %v", err)
	}
	svc := order.NewService(db.Orders(), time.Now)
	o, err := svc.CreateOrder(b.Context(), "s1", order.NewOrder{Number: "1", Customer: order.Customer{Name: "Ana"}, TotalCents: new(int64)})
	if err != nil {
		b.Fatalf("create order: %v", err)
	}
	h := httpapi.NewServer(httpapi.Deps{
		Config: httpapi.Config{MaxBodyBytes: 1 << 20}, Logger: slog.New(slog.DiscardHandler),
		Orders: svc, Auth: keys, Idempotency: db.Idempotency(), Ready: db.Ready,
	})
	return benchServer{h: h, token: token, orderID: o.ID.String()}
}

// post sends body to path with an Idempotency-Key and wants status.
func (s benchServer) post(b *testing.B, path, key string, body []byte, status int) {
	req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+s.token)
	req.Header.Set("Idempotency-Key", key)
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	if rec.Code != status {
		b.Fatalf("POST %s: %d %s", path, rec.Code, rec.Body)
	}
}

// w1Attempt is a connector's attempt as W1 sends it.
const w1Attempt = `{"system":"bling","status":"error","action":"order.export","message":"Cliente sem CPF: campo obrigatório no ERP",` +
	`"error_code":"customer.document_missing","occurred_at":"2026-11-26T14:04:59Z",` +
	`"details":{"http_status":422,"response":"{\"erro\":\"CPF obrigatório\"}","headers":{"x-request-id":"abc-123"}}}`

func BenchmarkHandlerAttempt(b *testing.B) {
	s := newBenchServer(b)
	path := "/orders/" + s.orderID + "/integration-history"
	body := []byte(w1Attempt)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		s.post(b, path, "w1-"+strconv.Itoa(i), body, http.StatusCreated)
	}
}

func BenchmarkHandlerBatch500(b *testing.B) {
	s := newBenchServer(b)
	body := batchBody(s.orderID, 500)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		s.post(b, "/integration-history/batch", "batch-"+strconv.Itoa(i), body, http.StatusOK)
	}
}

// batchBody is a batch of n attempts of one order.
func batchBody(orderID string, n int) []byte {
	var sb strings.Builder
	sb.WriteString(`{"attempts":[`)
	for i := range n {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `{"order_id":%q,%s`, orderID, strings.TrimPrefix(w1Attempt, "{"))
	}
	sb.WriteString(`]}`)
	return []byte(sb.String())
}
