package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/orders-api/orders-api/internal/testdb"
)

// faultEnv is a real server (run serve, in this process) whose database
// sits behind a proxy the test controls, with an admin key and one order.
type faultEnv struct {
	t       *testing.T
	direct  string // the database's own URL, for checks
	proxy   *dbProxy
	rep     *replica
	token   string
	orderID string
	client  *http.Client
}

func newFaultEnv(t *testing.T) *faultEnv {
	t.Helper()
	direct := testdb.New(t)
	proxy, proxied := newDBProxy(t, direct)
	vars := map[string]string{"DATABASE_URL": proxied, "HTTP_ADDR": "127.0.0.1:0", "RATE_LIMIT_RPS": "0", "SHUTDOWN_TIMEOUT": "10s"}
	token := strings.TrimSpace(runOK(t, vars, "keys", "create", "--store", "acme", "--role", "connector", "--system", "bling"))
	admin := strings.TrimSpace(runOK(t, vars, "keys", "create", "--store", "acme", "--role", "admin"))
	f := &faultEnv{t: t, direct: direct, proxy: proxy, rep: startReplica(t, vars), token: token,
		client: &http.Client{Timeout: 10 * time.Second}}
	a, err := call(t.Context(), f.client, "POST", f.rep.url("/orders"), admin, []byte(`{"number":"1","customer":{"name":"Ana"},"total_cents":10}`))
	if err != nil || a.status != http.StatusCreated {
		t.Fatalf("POST /orders: %v %d %s", err, a.status, a.body)
	}
	var o struct{ ID string }
	_ = json.Unmarshal(a.body, &o)
	f.orderID = o.ID
	t.Cleanup(func() {
		if t.Failed() {
			t.Log("server log:\n" + f.rep.log.String())
		}
	})
	return f
}

// storedIDs returns the ids of the order's attempts in the database.
func (f *faultEnv) storedIDs() []string {
	f.t.Helper()
	conn, err := pgx.Connect(f.t.Context(), f.direct)
	if err != nil {
		f.t.Fatal(err)
	}
	defer conn.Close(context.Background())
	rows, err := conn.Query(f.t.Context(), "SELECT id::text FROM integration_attempts WHERE order_id = $1", f.orderID)
	if err != nil {
		f.t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		f.t.Fatal(err)
	}
	slices.Sort(ids)
	return ids
}

// post records attempt n with its own Idempotency-Key.
func (f *faultEnv) post(ctx context.Context, client *http.Client, n int) (answer, error) {
	occurred := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Millisecond) // a retry sends the same body
	body := fmt.Sprintf(`{"system":"bling","status":"success","message":"send %d","occurred_at":%q}`, n, occurred.Format(time.RFC3339Nano))
	return call(ctx, client, "POST", f.rep.url("/orders/"+f.orderID+"/integration-history"), f.token, []byte(body),
		"Idempotency-Key", "send-"+strconv.Itoa(n))
}

// checkUnavailable checks a 503: Retry-After and a problem body.
func checkUnavailable(t *testing.T, a answer) {
	t.Helper()
	var p struct {
		Type, Title, Detail string
		Status              int
	}
	if n, err := strconv.Atoi(a.header.Get("Retry-After")); err != nil || n < 1 {
		t.Errorf("503 with Retry-After %q", a.header.Get("Retry-After"))
	}
	if a.header.Get("Content-Type") != "application/problem+json" || json.Unmarshal(a.body, &p) != nil || p.Status != 503 || p.Type == "" || p.Detail == "" {
		t.Errorf("503 without a problem body: %s", a.body)
	}
}

// idOf returns the id of an attempt body.
func idOf(t *testing.T, body []byte) string {
	var a struct{ ID string }
	if err := json.Unmarshal(body, &a); err != nil || a.ID == "" {
		t.Fatalf("201 without an attempt: %s", body)
	}
	return a.ID
}

