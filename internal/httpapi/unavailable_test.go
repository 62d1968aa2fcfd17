package httpapi_test

import (
	"io"
	"log/slog"
	"net"
	"net/url"
	"strconv"
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

// proxy is a TCP proxy to PostgreSQL that a test can cut and restore, to
// play a database outage.
type proxy struct {
	t      *testing.T
	target string
	addr   string

	mu    sync.Mutex
	ln    net.Listener
	conns []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	p := &proxy{t: t, target: target}
	p.up()
	t.Cleanup(p.down)
	return p
}

// up listens (again, on the same address) and forwards every connection.
func (p *proxy) up() {
	addr := p.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		p.t.Fatalf("proxy listen: %v", err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(s, c); s.Close() }()
			go func() { _, _ = io.Copy(c, s); c.Close() }()
		}
	}()
}

// down stops listening and cuts every open connection.
func (p *proxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// TestDatabaseUnavailable: while the database is unreachable the API
// answers 503 with Retry-After (never 500), and recovers by itself.
func TestDatabaseUnavailable(t *testing.T) {
	t.Parallel()
	u, err := url.Parse(testdb.New(t))
	if err != nil {
		t.Fatal(err)
	}
	px := newProxy(t, u.Host)
	u.Host = px.addr
	db, err := database.Open(t.Context(), u.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	logs := &lockedBuffer{}
	keys := auth.NewKeys(db.Keys(), time.Now, time.Minute) // a cached key: the outage hits the queries
	v := &env{t: t, db: db, keys: keys, logs: logs, h: httpapi.NewServer(httpapi.Deps{
		Config: httpapi.Config{MaxBodyBytes: 1 << 20}, Logger: slog.New(slog.NewTextHandler(logs, nil)),
		Orders: order.NewService(db.Orders(), time.Now), Auth: keys, Idempotency: db.Idempotency(), Ready: db.Ready,
	})}
	v.number = new(atomic.Int64)
	t.Cleanup(func() {
		if t.Failed() {
			t.Log("server log:\n" + logs.String())
		}
	})
	admin := v.key("a", auth.RoleAdmin)
	o := v.createOrder(admin, nil)
	v.must(v.do("GET", "/readyz", "", nil), 200)

	px.down()
	requests := []struct {
		method, path string
		body         any
		key          string // Idempotency-Key
	}{
		{"GET", "/orders", nil, ""},
		{"GET", "/orders/" + o.ID, nil, ""},
		{"POST", "/orders", v.orderBody(nil), ""},
		{"POST", "/orders/" + o.ID + "/integration-history", attemptBody(nil), ""},
		{"POST", "/orders/" + o.ID + "/integration-history", attemptBody(nil), "k1"},
		{"POST", "/integration-history/batch", map[string]any{"attempts": []any{attemptBody(map[string]any{"order_id": o.ID})}}, ""},
		{"GET", "/integration-history", nil, ""},
		{"GET", "/readyz", nil, ""},
	}
	for _, rq := range requests {
		r := v.do(rq.method, rq.path, admin, rq.body, "Idempotency-Key", rq.key)
		if r.Code != 503 {
			t.Errorf("%s %s: status %d, want 503: %s", rq.method, rq.path, r.Code, r.Body)
			continue
		}
		wantProblem(t, r, 503)
		if n, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || n < 1 {
			t.Errorf("%s %s: Retry-After = %q", rq.method, rq.path, r.Header.Get("Retry-After"))
		}
	}
	v.must(v.do("GET", "/healthz", "", nil), 200) // liveness doesn't depend on the database

	px.up()
	deadline := time.Now().Add(5 * time.Second)
	for v.do("GET", "/readyz", "", nil).Code != 200 {
		if time.Now().After(deadline) {
			t.Fatal("not ready 5 s after the database came back")
		}
		time.Sleep(50 * time.Millisecond)
	}
	v.must(v.do("GET", "/orders/"+o.ID, admin, nil), 200)
	v.createOrder(admin, nil)
}
