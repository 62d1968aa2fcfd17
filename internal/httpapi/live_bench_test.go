package httpapi_test

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/database"
	"github.com/orders-api/orders-api/internal/httpapi"
	"github.com/orders-api/orders-api/internal/order"
)

// liveSeedSQL fills an empty, migrated database with SPEC 8's data set:
// 100,000 orders of the store "bench" placed over 90 days, 10 attempts
// each (1,000,000) over 3 systems, and their states with first successes.
var liveSeedSQL = []string{
	`INSERT INTO orders (id, store_id, number, status, customer_name, currency, total_cents, items, placed_at,
		created_at, updated_at, integration_status)
	SELECT gen_random_uuid(), 'bench', 'N' || i, 'paid', 'Ana Souza', 'BRL', 19990, '[]',
		now() - i * interval '77.76 seconds', now(), now(), 'none' FROM generate_series(1, 100000) i`,
	`INSERT INTO integration_attempts (id, store_id, order_id, system, status, message, error_code, occurred_at, recorded_at)
	SELECT gen_random_uuid(), 'bench', o.id, (ARRAY['bling', 'tiny', 'omie'])[1 + j % 3],
		(ARRAY['pending', 'success', 'error'])[1 + (hashtext(o.number || j) & 65535) % 3],
		'Mensagem ' || j, CASE WHEN j % 4 = 0 THEN 'code.' || (hashtext(o.number) & 15) END,
		o.placed_at + j * interval '7 minutes', o.placed_at + j * interval '7 minutes' + interval '1 second'
	FROM orders o, generate_series(0, 9) j ORDER BY o.placed_at, j`,
	`INSERT INTO order_integrations (order_id, system, store_id, status, message, error_code, last_attempt_at,
		last_seq, attempts, placed_at, first_success_at)
	SELECT DISTINCT ON (a.order_id, a.system) a.order_id, a.system, a.store_id, a.status, a.message, a.error_code,
		a.occurred_at, a.seq,
		count(*) OVER (PARTITION BY a.order_id, a.system), o.placed_at,
		min(a.occurred_at) FILTER (WHERE a.status = 'success') OVER (PARTITION BY a.order_id, a.system)
	FROM integration_attempts a JOIN orders o ON o.id = a.order_id
	ORDER BY a.order_id, a.system, a.occurred_at DESC, a.seq DESC`,
	`VACUUM ANALYZE`,
}

