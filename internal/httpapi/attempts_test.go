package httpapi_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi"
)

// TestAttemptShape checks the attempt JSON of SPEC 5: every field, null for
// absent optional ones, occurred_at defaulting to now, offsets to UTC.
func TestAttemptShape(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	o := v.createOrder(admin, nil)
	path := "/orders/" + o.ID + "/integration-history"

	before := time.Now().UTC().Truncate(time.Microsecond)
	r := v.must(v.do("POST", path, admin, map[string]any{"system": "bling", "status": "pending", "message": "na fila"}), 201)
	after := time.Now().UTC()
	a := r.JSON.(map[string]any)
	wantKeys(t, "attempt", a, "id", "order_id", "system", "status", "action", "message", "error_code", "external_id",
		"occurred_at", "recorded_at", "details", "request_id")
	for _, k := range []string{"action", "error_code", "external_id", "details", "request_id"} {
		if a[k] != nil {
			t.Errorf("%s = %v, want null", k, a[k])
		}
	}
	if id, err := uuid.Parse(a["id"].(string)); err != nil || id.Version() != 7 {
		t.Errorf("id %v is not a UUID v7", a["id"])
	}
	if a["order_id"] != o.ID || a["system"] != "bling" || a["status"] != "pending" || a["message"] != "na fila" {
		t.Errorf("attempt = %v", a)
	}
	for _, k := range []string{"occurred_at", "recorded_at"} {
		if tm := parseAPITime(t, a[k].(string)); tm.Before(before) || tm.After(after) {
			t.Errorf("%s %v is not now (%v..%v)", k, tm, before, after)
		}
	}

	occurred := time.Now().Add(-time.Hour).UTC().Truncate(time.Second).Add(210 * time.Millisecond)
	full := map[string]any{
		"system": "tiny", "status": "error", "action": "order.export", "message": "Cliente sem CPF: campo obrigatório",
		"error_code": "customer.document_missing", "external_id": "98765", "occurred_at": occurred.In(time.FixedZone("BRT", -3*3600)).Format(time.RFC3339Nano),
		"details": map[string]any{"http_status": 422, "response": "<erro>&", "nested": []any{1.5, true, nil}},
	}
	got := decode[httpapi.AttemptResponse](t, v.must(v.do("POST", path, admin, full), 201))
	if got.Action == nil || *got.Action != "order.export" || got.ErrorCode == nil || *got.ErrorCode != "customer.document_missing" ||
		got.ExternalID == nil || *got.ExternalID != "98765" || got.Message != full["message"] || got.System != "tiny" || got.Status != "error" {
		t.Errorf("attempt = %s", mustJSON(t, got))
	}
	if want := occurred.Format("2006-01-02T15:04:05") + ".21Z"; got.OccurredAt != want {
		t.Errorf("occurred_at = %q, want %q", got.OccurredAt, want)
	}
	if !strings.HasSuffix(full["occurred_at"].(string), "-03:00") {
		t.Fatalf("occurred_at %v was not sent with an offset", full["occurred_at"])
	}
	parseAPITime(t, got.RecordedAt)
	if !equalJSON(got.Details, full["details"]) {
		t.Errorf("details = %s", got.Details)
	}
	// newest first: the first attempt occurred now, the second an hour ago
	hist := walk[httpapi.AttemptResponse](v, admin, path)
	if len(hist) != 2 || !equalJSON(hist[0], r.JSON) || !equalJSON(hist[1], got) {
		t.Errorf("history = %s, want the two stored records as returned, newest first", mustJSON(t, hist))
	}
}

