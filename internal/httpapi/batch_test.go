package httpapi_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi"
)

// TestBatch: one result per attempt in request order; the invalid ones are
// not stored, the valid ones are, with their summaries.
func TestBatch(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	tiny := v.key("a", auth.RoleConnector, "tiny")
	o1, o2 := v.createOrder(admin, nil), v.createOrder(admin, nil)
	ob := v.createOrder(v.key("b", auth.RoleAdmin), nil)
	item := func(orderID string, over map[string]any) map[string]any {
		b := attemptBody(over)
		b["order_id"] = orderID
		return b
	}
	tests := []struct {
		name    string
		token   string
		items   []any
		want    []int
		field   map[int]string // result index -> field its problem names
		systems map[int]string // result index -> system of the stored attempt
	}{
		{"admin", admin, []any{
			item(o1.ID, map[string]any{"status": "error", "message": "first"}),
			item(o2.ID, map[string]any{"system": "tiny"}),
			item(uuid.NewString(), nil),
			item(ob.ID, nil),
			item(o1.ID, map[string]any{"status": "done"}),
			item(o1.ID, map[string]any{"colour": "red"}),
			item("not-a-uuid", nil),
			map[string]any{"system": "bling", "status": "success", "message": "no order"},
			item(o1.ID, map[string]any{"system": "omie", "message": "last"}),
			item(o1.ID, map[string]any{"recorded_at": "2026-01-01T00:00:00Z"}),
		}, []int{201, 201, 404, 404, 422, 422, 422, 422, 201, 422},
			map[int]string{4: "status", 5: "colour", 6: "order_id", 7: "order_id", 9: "recorded_at"},
			map[int]string{0: "bling", 1: "tiny", 8: "omie"}},
		{"connector", tiny, []any{
			item(o1.ID, map[string]any{"system": nil}),
			item(o1.ID, map[string]any{"system": "bling"}),
			item(o2.ID, map[string]any{"system": "tiny", "status": "pending"}),
		}, []int{201, 403, 201}, nil, map[int]string{0: "tiny", 2: "tiny"}},
	}
	for _, tc := range tests {
		r := v.must(v.do("POST", "/integration-history/batch", tc.token, map[string]any{"attempts": tc.items}), 200)
		res := decode[httpapi.BatchResponse](t, r).Results
		if len(res) != len(tc.want) {
			t.Fatalf("%s: %d results, want %d: %s", tc.name, len(res), len(tc.want), r.Body)
		}
		for i, want := range tc.want {
			got := res[i]
			if got.Status != want {
				t.Errorf("%s: result %d: status %d, want %d: %s", tc.name, i, got.Status, want, mustJSON(t, got))
				continue
			}
			if want == 201 {
				in := tc.items[i].(map[string]any)
				if got.Attempt == nil || got.Problem != nil || got.Attempt.OrderID != in["order_id"] ||
					got.Attempt.System != tc.systems[i] || got.Attempt.Message != in["message"] {
					t.Errorf("%s: result %d = %s, want the attempt of item %v", tc.name, i, mustJSON(t, got), in)
				}
				continue
			}
			if got.Attempt != nil || got.Problem == nil || got.Problem.Status != want || got.Problem.Type == "" ||
				got.Problem.Title == "" || got.Problem.Detail == "" {
				t.Errorf("%s: result %d = %s, want a problem", tc.name, i, mustJSON(t, got))
			} else if f := tc.field[i]; f != "" && !hasField(*got.Problem, f) {
				t.Errorf("%s: result %d: problem does not name %q: %s", tc.name, i, f, mustJSON(t, got.Problem))
			}
		}
	}
	// stored: o1 bling, omie, tiny; o2 tiny twice; nothing in store b
	h1 := walk[httpapi.AttemptResponse](v, admin, "/orders/"+o1.ID+"/integration-history")
	h2 := walk[httpapi.AttemptResponse](v, admin, "/orders/"+o2.ID+"/integration-history")
	if len(h1) != 3 || len(h2) != 2 {
		t.Errorf("histories have %d and %d records, want 3 and 2", len(h1), len(h2))
	}
	g := v.getOrder(admin, o1.ID)
	if g.Integration.Status != "error" || len(g.Integration.Systems) != 3 || g.Integration.Systems[0].Message != "first" {
		t.Errorf("o1 integration = %s", mustJSON(t, g.Integration))
	}
	if g := v.getOrder(admin, o2.ID); g.Integration.Status != "pending" || g.Integration.Systems[0].Attempts != 2 {
		t.Errorf("o2 integration = %s", mustJSON(t, g.Integration))
	}
	if g := v.getOrder(v.key("b", auth.RoleReader), ob.ID); g.Integration.Status != "none" {
		t.Errorf("store b's order got an attempt: %s", mustJSON(t, g.Integration))
	}
}

// TestBatchSize: 1 to 500 attempts; 0 or 501 is 422 and stores nothing.
func TestBatchSize(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	o := v.createOrder(admin, nil)
	items := func(n int) map[string]any {
		list := make([]any, n)
		for i := range list {
			list[i] = attemptBody(map[string]any{"order_id": o.ID})
		}
		return map[string]any{"attempts": list}
	}
	for _, body := range []any{items(0), items(501), `{}`, `{"attempts":null}`, `{"attempts":{}}`, `{"attempts":[],"extra":1}`} {
		wantProblem(t, v.do("POST", "/integration-history/batch", admin, body), 422)
	}
	r := decode[httpapi.BatchResponse](t, v.must(v.do("POST", "/integration-history/batch", admin, items(500)), 200))
	if len(r.Results) != 500 || r.Results[499].Status != 201 {
		t.Errorf("500 items: %d results", len(r.Results))
	}
	if g := v.getOrder(admin, o.ID); g.Integration.Systems[0].Attempts != 500 {
		t.Errorf("attempts = %d, want 500", g.Integration.Systems[0].Attempts)
	}
}

// TestBatchIdempotent: one Idempotency-Key covers the whole batch.
func TestBatchIdempotent(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	o := v.createOrder(admin, nil)
	body := map[string]any{"attempts": []any{
		attemptBody(map[string]any{"order_id": o.ID}),
		attemptBody(map[string]any{"order_id": uuid.NewString()}),
	}}
	key := []string{"Idempotency-Key", "batch-1"}
	first := v.must(v.do("POST", "/integration-history/batch", admin, body, key...), 200)
	again := v.must(v.do("POST", "/integration-history/batch", admin, body, key...), 200)
	if again.Header.Get(replayed) != "true" || !bytes.Equal(again.Body, first.Body) {
		t.Errorf("retry: %s=%q", replayed, again.Header.Get(replayed))
	}
	p := wantProblem(t, v.do("POST", "/integration-history/batch", admin, map[string]any{"attempts": body["attempts"].([]any)[:1]}, key...), 422)
	if !strings.Contains(p.Type, "idempotency") {
		t.Errorf("type %q", p.Type)
	}
	if n := len(walk[httpapi.AttemptResponse](v, admin, "/integration-history")); n != 1 {
		t.Errorf("%d attempts stored, want 1", n)
	}
}
