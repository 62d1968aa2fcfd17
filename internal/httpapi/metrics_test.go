package httpapi_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi"
	"github.com/orders-api/orders-api/internal/idempotency"
)

// withIdempotency replaces v's handler by one whose idempotency store is
// idem, wired otherwise as serve wires it: its metrics count the attempts
// through their store decorator.
func (v *env) withIdempotency(idem idempotency.Store) {
	d := v.deps
	d.Idempotency = idem
	v.h = httpapi.NewServer(d)
}

// scrape reads /metrics and returns its samples by series (name{labels}).
func (v *env) scrape() map[string]float64 {
	v.t.Helper()
	r := v.must(v.do("GET", "/metrics", "", nil), 200)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		v.t.Errorf("/metrics Content-Type = %q, want the Prometheus text format", ct)
	}
	samples := map[string]float64{}
	sc := bufio.NewScanner(bytes.NewReader(r.Body))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		f, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			v.t.Fatalf("bad sample line %q", line)
		}
		samples[line[:i]] = f
	}
	return samples
}

// TestMetrics sends requests of every kind and checks the counters on
// /metrics: requests by route pattern (never the raw path), and attempts
// counted once when stored, batch items included, replays and failures not.
func TestMetrics(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	// newEnv's handler counts in the App's metrics, its pool watched, as serve wires them
	admin, tiny := v.key("a", auth.RoleAdmin), v.key("a", auth.RoleConnector, "tiny")
	o := v.createOrder(admin, nil)
	hist := "/orders/" + o.ID + "/integration-history"

	key := []string{"Idempotency-Key", "k1"}
	v.must(v.do("POST", hist, admin, attemptBody(nil), key...), 201)
	v.must(v.do("POST", hist, admin, attemptBody(nil), key...), 201) // replay: stores nothing
	v.must(v.do("POST", hist, tiny, attemptBody(map[string]any{"system": nil, "status": "error"})), 201)
	v.must(v.do("POST", hist, admin, attemptBody(map[string]any{"status": "done"})), 422)
	v.must(v.do("POST", hist, tiny, attemptBody(map[string]any{"system": "bling"})), 403)
	batch := map[string]any{"attempts": []any{
		map[string]any{"order_id": o.ID, "system": "omie", "status": "pending", "message": "na fila"},
		map[string]any{"order_id": o.ID, "system": "bling", "status": "error", "message": "Cliente sem CPF"},
		map[string]any{"order_id": uuid.NewString(), "system": "bling", "status": "error", "message": "no order"},
		map[string]any{"order_id": o.ID, "system": "bling", "status": "bogus", "message": "invalid"},
	}}
	bkey := []string{"Idempotency-Key", "b1"}
	v.must(v.do("POST", "/integration-history/batch", admin, batch, bkey...), 200)
	v.must(v.do("POST", "/integration-history/batch", admin, batch, bkey...), 200) // replay
	v.must(v.do("GET", "/orders/"+o.ID, admin, nil), 200)
	v.must(v.do("GET", "/orders/"+uuid.NewString(), admin, nil), 404)
	v.must(v.do("DELETE", hist, admin, nil), 405)
	v.must(v.do("GET", "/no/such/path/"+o.ID, "", nil), 404)
	v.must(v.do("BREW", "/orders", admin, nil), 405)

	got := v.scrape()
	want := map[string]float64{
		`http_requests_total{method="POST",route="/orders",status="201"}`:                            1,
		`http_requests_total{method="POST",route="/orders/:id/integration-history",status="201"}`:    3,
		`http_requests_total{method="POST",route="/orders/:id/integration-history",status="422"}`:    1,
		`http_requests_total{method="POST",route="/orders/:id/integration-history",status="403"}`:    1,
		`http_requests_total{method="POST",route="/integration-history/batch",status="200"}`:         2,
		`http_requests_total{method="GET",route="/orders/:id",status="200"}`:                         1,
		`http_requests_total{method="GET",route="/orders/:id",status="404"}`:                         1,
		`http_requests_total{method="DELETE",route="/orders/:id/integration-history",status="405"}`:  1,
		`http_requests_total{method="GET",route="unmatched",status="404"}`:                           1,
		`http_requests_total{method="OTHER",route="/orders",status="405"}`:                           1,
		`http_request_duration_seconds_count{method="POST",route="/orders/:id/integration-history"}`: 5,
		`http_request_duration_seconds_bucket{method="GET",route="/orders/:id",le="+Inf"}`:           2,
		`orders_api_attempts_recorded_total{status="success",system="bling"}`:                        1,
		`orders_api_attempts_recorded_total{status="error",system="tiny"}`:                           1,
		`orders_api_attempts_recorded_total{status="pending",system="omie"}`:                         1,
		`orders_api_attempts_recorded_total{status="error",system="bling"}`:                          1,
	}
	for series, n := range want {
		if got[series] != n {
			t.Errorf("%s = %v, want %v", series, got[series], n)
		}
	}
	for series := range got {
		if strings.HasPrefix(series, "orders_api_attempts_recorded_total") {
			if _, ok := want[series]; !ok {
				t.Errorf("unexpected attempts series %s = %v", series, got[series])
			}
		}
		if strings.Contains(series, o.ID) || strings.Contains(series, "/no/such") {
			t.Errorf("a raw path became a label: %s", series)
		}
	}
	for _, series := range []string{`go_sql_open_connections{db_name="orders"}`, `go_sql_max_open_connections{db_name="orders"}`} {
		if _, ok := got[series]; !ok {
			t.Errorf("/metrics lacks the database pool: %s", series)
		}
	}
	if n := got[`http_requests_total{method="GET",route="/metrics",status="200"}`]; n != 0 {
		t.Errorf("the scrape counted itself before answering: %v", n)
	}
	if n := v.scrape()[`http_requests_total{method="GET",route="/metrics",status="200"}`]; n != 1 {
		t.Errorf("/metrics requests = %v after one scrape, want 1", n)
	}
}

// failingSave is an idempotency store whose SaveResponse fails, so that the
// transaction of an idempotent request rolls back after the attempt was
// inserted in it.
type failingSave struct{ idempotency.Store }

func (failingSave) SaveResponse(context.Context, string, string, idempotency.Response) error {
	return errors.New("disk full")
}

// TestMetricsRolledBackAttempt: an attempt whose transaction rolls back
// after the insert is not counted.
func TestMetricsRolledBackAttempt(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	o := v.createOrder(admin, nil)
	v.withIdempotency(failingSave{v.db.Idempotency()})
	hist := "/orders/" + o.ID + "/integration-history"
	v.must(v.do("POST", hist, admin, attemptBody(nil), "Idempotency-Key", "k"), 500)
	if n := len(walk[httpapi.AttemptResponse](v, admin, hist)); n != 0 {
		t.Fatalf("%d attempts stored, want 0 (rolled back)", n)
	}
	v.must(v.do("POST", hist, admin, attemptBody(map[string]any{"status": "error"})), 201) // no key: no idempotency store
	got := v.scrape()
	if n := got[`orders_api_attempts_recorded_total{status="success",system="bling"}`]; n != 0 {
		t.Errorf("rolled back attempt counted: %v", n)
	}
	if n := got[`orders_api_attempts_recorded_total{status="error",system="bling"}`]; n != 1 {
		t.Errorf("stored attempt counted %v times, want 1", n)
	}
}
