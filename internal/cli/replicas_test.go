package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/testdb"
)

// bodyMarker is in every attempt's message: it must never reach a log.
const bodyMarker = "body-marker-7f3a"

// TestManyReplicas runs three replicas on one PostgreSQL database and sends
// concurrent attempts for the same few orders through all of them, each
// under an Idempotency-Key: some sent to two replicas at once (a client
// that timed out and retried), some retried on another replica after their
// answer, and one replica stopped (SIGTERM) in the middle of the load.
// Afterwards no attempt is stored twice or lost, every 2xx answer is in the
// database, each order's summary equals the one recomputed from its whole
// history, and the logs and metrics of each replica add up.
func TestManyReplicas(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"DATABASE_URL": testdb.New(t), "HTTP_ADDR": "127.0.0.1:0",
		"MIGRATE_ON_START": "false", "RATE_LIMIT_RPS": "0", "SHUTDOWN_TIMEOUT": "10s"}
	runOK(t, vars, "migrate") // the one-shot before the replicas, as in production
	token := strings.TrimSpace(runOK(t, vars, "keys", "create", "--store", "acme", "--role", "admin"))
	w := &workload{t: t, token: token, client: &http.Client{Timeout: 15 * time.Second}, answers: map[string][]answer{}}
	defer w.client.CloseIdleConnections()
	for range 3 {
		w.replicas = append(w.replicas, startReplica(t, vars))
	}
	orders := w.createOrders(8)
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	sends := plan(rand.New(rand.NewPCG(seed, 0)), orders, time.Now().Add(-time.Hour).Truncate(time.Second))

	start := time.Now()
	stopErr := w.run(sends, 6)
	t.Logf("%d sends (%d attempts) in %v; answers per replica %v; refused by the stopped replica %d; 409 in flight %d; replays %d",
		len(sends), countItems(sends), time.Since(start).Round(time.Millisecond), w.served, w.refused.Load(),
		w.busy.Load(), w.replays.Load())
	if stopErr != nil {
		t.Fatalf("replica 2 did not stop gracefully: %v", stopErr)
	}
	if w.served[2] == 0 || w.refused.Load() == 0 {
		t.Errorf("replica 2 served %d requests and refused %d: the stop was not in the middle of the load", w.served[2], w.refused.Load())
	}
	ids := w.checkAnswers(sends)
	h := readHistory(w, vars["DATABASE_URL"])
	checkRows(w, sends, ids, h)
	w.checkSummaries(orders, h.rows)
	w.checkMetricsAndLogs()
}

// send is one delivery of a connector: a POST under its own Idempotency-Key.
type send struct {
	n     int
	key   string
	path  string
	body  []byte
	items int
	dup   bool // also sent to another replica at once, as by a client whose first try timed out
	again bool // sent once more to another replica after its answer, as by a client that lost it
}

// plan makes 100 sends for orders: 90 single attempts and 10 batches of 3,
// with occurred_at drawn from 20 seconds, so that attempts arrive out of
// order and tie.
func plan(rnd *rand.Rand, orders []string, base time.Time) []send {
	systems, statuses := []string{"bling", "tiny", "omie"}, []string{"pending", "success", "error"}
	attempt := func(n, i int) map[string]any {
		a := map[string]any{"system": systems[rnd.IntN(3)], "status": statuses[rnd.IntN(3)],
			"message":     fmt.Sprintf("send %d.%d %s", n, i, bodyMarker),
			"occurred_at": base.Add(time.Duration(rnd.IntN(20)) * time.Second).Format(time.RFC3339)}
		if a["status"] == "error" {
			a["error_code"] = []string{"erp.rejected", "customer.document_missing"}[rnd.IntN(2)]
		}
		return a
	}
	sends := make([]send, 100)
	for n := range sends {
		s := send{n: n, key: fmt.Sprintf("send-%d", n), dup: rnd.IntN(3) == 0, again: rnd.IntN(3) == 0, items: 1}
		if n%10 == 9 {
			var items []any
			for i := range 3 {
				a := attempt(n, i)
				a["order_id"] = orders[rnd.IntN(len(orders))]
				items = append(items, a)
			}
			s.path, s.items = "/integration-history/batch", len(items)
			s.body, _ = json.Marshal(map[string]any{"attempts": items})
		} else {
			s.path = "/orders/" + orders[rnd.IntN(len(orders))] + "/integration-history"
			s.body, _ = json.Marshal(attempt(n, 0))
		}
		sends[n] = s
	}
	return sends
}