// TestFaultDatabaseOutage (issue 5, 5a): the database goes away during a
// stream of writes and comes back. Meanwhile every answer is a 201 or a
// 503 with Retry-After and a problem body (never a 500, never a dropped
// connection); afterwards the same server writes again, with no restart.
// Each connector retries with the same Idempotency-Key until it gets a 201:
// the 201 ids are then exactly the rows, one per send.
func TestFaultDatabaseOutage(t *testing.T) {
	t.Parallel()
	f := newFaultEnv(t)
	const workers, sends = 4, 60
	var (
		mu       sync.Mutex
		ids      = map[int]string{}
		n503     atomic.Int64
		next     atomic.Int64
		outage   = make(chan struct{})
		restored = make(chan struct{})
	)
	go func() { // the outage: after a first stretch of writes, for 2 s
		for next.Load() < sends/4 {
			time.Sleep(5 * time.Millisecond)
		}
		f.proxy.stop()
		close(outage)
		time.Sleep(2 * time.Second)
		f.proxy.start()
		close(restored)
	}()
	deadline := time.Now().Add(60 * time.Second)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for n := int(next.Add(1)); n <= sends; n = int(next.Add(1)) {
				for {
					if time.Now().After(deadline) {
						t.Errorf("send %d: no 201 within 60 s: the service did not recover", n)
						return
					}
					a, err := f.post(t.Context(), f.client, n)
					if err != nil {
						t.Errorf("send %d: no answer: %v", n, err)
						return
					}
					if a.status == http.StatusCreated {
						mu.Lock()
						ids[n] = idOf(t, a.body)
						mu.Unlock()
						break
					}
					if a.status != http.StatusServiceUnavailable && a.status != http.StatusConflict {
						t.Errorf("send %d: status %d, want 201 or 503: %s", n, a.status, a.body)
						return
					}
					if a.status == http.StatusServiceUnavailable {
						n503.Add(1)
						checkUnavailable(t, a)
					}
					time.Sleep(50 * time.Millisecond)
				}
			}
		})
	}
	wg.Wait()
	<-restored
	if n503.Load() == 0 {
		t.Error("no 503 during the outage: the test did not cut the database")
	}
	got := f.storedIDs()
	want := slices.Sorted(func(yield func(string) bool) {
		for _, id := range ids {
			if !yield(id) {
				return
			}
		}
	})
	if len(ids) != sends || !slices.Equal(got, want) {
		t.Errorf("%d sends got a 201 (%d distinct ids); the database holds %d rows; equal: %v",
			len(ids), len(want), len(got), slices.Equal(got, want))
	}
	if log := f.rep.log.String(); strings.Contains(log, `"internal error"`) || strings.Contains(log, "panic") {
		t.Error("the server logged an internal error or a panic during the outage")
	}
	t.Logf("%d sends, %d answers 503 during the outage, %d rows", sends, n503.Load(), len(got))
}

// TestFaultSIGTERMUnderLoad (issue 5, 5b): the built binary gets a real
// SIGTERM while connectors write: it stops within SHUTDOWN_TIMEOUT with
// exit code 0, and every write that got a 2xx is in the database (the
// requests it did not answer are the ones it refused after the signal).
func TestFaultSIGTERMUnderLoad(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	f := &faultEnv{t: t, direct: testdb.New(t), client: &http.Client{Timeout: 10 * time.Second}}
	vars := map[string]string{"DATABASE_URL": f.direct, "HTTP_ADDR": "127.0.0.1:0", "RATE_LIMIT_RPS": "0", "SHUTDOWN_TIMEOUT": "10s"}
	f.token = strings.TrimSpace(runOK(t, vars, "keys", "create", "--store", "acme", "--role", "admin"))
	log := &syncBuffer{}
	cmd := exec.Command(bin, "serve")
	cmd.Env = os.Environ()
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stderr = log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	f.rep = &replica{addr: waitListening(t, log), log: log}
	a, err := call(t.Context(), f.client, "POST", f.rep.url("/orders"), f.token, []byte(`{"number":"1","customer":{"name":"Ana"},"total_cents":10}`))
	if err != nil || a.status != http.StatusCreated {
		t.Fatalf("POST /orders: %v %d %s", err, a.status, a.body)
	}
	var o struct{ ID string }
	_ = json.Unmarshal(a.body, &o)
	f.orderID = o.ID

	var (
		mu       sync.Mutex
		ids      []string
		next     atomic.Int64
		signaled atomic.Bool
		refused  atomic.Int64
	)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			client := &http.Client{Timeout: 15 * time.Second}
			for n := int(next.Add(1)); n < 100_000; n = int(next.Add(1)) {
				a, err := f.post(t.Context(), client, n)
				switch {
				case err != nil && signaled.Load():
					refused.Add(1)
					return // the server is going away: it answers no more
				case err != nil:
					t.Errorf("send %d before the signal: %v", n, err)
					return
				case a.status == http.StatusCreated:
					mu.Lock()
					ids = append(ids, idOf(t, a.body))
					mu.Unlock()
				default:
					t.Errorf("send %d: status %d: %s", n, a.status, a.body)
					return
				}
			}
		})
	}
	for next.Load() < 150 && !t.Failed() {
		time.Sleep(5 * time.Millisecond)
	}
	signaled.Store(true)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("orders-api exited with %v after SIGTERM, want 0", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("orders-api still runs 20 s after SIGTERM")
	}
	wg.Wait()
	got := f.storedIDs()
	slices.Sort(ids)
	if !slices.Equal(got, ids) {
		missing := 0
		for _, id := range ids {
			if _, found := slices.BinarySearch(got, id); !found {
				missing++
			}
		}
		t.Errorf("%d writes answered 2xx, %d rows; %d answered writes are missing", len(ids), len(got), missing)
	}
	if !strings.Contains(log.String(), `"msg":"stopped"`) {
		t.Errorf("no clean stop in the log:\n%s", log.String())
	}
	t.Logf("%d writes answered 201 and stored; %d connectors refused after SIGTERM", len(ids), refused.Load())
}

