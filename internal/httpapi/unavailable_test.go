package httpapi_test

import (
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi"
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
	// stalled holds every byte in the proxy until it is cleared: a database
	// that stops answering without closing its connections.
	stalled atomic.Bool
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
			go p.pipe(s, c)
			go p.pipe(c, s)
		}
	}()
}

// pipe copies src to dst, holding what it reads while the proxy is stalled.
func (p *proxy) pipe(dst, src net.Conn) {
	defer dst.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		for n > 0 && p.stalled.Load() {
			time.Sleep(5 * time.Millisecond)
		}
		if n > 0 {
			if _, err := dst.Write(buf[:n]); err != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
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

// proxiedEnv is a server whose database connections go through a proxy.
func proxiedEnv(t *testing.T, cfg httpapi.Config) (*env, *proxy) {
	u, err := url.Parse(testdb.New(t))
	if err != nil {
		t.Fatal(err)
	}
	px := newProxy(t, u.Host)
	u.Host = px.addr
	logs := &lockedBuffer{}
	a := newApp(t, u.String(), slog.New(slog.NewTextHandler(logs, nil)), time.Minute) // a cached key: the outage hits the queries
	d := a.Deps()
	d.Config = cfg
	v := &env{t: t, db: a.DB, keys: a.Keys, logs: logs, h: httpapi.NewServer(d), deps: d}
	v.number = new(atomic.Int64)
	t.Cleanup(func() {
		if t.Failed() {
			t.Log("server log:\n" + logs.String())
		}
	})
	return v, px
}

// want503 checks an unavailable answer: 503 problem with Retry-After.
func want503(t *testing.T, r resp, what string) {
	t.Helper()
	if r.Code != 503 {
		t.Errorf("%s: status %d, want 503: %s", what, r.Code, r.Body)
		return
	}
	wantProblem(t, r, 503)
	if n, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || n < 1 {
		t.Errorf("%s: Retry-After = %q", what, r.Header.Get("Retry-After"))
	}
}

// retry503 sends a request again while it answers 503, for up to 5 s.
func retry503(v *env, send func() resp) resp {
	v.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	r := send()
	for r.Code == 503 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		r = send()
	}
	return r
}

// waitReady waits until /readyz answers 200 again.
func waitReady(v *env) {
	v.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for v.do("GET", "/readyz", "", nil).Code != 200 {
		if time.Now().After(deadline) {
			v.t.Fatal("not ready 5 s after the database came back")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestDatabaseUnavailable: while the database is unreachable the API
// answers 503 with Retry-After (never 500), and recovers by itself.
func TestDatabaseUnavailable(t *testing.T) {
	t.Parallel()
	v, px := proxiedEnv(t, httpapi.Config{MaxBodyBytes: 1 << 20})
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
		want503(t, v.do(rq.method, rq.path, admin, rq.body, "Idempotency-Key", rq.key), rq.method+" "+rq.path)
	}
	v.must(v.do("GET", "/healthz", "", nil), 200) // liveness doesn't depend on the database

	px.up()
	waitReady(v)
	v.must(v.do("GET", "/orders/"+o.ID, admin, nil), 200)
	v.createOrder(admin, nil)
}

// TestDatabaseStalls: a database that stops answering without closing its
// connections gives 503 with Retry-After once RequestTimeout has passed,
// stores nothing, and the API recovers when it answers again.
func TestDatabaseStalls(t *testing.T) {
	t.Parallel()
	const timeout = 300 * time.Millisecond
	v, px := proxiedEnv(t, httpapi.Config{MaxBodyBytes: 1 << 20, RequestTimeout: timeout})
	admin := v.key("a", auth.RoleAdmin)
	o := v.createOrder(admin, nil)
	path := "/orders/" + o.ID + "/integration-history"

	px.stalled.Store(true)
	for _, rq := range []struct{ method, key string }{{"GET", ""}, {"POST", "k1"}} {
		start := time.Now()
		r := v.do(rq.method, path, admin, attemptBody(nil), "Idempotency-Key", rq.key)
		want503(t, r, rq.method+" "+path)
		if took := time.Since(start); took > timeout+3*time.Second {
			t.Errorf("%s %s took %v with a request timeout of %v", rq.method, path, took, timeout)
		}
	}

	px.stalled.Store(false)
	waitReady(v)
	// The pool may still have to dial a new connection, which on a loaded
	// machine can take longer than the 300 ms bound: retry 503s with the
	// same key, as a connector would.
	r := retry503(v, func() resp { return v.do("POST", path, admin, attemptBody(nil), "Idempotency-Key", "k1") })
	v.must(r, 201)
	if r.Header.Get("Idempotent-Replayed") != "" {
		t.Error("the attempt that timed out was stored: its key replays")
	}
	if page := decode[page[any]](t, v.must(retry503(v, func() resp { return v.do("GET", path, admin, nil) }), 200)); len(page.Data) != 1 {
		t.Errorf("history has %d attempts after a timed-out post and a stored one, want 1", len(page.Data))
	}
}
