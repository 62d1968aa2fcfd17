package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/orders-api/orders-api/internal/testdb"
)

// process is a built orders-api serving in its own OS process.
type process struct {
	cmd  *exec.Cmd
	addr string
	log  *syncBuffer
	done chan error
}

// startProcess runs the built binary bin with vars.
func startProcess(t *testing.T, bin string, vars map[string]string) *process {
	t.Helper()
	p := &process{cmd: exec.Command(bin, "serve"), log: &syncBuffer{}, done: make(chan error, 1)}
	p.cmd.Env = os.Environ()
	for k, v := range vars {
		p.cmd.Env = append(p.cmd.Env, k+"="+v)
	}
	p.cmd.Stderr = p.log
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() { _ = p.cmd.Process.Kill(); <-p.done })
	p.addr = waitListening(t, p.log)
	return p
}

func (p *process) url(path string) string { return "http://" + p.addr + path }

// kill is kill -9.
func (p *process) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-p.done
	p.done <- nil // for the cleanup
}

// reintEnv is a test's processes, keys and direct connection.
type reintEnv struct {
	t      *testing.T
	direct string
	admin  string
	conn   string
	client *http.Client
}

// do sends one JSON request, failing the test on a transport error or an
// unexpected status.
func (e *reintEnv) do(p *process, method, path, token string, body any, want int) []byte {
	e.t.Helper()
	var b []byte
	if body != nil {
		b, _ = json.Marshal(body)
	}
	a, err := call(e.t.Context(), e.client, method, p.url(path), token, b)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	if a.status != want {
		e.t.Fatalf("%s %s: %d, want %d: %s", method, path, a.status, want, a.body)
	}
	return a.body
}

