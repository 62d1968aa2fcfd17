package cli

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

// systemState is one system's entry of an order's summary.
type systemState struct {
	System        string  `json:"system"`
	Status        string  `json:"status"`
	Message       string  `json:"message"`
	ErrorCode     *string `json:"error_code"`
	LastAttemptAt string  `json:"last_attempt_at"`
	Attempts      int64   `json:"attempts"`
}

// summary is an order's integration summary as the API shows it.
type summary struct {
	Status        string        `json:"status"`
	LastAttemptAt *string       `json:"last_attempt_at"`
	Systems       []systemState `json:"systems"`
}

// recompute derives an order's summary from its whole history, as SPEC 5.3
// defines it: per system, the attempt with the latest occurred_at, ties to
// the one recorded last (the larger seq).
func recompute(rows []row) summary {
	latest, counts := map[string]row{}, map[string]int64{}
	var last *time.Time
	for _, r := range rows {
		counts[r.System]++
		cur, ok := latest[r.System]
		if !ok || r.OccurredAt.After(cur.OccurredAt) || (r.OccurredAt.Equal(cur.OccurredAt) && r.Seq > cur.Seq) {
			latest[r.System] = r
		}
		if last == nil || r.OccurredAt.After(*last) {
			last = &r.OccurredAt
		}
	}
	s := summary{Status: "none"}
	if last != nil {
		v := last.UTC().Format(time.RFC3339Nano)
		s.LastAttemptAt = &v
	}
	rank := map[string]int{"success": 1, "pending": 2, "error": 3}
	for system, r := range latest {
		s.Systems = append(s.Systems, systemState{System: system, Status: r.Status, Message: r.Message, ErrorCode: r.ErrorCode,
			LastAttemptAt: r.OccurredAt.UTC().Format(time.RFC3339Nano), Attempts: counts[system]})
		if rank[r.Status] > rank[s.Status] {
			s.Status = r.Status
		}
	}
	slices.SortFunc(s.Systems, func(a, b systemState) int { return strings.Compare(a.System, b.System) })
	return s
}

// checkSummaries compares each order's summary, read through replica 1,
// with the one recomputed from its history.
func (w *workload) checkSummaries(orders []string, rows []row) {
	byOrder := map[string][]row{}
	for _, r := range rows {
		byOrder[r.Order] = append(byOrder[r.Order], r)
	}
	for _, id := range orders {
		a, ok := w.call(1, "GET", "/orders/"+id, nil)
		var o struct{ Integration summary }
		if !ok || a.status != http.StatusOK || json.Unmarshal(a.body, &o) != nil {
			w.t.Fatalf("GET /orders/%s: %d %s", id, a.status, a.body)
		}
		got, want := normalize(o.Integration), recompute(byOrder[id])
		if g, x := mustMarshal(got), mustMarshal(want); g != x {
			w.t.Errorf("order %s (%d attempts): summary\n%s\nwant (recomputed from the history)\n%s", id, len(byOrder[id]), g, x)
		}
	}
}

// normalize rewrites the summary's timestamps as recompute writes them.
func normalize(s summary) summary {
	if s.LastAttemptAt != nil {
		v := reformat(*s.LastAttemptAt)
		s.LastAttemptAt = &v
	}
	for i := range s.Systems {
		s.Systems[i].LastAttemptAt = reformat(s.Systems[i].LastAttemptAt)
	}
	return s
}

func reformat(ts string) string {
	t, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		return "unparsable: " + ts
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func mustMarshal(v any) string {
	b, _ := json.MarshalIndent(v, "", " ")
	return string(b)
}

// checkMetricsAndLogs checks, on the replicas still running, that /metrics
// counted every request they answered and every attempt they stored; then
// stops them and checks every replica's log: one JSON access line per
// answered request, each with a request id, and no secret or body.
func (w *workload) checkMetricsAndLogs() {
	t := w.t
	for r := range 2 {
		w.mu.Lock()
		served, stored := w.served[r], w.origin[r]
		w.mu.Unlock()
		a, ok := w.call(r, "GET", "/metrics", nil)
		if !ok || a.status != http.StatusOK {
			t.Fatalf("GET /metrics on replica %d: %d", r, a.status)
		}
		if n := sum(samples(t, a.body, "http_requests_total{")); int(n) != served {
			t.Errorf("replica %d: http_requests_total adds up to %v, want the %d requests it answered", r, n, served)
		}
		if n := sum(samples(t, a.body, "orders_api_attempts_recorded_total{")); int(n) != stored {
			t.Errorf("replica %d: orders_api_attempts_recorded_total adds up to %v, want the %d attempts it stored", r, n, stored)
		}
		if len(samples(t, a.body, `go_sql_open_connections{db_name="orders"}`)) != 1 {
			t.Errorf("replica %d: no database pool metrics", r)
		}
	}
	for r, rep := range w.replicas {
		if err := rep.shutdown(); err != nil {
			t.Errorf("replica %d: %v", r, err)
		}
		w.checkLog(r)
	}
}

// checkLog checks the log of replica r, which has stopped.
func (w *workload) checkLog(r int) {
	t, rep := w.t, w.replicas[r]
	raw := rep.log.String()
	secret := w.token[len(w.token)-43:] // oak_<32 hex>_<43 base64url chars, which may hold _>
	if strings.Contains(raw, secret) || strings.Contains(raw, bodyMarker) {
		t.Errorf("replica %d: the log holds the key's secret or a request body", r)
	}
	requests, msgs := 0, []string{}
	for _, line := range rep.logLines(t) {
		msg, _ := line["msg"].(string)
		msgs = append(msgs, msg)
		if msg != "request" {
			continue
		}
		requests++
		if id, _ := line["request_id"].(string); id == "" || line["route"] == nil || line["status"] == nil {
			t.Errorf("replica %d: access line %v lacks request_id, route or status", r, line)
		}
	}
	w.mu.Lock()
	served := w.served[r]
	w.mu.Unlock()
	if requests != served {
		t.Errorf("replica %d: %d access lines for %d answered requests", r, requests, served)
	}
	if i := slices.Index(msgs, "shutting down"); i < 0 || !slices.Contains(msgs[i:], "stopped") {
		t.Errorf("replica %d: the log lacks the graceful stop: %v", r, msgs[max(len(msgs)-5, 0):])
	}
}
