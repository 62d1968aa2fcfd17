package httpapi_test

import (
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi"
)

// TestStats covers GET /integration-stats: the shape, the default window
// (the 24 hours ending at the request), the system filter, and the 400s.
func TestStats(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("st", auth.RoleAdmin)
	reader := v.key("st", auth.RoleReader)
	now := time.Now().UTC()
	o := v.createOrder(admin, map[string]any{"placed_at": ts(now.Add(-time.Hour))})
	v.record(admin, o.ID, map[string]any{"status": "pending", "occurred_at": ts(now.Add(-50 * time.Minute))})
	v.record(admin, o.ID, map[string]any{"status": "error", "error_code": "customer.document_missing",
		"message": "Cliente sem CPF", "occurred_at": ts(now.Add(-40 * time.Minute))})
	v.record(admin, o.ID, map[string]any{"status": "success", "occurred_at": ts(now.Add(-30 * time.Minute))})
	v.record(admin, o.ID, map[string]any{"system": "tiny", "status": "pending", "occurred_at": ts(now.Add(-48 * time.Hour))})

	before := time.Now().UTC()
	r := v.must(v.do("GET", "/integration-stats", reader, nil), 200)
	st := decode[httpapi.StatsResponse](t, r)
	after, end := parseAPITime(t, st.OccurredAfter), parseAPITime(t, st.OccurredBefore)
	if end.Before(before.Add(-time.Second)) || end.After(time.Now()) || end.Sub(after) != 24*time.Hour {
		t.Errorf("default window %s - %s, want the 24 h ending now", st.OccurredAfter, st.OccurredBefore)
	}
	if len(st.Systems) != 2 || st.Systems[0].System != "bling" || st.Systems[1].System != "tiny" {
		t.Fatalf("systems %+v, want bling and tiny", st.Systems)
	}
	b := st.Systems[0]
	if b.Attempts != (httpapi.StatusCountsResponse{Pending: 1, Success: 1, Error: 1}) ||
		b.Orders != (httpapi.StatusCountsResponse{Success: 1}) || b.OldestPendingAt != nil ||
		b.LastSuccessAt == nil || *b.LastSuccessAt != ts(now.Add(-30*time.Minute).Truncate(time.Microsecond)) {
		t.Errorf("bling: %+v", b)
	}
	if b.FirstSuccessSeconds == nil || b.FirstSuccessSeconds.P50 != 1800 || b.FirstSuccessSeconds.P95 != 1800 {
		t.Errorf("bling first_success_seconds %+v, want 1800", b.FirstSuccessSeconds)
	}
	if len(b.TopErrors) != 1 || *b.TopErrors[0].ErrorCode != "customer.document_missing" || b.TopErrors[0].Count != 1 ||
		b.TopErrors[0].LastMessage != "Cliente sem CPF" {
		t.Errorf("bling top_errors %+v", b.TopErrors)
	}
	tiny := st.Systems[1]
	if tiny.Attempts != (httpapi.StatusCountsResponse{}) || tiny.Orders.Pending != 1 || tiny.OldestPendingAt == nil ||
		tiny.FirstSuccessSeconds != nil || tiny.LastSuccessAt != nil || tiny.TopErrors == nil {
		t.Errorf("tiny: %+v", tiny)
	}
	raw := decode[map[string]any](t, r)["systems"].([]any)[1].(map[string]any)
	for _, k := range []string{"last_success_at", "first_success_seconds", "top_errors", "oldest_pending_at"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("tiny has no %s", k)
		}
	}
	one := decode[httpapi.StatsResponse](t, v.must(v.do("GET", "/integration-stats?system=tiny&occurred_after="+
		ts(now.Add(-72*time.Hour)), reader, nil), 200))
	if len(one.Systems) != 1 || one.Systems[0].Attempts.Pending != 1 || one.Systems[0].Orders.Pending != 1 {
		t.Errorf("system=tiny over 72 h: %+v", one.Systems)
	}
	none := v.must(v.do("GET", "/integration-stats?system=nope", reader, nil), 200)
	if s := decode[map[string]any](t, none)["systems"]; s == nil || len(s.([]any)) != 0 {
		t.Errorf("system=nope: systems %v, want []", s)
	}
	other := decode[httpapi.StatsResponse](t, v.must(v.do("GET", "/integration-stats", v.key("st-other", auth.RoleAdmin), nil), 200))
	if len(other.Systems) != 0 {
		t.Errorf("another store sees %+v", other.Systems)
	}
	long := "/integration-stats?occurred_after=" + ts(now.Add(-94*24*time.Hour)) + "&occurred_before=" + ts(now)
	wantProblem(t, v.do("GET", long, reader, nil), 400, "occurred_after")
	v.must(v.do("GET", "/integration-stats?occurred_after="+ts(now.Add(-93*24*time.Hour))+"&occurred_before="+ts(now), reader, nil), 200)
	wantProblem(t, v.do("GET", "/integration-stats?occurred_after="+ts(now)+"&occurred_before="+ts(now.Add(-time.Hour)), reader, nil), 400, "occurred_before")
	for _, bad := range []string{"limit", "status", "system"} {
		wantProblem(t, v.do("GET", "/integration-stats?"+bad+"=Bad!", reader, nil), 400, bad)
	}
}
