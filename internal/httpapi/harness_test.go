package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/database"
	"github.com/orders-api/orders-api/internal/httpapi"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/testdb"
)

// env is one test's server: the full router over real services and a fresh
// database: PostgreSQL, or SQLite under TestSQLite (see sqlite_test.go).
type env struct {
	t      *testing.T
	h      http.Handler
	db     *database.DB
	keys   *auth.Keys
	logs   *lockedBuffer
	number *atomic.Int64
}

// sub returns v for a subtest: its helpers fail t.
func (v *env) sub(t *testing.T) *env {
	w := *v
	w.t = t
	return &w
}

// newEnv starts a server; cfg replaces the default limits (1 MiB, no rate limit).
func newEnv(t *testing.T, cfg ...httpapi.Config) *env {
	t.Helper()
	c := httpapi.Config{MaxBodyBytes: 1 << 20}
	if len(cfg) > 0 {
		c = cfg[0]
	}
	db, err := database.Open(t.Context(), testdb.NewFor(t), nil)
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	logs := &lockedBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			for _, line := range strings.Split(logs.String(), "\n") {
				if strings.Contains(line, "level=ERROR") || strings.Contains(line, "level=WARN") {
					t.Log("server log: " + line)
				}
			}
		}
	})
	keys := auth.NewKeys(db.Keys(), time.Now, 0)
	h := httpapi.NewServer(httpapi.Deps{
		Config: c, Logger: slog.New(slog.NewTextHandler(logs, nil)),
		Orders: order.NewService(db.Orders(), time.Now), Auth: keys,
		Idempotency: db.Idempotency(), Ready: db.Ready, Live: db.Live(),
	})
	return &env{t: t, h: h, db: db, keys: keys, logs: logs, number: new(atomic.Int64)}
}

// newKey creates a key of store with role (and system, for a connector).
func (v *env) newKey(store string, role auth.Role, system ...string) (auth.Key, string) {
	v.t.Helper()
	k, token, err := v.keys.Create(v.t.Context(), auth.NewKey{StoreID: store, Role: role, System: strings.Join(system, ""), Name: "test"})
	if err != nil {
		v.t.Fatalf("create key: %v", err)
	}
	return k, token
}

// key returns the token of a new key of store with role (and system).
func (v *env) key(store string, role auth.Role, system ...string) string {
	v.t.Helper()
	_, token := v.newKey(store, role, system...)
	return token
}

// resp is an answer of the server.
type resp struct {
	Code   int
	Header http.Header
	Body   []byte
	JSON   any // the decoded body, nil when it is not JSON
}

// do sends a request. body is nil, a string or []byte (sent as is) or a value
// sent as JSON (with Content-Type: application/json); headers are name,
// value pairs, an empty value deleting the header.
func (v *env) do(method, path, token string, body any, headers ...string) resp {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		rd = bytes.NewReader(mustJSON(v.t, b))
	}
	req := httptest.NewRequest(method, path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
		} else {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	rec := httptest.NewRecorder()
	checkResponse := checkContract(v.t, req) // contract_test.go: both against api/openapi.yaml
	v.h.ServeHTTP(rec, req)
	checkResponse(rec)
	r := resp{Code: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	_ = json.Unmarshal(r.Body, &r.JSON)
	return r
}

// must fails the test unless r has status.
func (v *env) must(r resp, status int) resp {
	v.t.Helper()
	if r.Code != status {
		v.t.Fatalf("status %d, want %d; body: %s", r.Code, status, r.Body)
	}
	return r
}

// decode decodes r's body into a T, failing the test when it can't.
func decode[T any](t testing.TB, r resp) T {
	t.Helper()
	var v T
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode %T: %v; body: %s", v, err, r.Body)
	}
	return v
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	return b
}

// sqlWords are fragments of database errors that must never reach a client.
var sqlWords = regexp.MustCompile(`(?i)select |insert |update |delete from|sqlstate|duplicate key|violates|constraint|relation "|pgx|pq:|gorm|\$1|goroutine|panic`)