// seedOrders inserts n orders of store acme directly.
func (e *reintEnv) seedOrders(n int) {
	e.t.Helper()
	conn, err := pgx.Connect(e.t.Context(), e.direct)
	if err != nil {
		e.t.Fatal(err)
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(e.t.Context(), `INSERT INTO orders (id, store_id, number, status, customer_name, currency,
			total_cents, items, placed_at, created_at, updated_at)
		SELECT gen_random_uuid(), 'acme', 'S' || i || '-' || $2, 'paid', 'Ana', 'BRL', 100, '[]', now() - i * interval '1 second', now(), now()
		FROM generate_series(1, $1::int) i`, n, strconv.FormatInt(time.Now().UnixNano(), 36))
	if err != nil {
		e.t.Fatal(err)
	}
}

// query runs a one-value query directly.
func (e *reintEnv) query(sql string, args ...any) int64 {
	e.t.Helper()
	conn, err := pgx.Connect(e.t.Context(), e.direct)
	if err != nil {
		e.t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int64
	if err := conn.QueryRow(e.t.Context(), sql, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func newReintEnv(t *testing.T) (*reintEnv, string, map[string]string) {
	testdb.RequirePostgres(t, "several processes on one PostgreSQL server")
	bin := buildBinary(t)
	e := &reintEnv{t: t, direct: testdb.New(t), client: &http.Client{Timeout: 30 * time.Second}}
	vars := map[string]string{"DATABASE_URL": e.direct, "HTTP_ADDR": "127.0.0.1:0", "RATE_LIMIT_RPS": "0",
		"MIGRATE_ON_START": "false"}
	runOK(t, vars, "migrate")
	e.admin = strings.TrimSpace(runOK(t, vars, "keys", "create", "--store", "acme", "--role", "admin", "--name", "back office"))
	e.conn = strings.TrimSpace(runOK(t, vars, "keys", "create", "--store", "acme", "--role", "connector", "--system", "bling"))
	return e, bin, vars
}

// TestLeaseLoopsOnThreeProcesses: three orders-api processes on one
// PostgreSQL, 8 connector lease loops spread over them, long polls on:
// no request is leased twice under unexpired leases (60 s), every request
// is answered once, and a request made through one process wakes a long
// poll waiting on another within a second.
func TestLeaseLoopsOnThreeProcesses(t *testing.T) {
	t.Parallel()
	e, bin, vars := newReintEnv(t)
	procs := []*process{startProcess(t, bin, vars), startProcess(t, bin, vars), startProcess(t, bin, vars)}
	const n = 60
	e.seedOrders(n)
	var orders struct{ Data []struct{ ID string } }
	_ = json.Unmarshal(e.do(procs[0], "GET", "/orders?limit=200", e.admin, nil, 200), &orders)
	want := map[string]bool{}
	for i, o := range orders.Data {
		var r struct{ ID string }
		_ = json.Unmarshal(e.do(procs[i%3], "POST", "/orders/"+o.ID+"/integration-requests", e.admin,
			map[string]any{"system": "bling"}, 201), &r)
		want[r.ID] = true
	}
	var mu sync.Mutex
	leased := map[string]int{}
	var wg sync.WaitGroup
	for loop := range 8 {
		p := procs[loop%3]
		wg.Go(func() {
			for empty := 0; empty < 2 && !e.t.Failed(); {
				var got struct {
					Data []struct {
						Request struct {
							ID      string `json:"id"`
							OrderID string `json:"order_id"`
						}
					}
				}
				body := e.do(p, "POST", "/integration-requests/lease", e.conn,
					map[string]any{"limit": 3, "lease_seconds": 60, "wait_seconds": 1}, 200)
				_ = json.Unmarshal(body, &got)
				if len(got.Data) == 0 {
					empty++
					continue
				}
				for _, g := range got.Data {
					mu.Lock()
					leased[g.Request.ID]++
					mu.Unlock()
					e.do(p, "POST", "/orders/"+g.Request.OrderID+"/integration-history", e.conn,
						map[string]any{"status": "success", "message": "Pedido enviado", "request_id": g.Request.ID}, 201)
				}
			}
		})
	}
	wg.Wait()
	for id := range want {
		if leased[id] != 1 {
			t.Errorf("request %s leased %d times, want once", id, leased[id])
		}
	}
	if done := e.query(`SELECT count(*) FROM integration_requests WHERE state = 'done'`); done != n {
		t.Errorf("%d requests done, want %d", done, n)
	}
	if answers := e.query(`SELECT count(*) FROM integration_attempts WHERE request_id IS NOT NULL AND status = 'success'`); answers != n {
		t.Errorf("%d answers, want %d", answers, n)
	}

	// a long poll on process 2 is woken by a request made on process 0
	woke := make(chan time.Time, 1)
	go func() {
		e.do(procs[2], "POST", "/integration-requests/lease", e.conn, map[string]any{"wait_seconds": 10}, 200)
		woke <- time.Now()
	}()
	time.Sleep(500 * time.Millisecond)
	asked := time.Now()
	e.do(procs[0], "POST", "/orders/"+orders.Data[0].ID+"/integration-requests", e.admin, map[string]any{"system": "bling"}, 201)
	if late := (<-woke).Sub(asked); late > time.Second {
		t.Errorf("the long poll answered %v after the request, want within 1 s", late)
	}
}

// TestBulkJobSurvivesKill9: a bulk job of 4,000 orders runs on three
// processes; all of them are killed (-9) in the middle; a new process
// finishes it, with exactly one request per order of its set.
func TestBulkJobSurvivesKill9(t *testing.T) {
	t.Parallel()
	e, bin, vars := newReintEnv(t)
	const n = 4000
	e.seedOrders(n)
	procs := []*process{startProcess(t, bin, vars), startProcess(t, bin, vars), startProcess(t, bin, vars)}
	body := map[string]any{"system": "tiny", "reason": "Produto cadastrado no ERP", "filter": map[string]any{"integration_status": "none"}}
	var dry struct{ Matched, Open int64 }
	_ = json.Unmarshal(e.do(procs[1], "POST", "/integration-requests/bulk", e.admin, map[string]any{"system": "tiny",
		"dry_run": true, "filter": body["filter"]}, 200), &dry)
	var job struct {
		ID                                   string
		State                                string
		Matched, Processed, Created, Skipped int64
	}
	_ = json.Unmarshal(e.do(procs[0], "POST", "/integration-requests/bulk", e.admin, body, 202), &job)
	if job.Matched != n || dry.Matched != n {
		t.Fatalf("matched %d, dry run %d, want %d", job.Matched, dry.Matched, n)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		_ = json.Unmarshal(e.do(procs[2], "GET", "/jobs/"+job.ID, e.admin, nil, 200), &job)
		if job.Processed > 0 || time.Now().After(deadline) {
			break
		}
	}
	for _, p := range procs {
		p.kill(t)
	}
	if job.Processed == 0 || job.State != "running" {
		t.Fatalf("at the kill, job = %+v: want it running and started", job)
	}
	t.Logf("killed at %d of %d", job.Processed, job.Matched)
	p := startProcess(t, bin, vars)
	start := time.Now()
	for deadline := time.Now().Add(60 * time.Second); job.State == "running"; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("job still running a minute after the restart: %+v", job)
		}
		_ = json.Unmarshal(e.do(p, "GET", "/jobs/"+job.ID, e.admin, nil, 200), &job)
	}
	t.Logf("finished %v after the restart", time.Since(start).Round(time.Millisecond))
	if job.State != "succeeded" || job.Processed != n || job.Created+job.Skipped != n || job.Created != n {
		t.Errorf("job = %+v", job)
	}
	if dup := e.query(`SELECT count(*) FROM (SELECT order_id FROM integration_requests WHERE system = 'tiny'
		GROUP BY order_id HAVING count(*) > 1) d`); dup != 0 {
		t.Errorf("%d orders have two requests", dup)
	}
	if made := e.query(`SELECT count(*) FROM integration_requests WHERE system = 'tiny' AND job_id = $1`, job.ID); made != n {
		t.Errorf("%d requests of the job, want %d", made, n)
	}
	if pending := e.query(`SELECT count(*) FROM integration_attempts WHERE system = 'tiny' AND action = 'reintegration.requested'`); pending != n {
		t.Errorf("%d pending attempts, want %d", pending, n)
	}
}