// TestLiveWorkloads measures W6 (GET /integration-stats for 24 hours, p50
// under 50 ms) and W7 (all 1,000,000 attempts as CSV, >= 100,000 rows/s,
// peak RSS <= 150 MB) on the PostgreSQL database of LIVE_BENCH_URL, which
// it seeds when empty (a few minutes, once). Skipped without it:
//
//	createdb -h 127.0.0.1 -U postgres live_bench
//	LIVE_BENCH_URL=postgres://postgres@127.0.0.1:5432/live_bench go test -run TestLiveWorkloads -v ./internal/httpapi/
//
// Peak RSS is the test process's (VmHWM), which also holds the client.
func TestLiveWorkloads(t *testing.T) {
	url := os.Getenv("LIVE_BENCH_URL")
	if url == "" {
		t.Skip("LIVE_BENCH_URL is not set")
	}
	ctx := context.Background()
	db, err := database.Open(ctx, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	seedLive(t, url)
	keys := auth.NewKeys(db.Keys(), time.Now, 0)
	_, token, err := keys.Create(ctx, auth.NewKey{StoreID: "bench", Role: auth.RoleReader, Name: "live bench"})
	if err != nil {
		t.Fatal(err)
	}
	h := httpapi.NewServer(httpapi.Deps{Config: httpapi.Config{MaxBodyBytes: 1 << 20, StreamsPerKey: 250}, Logger: slog.New(slog.DiscardHandler),
		Orders: order.NewService(db.Orders(), time.Now), Auth: keys, Idempotency: db.Idempotency(), Ready: db.Ready,
		Live: db.Live()})
	srv := serve(t, h, time.Minute)
	get := func(path string) (*http.Response, error) {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		return http.DefaultClient.Do(req)
	}
	var took []time.Duration
	for range 50 {
		start := time.Now()
		resp, err := get("/integration-stats")
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("stats: %v %v", err, resp)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	t.Logf("W6 stats, 24 h window: p50 %s, p95 %s (target p50 < 50 ms)", took[25], took[47])
	start := time.Now()
	resp, err := get("/integration-history/export")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("export: %v %v", err, resp)
	}
	n, sc := 0, bufio.NewScanner(resp.Body)
	for sc.Scan() {
		n++
	}
	resp.Body.Close()
	d := time.Since(start)
	t.Logf("W7 export: %d rows in %s, %.0f rows/s (target >= 100,000); peak RSS %s (target <= 150 MB)",
		n-1, d.Round(time.Millisecond), float64(n-1)/d.Seconds(), peakRSS())
	measureW5(t, url, srv.URL, token, keys)
}

// measureW5 opens 200 streams on one server while 8 writers record attempts
// through a second one (another pool on the same database, as a replica),
// and reports how long each event took to reach each stream after its 201.
func measureW5(t *testing.T, url, streamServer, reader string, keys *auth.Keys) {
	ctx := context.Background()
	db, err := database.Open(ctx, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h := httpapi.NewServer(httpapi.Deps{Config: httpapi.Config{MaxBodyBytes: 1 << 20}, Logger: slog.New(slog.DiscardHandler),
		Orders: order.NewService(db.Orders(), time.Now), Auth: auth.NewKeys(db.Keys(), time.Now, 0),
		Idempotency: db.Idempotency(), Ready: db.Ready, Live: db.Live()})
	writeServer := serve(t, h, time.Minute).URL
	_, admin, err := keys.Create(ctx, auth.NewKey{StoreID: "bench", Role: auth.RoleAdmin, Name: "live bench"})
	if err != nil {
		t.Fatal(err)
	}
	page, err := db.Orders().Orders(ctx, "bench", order.OrderFilter{Limit: 200})
	if err != nil || len(page) == 0 {
		t.Fatalf("orders: %v", err)
	}
	var mu sync.Mutex
	sent := map[string]time.Time{}
	var delays []time.Duration
	var streams []*sseStream
	nStreams := 200
	if n, err := strconv.Atoi(os.Getenv("W5_STREAMS")); err == nil {
		nStreams = n
	}
	for range nStreams {
		s, resp := openStream(t, streamServer, "/integration-history/stream", reader)
		if s == nil {
			t.Fatalf("open stream: %d", resp.StatusCode)
		}
		streams = append(streams, s)
	}
	received := make(chan struct{}, 1<<20)
	for _, s := range streams {
		go func() {
			for e := range s.events {
				if e.Event != "attempt" {
					continue
				}
				at := time.Now()
				id := e.Data[7:43] // {"id":"<uuid>"
				mu.Lock()
				if t0, ok := sent[id]; ok {
					delays = append(delays, max(at.Sub(t0), 0))
				} else {
					delays = append(delays, 0) // the event came before the 201
				}
				mu.Unlock()
				received <- struct{}{}
			}
		}()
	}
	var wg sync.WaitGroup
	total := 0
	var totalMu sync.Mutex
	stop := time.Now().Add(5 * time.Second)
	for w := range 8 {
		wg.Go(func() {
			for i := 0; time.Now().Before(stop); i++ {
				o := page[(w*1000+i)%len(page)]
				req, _ := http.NewRequest("POST", writeServer+"/orders/"+o.ID.String()+"/integration-history",
					strings.NewReader(`{"system":"bling","status":"error","message":"w5"}`))
				req.Header.Set("Authorization", "Bearer "+admin)
				req.Header.Set("Content-Type", "application/json")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 201 {
					t.Errorf("record: %d %s", resp.StatusCode, b)
					return
				}
				mu.Lock()
				sent[string(b[7:43])] = time.Now()
				mu.Unlock()
				totalMu.Lock()
				total++
				totalMu.Unlock()
			}
		})
	}
	wg.Wait()
	deadline := time.After(10 * time.Second)
	for n := 0; n < total*len(streams); n++ {
		select {
		case <-received:
		case <-deadline:
			t.Errorf("W5: %d of %d events arrived", n, total*len(streams))
			n = total * len(streams)
		}
	}
	for _, s := range streams {
		s.close()
	}
	mu.Lock()
	defer mu.Unlock()
	slices.Sort(delays)
	if len(delays) > 0 {
		t.Logf("W5: %d streams, %d attempts recorded through another server in 5 s (%.0f/s): %d events, "+
			"delay after the 201 p50 %s, p99 %s, max %s (target p99 < 1 s)", len(streams), total, float64(total)/5, len(delays),
			delays[len(delays)/2], delays[len(delays)*99/100], delays[len(delays)-1])
	}
}

// seedLive seeds the data set unless the store has orders.
func seedLive(t *testing.T, url string) {
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(context.Background(), `SELECT count(*) FROM orders WHERE store_id = 'bench'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n > 0 {
		return
	}
	for _, stmt := range liveSeedSQL {
		start := time.Now()
		if _, err := conn.Exec(context.Background(), stmt); err != nil {
			t.Fatalf("seed: %v", err)
		}
		t.Logf("seed: %.30s... in %s", strings.Join(strings.Fields(stmt), " "), time.Since(start).Round(time.Millisecond))
	}
}

// peakRSS returns the process's peak resident set (VmHWM), or "?".
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "?"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}