// TestAttemptInvalid covers the 422s of POST /orders/{id}/integration-history.
func TestAttemptInvalid(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	o := v.createOrder(admin, nil)
	path := "/orders/" + o.ID + "/integration-history"
	// future is d from the moment the request is sent, not from when this
	// table is made: a parallel subtest may wait minutes for its turn.
	future := func(d time.Duration) func() string { return func() string { return ts(time.Now().Add(d)) } }
	tests := []struct {
		name   string
		over   map[string]any
		fields []string
	}{
		{"several problems at once", map[string]any{"system": "Bling!", "status": "done", "message": ""},
			[]string{"system", "status", "message"}},
		{"missing system (admin)", map[string]any{"system": nil}, []string{"system"}},
		{"system too long", map[string]any{"system": strings.Repeat("s", 65)}, []string{"system"}},
		{"missing status", map[string]any{"status": nil}, []string{"status"}},
		{"missing message", map[string]any{"message": nil}, []string{"message"}},
		{"message of 2001 chars", map[string]any{"message": strings.Repeat("m", 2001)}, []string{"message"}},
		{"action of 101 chars", map[string]any{"action": strings.Repeat("a", 101)}, []string{"action"}},
		{"external_id of 201 chars", map[string]any{"external_id": strings.Repeat("e", 201)}, []string{"external_id"}},
		{"error_code not a slug", map[string]any{"error_code": "Bad Code"}, []string{"error_code"}},
		{"error_code of 65 chars", map[string]any{"error_code": strings.Repeat("c", 65)}, []string{"error_code"}},
		{"unknown field", map[string]any{"retry": true}, []string{"retry"}},
		{"read-only id", map[string]any{"id": uuid.NewString()}, []string{"id"}},
		{"read-only order_id", map[string]any{"order_id": o.ID}, []string{"order_id"}},
		{"read-only recorded_at", map[string]any{"recorded_at": "2026-01-01T00:00:00Z"}, []string{"recorded_at"}},
		{"NUL in message", map[string]any{"message": "a\x00b"}, []string{"message"}},
		{"NUL in action", map[string]any{"action": "\x00"}, []string{"action"}},
		{"NUL in external_id", map[string]any{"external_id": "1\x00"}, []string{"external_id"}},
		{"occurred_at 6 min in the future", map[string]any{"occurred_at": future(6 * time.Minute)}, []string{"occurred_at"}},
		{"occurred_at year 10000", map[string]any{"occurred_at": "10000-01-01T00:00:00Z"}, []string{"occurred_at"}},
		{"occurred_at in year 0 in UTC", map[string]any{"occurred_at": "0001-01-01T00:59:59+01:00"}, []string{"occurred_at"}},
		{"occurred_at not a time", map[string]any{"occurred_at": "2026-11-26"}, []string{"occurred_at"}},
		{"details over 16 KiB", map[string]any{"details": map[string]any{"r": strings.Repeat("x", 16<<10)}}, []string{"details"}},
		{"details an array", map[string]any{"details": []any{1}}, []string{"details"}},
		{"details a string", map[string]any{"details": "{}"}, []string{"details"}},
		{"NUL in details", map[string]any{"details": map[string]any{"r": "a\x00"}}, []string{"details"}},
		{"NUL in a details key", map[string]any{"details": map[string]any{"a\x00": 1}}, []string{"details"}},
		{"integer above 2^53-1 in details", map[string]any{"details": map[string]any{"n": []any{9007199254740992}}}, []string{"details"}},
		{"status an integer", map[string]any{"status": 1}, []string{"status"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := v.sub(t)
			over := map[string]any{}
			for k, val := range tc.over {
				if now, ok := val.(func() string); ok {
					val = now()
				}
				over[k] = val
			}
			p := wantProblem(t, v.do("POST", path, admin, attemptBody(over)), 422, tc.fields...)
			if len(p.Errors) < len(tc.fields) {
				t.Errorf("%d problems, want %d at once: %+v", len(p.Errors), len(tc.fields), p.Errors)
			}
		})
	}
	raw := []struct{ name, body string }{
		{"number beyond float64 in details", `{"system":"bling","status":"error","message":"m","details":{"n":1e400}}`},
		{"integer beyond int64 in details", `{"system":"bling","status":"error","message":"m","details":{"n":-99999999999999999999}}`},
	}
	for _, tc := range raw {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := v.sub(t)
			wantProblem(t, v.do("POST", path, admin, tc.body), 422, "details")
		})
	}
	t.Cleanup(func() {
		if n := len(walk[httpapi.AttemptResponse](v, admin, path)); n != 0 {
			t.Errorf("%d invalid attempts stored", n)
		}
		if g := v.getOrder(admin, o.ID); g.Integration.Status != "none" {
			t.Errorf("invalid attempts changed the summary: %+v", g.Integration)
		}
	})
}