// wantProblem checks that r is an RFC 9457 problem with status naming every
// field in fields, and returns it.
func wantProblem(t testing.TB, r resp, status int, fields ...string) httpapi.Problem {
	t.Helper()
	if r.Code != status {
		t.Fatalf("status %d, want %d; body: %s", r.Code, status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q, want application/problem+json", ct)
	}
	var raw map[string]any
	if err := json.Unmarshal(r.Body, &raw); err != nil {
		t.Fatalf("problem body is not JSON: %v: %s", err, r.Body)
	}
	for _, k := range []string{"type", "title", "status", "detail"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("problem lacks %q: %s", k, r.Body)
		}
	}
	p := decode[httpapi.Problem](t, r)
	if p.Status != status || p.Title != http.StatusText(status) || p.Type == "" || p.Detail == "" {
		t.Errorf("problem = %+v, want status %d, title %q, a type and a detail", p, status, http.StatusText(status))
	}
	if sqlWords.Match(r.Body) {
		t.Errorf("problem leaks internals: %s", r.Body)
	}
	for _, f := range fields {
		if !hasField(p, f) {
			t.Errorf("problem does not name field %q: %s", f, r.Body)
		}
	}
	return p
}

func hasField(p httpapi.Problem, field string) bool {
	for _, e := range p.Errors {
		if e.Field == field && e.Message != "" {
			return true
		}
	}
	return false
}

// orderBody is a valid new order with a fresh number, changed by over (a nil
// value removes the field).
func (v *env) orderBody(over map[string]any) map[string]any {
	b := map[string]any{
		"number":      fmt.Sprintf("N-%d", v.number.Add(1)),
		"customer":    map[string]any{"name": "Ana Souza"},
		"total_cents": 19990,
	}
	for k, val := range over {
		if val == nil {
			delete(b, k)
		} else {
			b[k] = val
		}
	}
	return b
}

// createOrder creates an order with the admin token.
func (v *env) createOrder(token string, over map[string]any) httpapi.OrderResponse {
	v.t.Helper()
	return decode[httpapi.OrderResponse](v.t, v.must(v.do("POST", "/orders", token, v.orderBody(over)), 201))
}

// attemptBody is a valid attempt for bling, changed by over.
func attemptBody(over map[string]any) map[string]any {
	b := map[string]any{"system": "bling", "status": "success", "message": "exported"}
	for k, val := range over {
		if val == nil {
			delete(b, k)
		} else {
			b[k] = val
		}
	}
	return b
}

// record records an attempt on order id.
func (v *env) record(token, id string, over map[string]any) httpapi.AttemptResponse {
	v.t.Helper()
	r := v.must(v.do("POST", "/orders/"+id+"/integration-history", token, attemptBody(over)), 201)
	return decode[httpapi.AttemptResponse](v.t, r)
}

// getOrder reads one order.
func (v *env) getOrder(token, id string) httpapi.OrderResponse {
	v.t.Helper()
	return decode[httpapi.OrderResponse](v.t, v.must(v.do("GET", "/orders/"+id, token, nil), 200))
}

// apiTime is the contract's timestamp form: UTC with Z, fraction only when
// not zero, at most microseconds.
var apiTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{0,5}[1-9])?Z$`)

// parseAPITime checks s's form and parses it.
func parseAPITime(t testing.TB, s string) time.Time {
	t.Helper()
	if !apiTime.MatchString(s) {
		t.Errorf("timestamp %q is not RFC 3339 UTC with Z, no zero fraction, <= 6 digits", s)
	}
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("timestamp %q: %v", s, err)
	}
	return tm
}

// ts formats t for a request, in UTC.
func ts(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// equalJSON reports whether a and b encode to the same JSON value.
func equalJSON(a, b any) bool {
	var x, y any
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	if err1 != nil || err2 != nil || json.Unmarshal(ja, &x) != nil || json.Unmarshal(jb, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// lockedBuffer is a log sink safe for concurrent requests.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