func countItems(sends []send) int {
	n := 0
	for _, s := range sends {
		n += s.items
	}
	return n
}

// workload is the clients' side of the test.
type workload struct {
	t        *testing.T
	token    string
	client   *http.Client
	replicas []*replica

	mu      sync.Mutex
	answers map[string][]answer // 2xx answers by Idempotency-Key
	served  [3]int              // answers received from each replica
	origin  [3]int              // attempts stored by each replica (in non-replayed 2xx answers)
	refused atomic.Int64        // requests that got no answer (the stopped replica)
	busy    atomic.Int64        // 409s: the key was in flight on another replica
	replays atomic.Int64        // 2xx answers replayed from the stored outcome
}

// call sends a request to replica r and counts the answer; ok is false
// when there was none (the replica is gone).
func (w *workload) call(r int, method, path string, body []byte, headers ...string) (answer, bool) {
	a, err := call(w.t.Context(), w.client, method, w.replicas[r].url(path), w.token, body, headers...)
	if err != nil {
		w.refused.Add(1)
		return answer{}, false
	}
	w.mu.Lock()
	w.served[r]++
	w.mu.Unlock()
	return a, true
}

// createOrders creates n orders through replica 0 and returns their ids.
func (w *workload) createOrders(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		body := fmt.Sprintf(`{"number":"R-%d","customer":{"name":"Ana Souza"},"total_cents":19990}`, i)
		a, ok := w.call(0, "POST", "/orders", []byte(body))
		var o struct{ ID string }
		if !ok || a.status != http.StatusCreated || json.Unmarshal(a.body, &o) != nil {
			w.t.Fatalf("POST /orders: %d %s", a.status, a.body)
		}
		ids[i] = o.ID
	}
	return ids
}

// run delivers sends with workers clients, and stops replica 2 once half of
// them were handed out; it returns the result of that stop.
func (w *workload) run(sends []send, workers int) error {
	queue := make(chan send)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for s := range queue {
				w.deliver(s)
			}
		})
	}
	stopped := make(chan error, 1)
	for i, s := range sends {
		if i == len(sends)/2 {
			go func() { stopped <- w.replicas[2].shutdown() }()
		}
		queue <- s
	}
	close(queue)
	wg.Wait()
	return <-stopped
}

// deliver sends s until one replica answers 2xx, moving to the next replica
// on no answer, 409 (the key in flight elsewhere) or 503.
func (w *workload) deliver(s send) {
	first := s.n % 3
	var dup sync.WaitGroup
	if s.dup {
		dup.Go(func() { w.post(s, (first+1)%3) })
	}
	final := -1
	for try := 0; final < 0; try++ {
		if try == 100 {
			w.t.Errorf("%s: no 2xx after 100 tries", s.key)
			break
		}
		r := (first + try) % 3
		a, ok := w.post(s, r)
		switch {
		case ok && a.status/100 == 2:
			final = r
		case ok && (a.status == http.StatusConflict || a.status == http.StatusServiceUnavailable):
			time.Sleep(10 * time.Millisecond)
		case ok:
			return // post reported it
		}
	}
	dup.Wait()
	for try := 1; s.again && final >= 0 && try < 3; try++ {
		if a, ok := w.post(s, (final+try)%3); ok {
			if a.status/100 != 2 || !a.replayed {
				w.t.Errorf("%s: a retry after the answer got %d (replayed %v), want the replayed answer", s.key, a.status, a.replayed)
			}
			break
		}
	}
}

// post sends s once to replica r and records a 2xx answer.
func (w *workload) post(s send, r int) (answer, bool) {
	a, ok := w.call(r, "POST", s.path, s.body, "Idempotency-Key", s.key)
	switch {
	case !ok || a.status == http.StatusServiceUnavailable:
	case a.status == http.StatusConflict:
		w.busy.Add(1)
	case a.status/100 == 2:
		if a.replayed {
			w.replays.Add(1)
		}
		w.mu.Lock()
		w.answers[s.key] = append(w.answers[s.key], a)
		if !a.replayed {
			w.origin[r] += s.items
		}
		w.mu.Unlock()
	default:
		w.t.Errorf("%s on replica %d: %d %s", s.key, r, a.status, bytes.TrimSpace(a.body))
	}
	return a, ok
}