// buildBinary builds orders-api into a temporary folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	gotool, err := exec.LookPath("go")
	if err != nil {
		gotool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "orders-api")
	out, err := exec.CommandContext(t.Context(), gotool, "build", "-o", bin, "../../cmd/orders-api").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// lossyProxy forwards TCP to a server; while lose is set, it forwards the
// requests but throws the answers away: a network that loses responses.
type lossyProxy struct {
	addr string
	lose atomic.Bool

	mu    sync.Mutex
	conns []net.Conn
}

// track keeps c to be closed when the test ends.
func (p *lossyProxy) track(c net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.conns = append(p.conns, c)
}

func newLossyProxy(t *testing.T, upstream string) *lossyProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &lossyProxy{addr: ln.Addr().String()}
	var wg sync.WaitGroup
	t.Cleanup(func() {
		ln.Close()
		p.mu.Lock()
		for _, c := range p.conns {
			c.Close()
		}
		p.mu.Unlock()
		wg.Wait()
	})
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() {
				defer c.Close()
				up, err := net.Dial("tcp", upstream)
				if err != nil {
					return
				}
				defer up.Close()
				p.track(c)
				p.track(up)
				go func() { _, _ = io.Copy(up, c); up.Close() }()
				buf := make([]byte, 32<<10)
				for {
					n, err := up.Read(buf)
					if n > 0 && !p.lose.Load() {
						if _, werr := c.Write(buf[:n]); werr != nil {
							return
						}
					}
					if err != nil {
						return
					}
				}
			})
		}
	})
	return p
}

// TestFaultClientTimeoutRetry (issue 5, 5c): a connector's request times
// out on its side, twice over: (1) the answer is lost after the server
// committed, (2) the server is still working (the order's row is locked)
// when the client gives up and retries. Retrying with the same
// Idempotency-Key gives the original answer (a 409 while the first is in
// flight), and never a second record.
func TestFaultClientTimeoutRetry(t *testing.T) {
	t.Parallel()
	f := newFaultEnv(t)
	lossy := newLossyProxy(t, f.rep.addr)
	via := &faultEnv{t: t, direct: f.direct, rep: &replica{addr: lossy.addr}, token: f.token, orderID: f.orderID}
	impatient := &http.Client{Timeout: 500 * time.Millisecond}

	t.Run("answer lost after the commit", func(t *testing.T) {
		lossy.lose.Store(true)
		if _, err := via.post(t.Context(), impatient, 1); err == nil {
			t.Fatal("the request got an answer through a proxy that loses them")
		}
		lossy.lose.Store(false)
		stored := f.storedIDs()
		if len(stored) != 1 {
			t.Fatalf("%d rows after the lost answer, want 1 (the server committed)", len(stored))
		}
		a, err := via.post(t.Context(), f.client, 1)
		if err != nil || a.status != http.StatusCreated || !a.replayed || idOf(t, a.body) != stored[0] {
			t.Fatalf("retry: %v %d replayed=%v %s; want the original 201 for %s", err, a.status, a.replayed, a.body, stored[0])
		}
	})

	t.Run("server still working", func(t *testing.T) {
		conn, err := pgx.Connect(t.Context(), f.direct)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		tx, err := conn.Begin(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(t.Context(), "SELECT 1 FROM orders WHERE id = $1 FOR UPDATE", f.orderID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.post(t.Context(), impatient, 2); err == nil {
			t.Fatal("the request was answered while the order's row was locked")
		}
		a, err := f.post(t.Context(), impatient, 2)
		if err == nil && a.status != http.StatusConflict {
			t.Errorf("retry while the first is in flight: %d %s, want 409 or a timeout", a.status, a.body)
		}
		time.Sleep(200 * time.Millisecond)
		if err := tx.Rollback(t.Context()); err != nil {
			t.Fatal(err)
		}
		var first answer
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			first, err = f.post(t.Context(), f.client, 2)
			if err == nil && first.status == http.StatusCreated {
				break
			}
			if time.Now().After(deadline) || (err == nil && first.status != http.StatusConflict) {
				t.Fatalf("retry after the lock: %v %d %s", err, first.status, first.body)
			}
		}
		again, err := f.post(t.Context(), f.client, 2)
		if err != nil || again.status != http.StatusCreated || !again.replayed || string(again.body) != string(first.body) {
			t.Fatalf("second retry: %v %d replayed=%v, want the same 201 replayed", err, again.status, again.replayed)
		}
		if stored := f.storedIDs(); len(stored) != 2 || !slices.Contains(stored, idOf(t, first.body)) {
			t.Fatalf("rows %v, want the first send's and %s", stored, idOf(t, first.body))
		}
	})
}