// TestAttemptLimits checks values at the limits are accepted: characters
// not bytes, details measured compact, 5 minutes of clock skew.
func TestAttemptLimits(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	o := v.createOrder(admin, nil)
	path := "/orders/" + o.ID + "/integration-history"
	const pad = 16<<10 - len(`{"r":""}`) // a details object of exactly 16 KiB compact
	tests := []struct {
		name string
		body string
	}{
		{"message of 2000 two-byte chars", `{"system":"bling","status":"success","message":"` + strings.Repeat("é", 2000) + `"}`},
		{"action, external_id and error_code at their limits", fmt.Sprintf(`{"system":"%s","status":"error","message":"m","action":"%s","external_id":"%s","error_code":"%s"}`,
			strings.Repeat("s", 64), strings.Repeat("a", 100), strings.Repeat("e", 200), strings.Repeat("c", 64))},
		{"occurred_at 4 min in the future", `{"system":"bling","status":"success","message":"m","occurred_at":"` + ts(time.Now().Add(4*time.Minute)) + `"}`},
		{"details of 16 KiB sent with white space", `{"system":"bling","status":"success","message":"m","details": { "r" : "` + strings.Repeat("x", pad) + `" } }`},
		{"details of 16 KiB with HTML characters", `{"system":"bling","status":"success","message":"m","details":{"r":"` + strings.Repeat("<", pad) + `"}}`},
		{"details of 16 KiB sent with \\u escapes", `{"system":"bling","status":"success","message":"m","details":{"r":"` + strings.Repeat(`\u0078`, 100) + strings.Repeat("x", pad-100) + `"}}`},
		{"details at 2^53-1", `{"system":"bling","status":"success","message":"m","details":{"n":9007199254740991,"f":1.5e300}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := v.sub(t)
			v.must(v.do("POST", path, admin, tc.body), 201)
		})
	}
	t.Run("details of 16 KiB + 1", func(t *testing.T) {
		t.Parallel()
		v := v.sub(t)
		wantProblem(t, v.do("POST", path, admin, `{"system":"bling","status":"success","message":"m","details":{"r":"`+strings.Repeat("x", pad+1)+`"}}`), 422, "details")
	})
}

// TestAttemptKeepsUpdatedAt checks that recording an attempt changes the
// summary but not the order's updated_at, and that the summary is visible
// at once in the order and in the list.
func TestAttemptKeepsUpdatedAt(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	o := v.createOrder(admin, nil)
	v.record(admin, o.ID, map[string]any{"status": "error", "message": "Cliente sem CPF", "error_code": "customer.document_missing"})
	g := v.getOrder(admin, o.ID)
	if g.UpdatedAt != o.UpdatedAt {
		t.Errorf("updated_at %s -> %s after an attempt", o.UpdatedAt, g.UpdatedAt)
	}
	if g.Integration.Status != "error" {
		t.Errorf("integration = %+v", g.Integration)
	}
	list := walk[httpapi.OrderResponse](v, admin, "/orders?integration_status=error")
	if len(list) != 1 || list[0].ID != o.ID || !equalJSON(list[0], g) {
		t.Errorf("list right after the 201 = %s", mustJSON(t, list))
	}
	if n := len(walk[httpapi.OrderResponse](v, admin, "/orders?updated_after="+ts(parseAPITime(t, o.UpdatedAt).Add(time.Microsecond)))); n != 0 {
		t.Errorf("updated_after sees the order after an attempt: %d", n)
	}
}
