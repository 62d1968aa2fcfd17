package httpapi_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi"
)

// TestBadRequests covers the 400 row of SPEC 7: malformed JSON, members
// given twice in a body (at any depth: never the last one silently kept),
// bad and unknown query parameters (on GET and POST routes), bad cursors.
func TestBadRequests(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	o := v.createOrder(admin, nil)
	v.createOrder(admin, nil)
	hist := "/orders/" + o.ID + "/integration-history"
	first := decode[page[httpapi.OrderResponse]](t, v.must(v.do("GET", "/orders?status=pending&limit=1", admin, nil), 200))
	if first.NextCursor == nil {
		t.Fatal("no next_cursor with 2 orders and limit=1")
	}
	cur := *first.NextCursor
	attempt := attemptBody(nil)
	big := `{"response":"` + strings.Repeat("x", 17<<10) + `"}` // over the 16 KiB of details

	tests := []struct {
		name         string
		method, path string
		body         any
		field        string // the parameter the problem must name, if any
	}{
		{"malformed JSON", "POST", "/orders", `{"number":`, ""},
		{"two JSON values", "POST", "/orders", `{"number":"1"} {}`, ""},
		{"JSON array", "POST", "/orders", `[1]`, ""},
		{"empty body", "POST", "/orders", ``, ""},
		{"malformed attempt", "POST", hist, `{"status":"success",}`, ""},
		{"malformed batch", "POST", "/integration-history/batch", `{"attempts":[`, ""},
		{"malformed patch", "PATCH", "/orders/" + o.ID, `{"status"}`, ""},
		{"order number twice", "POST", "/orders", `{"number":"n1","number":"n2","customer":{"name":"A"},"total_cents":1}`, "number"},
		{"customer twice, the first with an unknown field", "POST", "/orders",
			`{"number":"n3","customer":{"name":"A","phone":"123"},"customer":{"name":"B"},"total_cents":1}`, "customer"},
		{"member twice in an item", "POST", "/orders", `{"number":"n4","customer":{"name":"A"},"total_cents":2,` +
			`"items":[{"sku":"a","name":"b","quantity":1,"unit_price_cents":1,"quantity":2}]}`, "items[0].quantity"},
		{"member twice, one spelled with an escape", "POST", "/orders",
			`{"number":"n5","customer":{"name":"A"},"total_cents":1,"total_cent\u0073":2}`, "total_cents"},
		{"details twice, the first over 16 KiB", "POST", hist,
			`{"system":"bling","status":"error","message":"m","details":` + big + `,"details":{"a":1}}`, "details"},
		{"member twice inside details", "POST", hist,
			`{"system":"bling","status":"error","message":"m","details":{"http":{"status":422,"status":200}}}`, "details.http.status"},
		{"attempt message twice", "POST", hist, `{"system":"bling","status":"error","message":"a","message":"b"}`, "message"},
		{"patch status twice", "PATCH", "/orders/" + o.ID, `{"status":"canceled","status":"paid"}`, "status"},
		{"patch customer member twice", "PATCH", "/orders/" + o.ID, `{"customer":{"name":"A","name":"B"}}`, "customer.name"},
		{"batch attempts twice", "POST", "/integration-history/batch",
			`{"attempts":[{"order_id":"` + o.ID + `","system":"bling","status":"error","message":"m"}],"attempts":[]}`, "attempts"},
		{"bad status", "GET", "/orders?status=lost", nil, "status"},
		{"bad integration_status", "GET", "/orders?integration_status=failed", nil, "integration_status"},
		{"bad system", "GET", "/orders?system=Bling", nil, "system"},
		{"bad placed_after", "GET", "/orders?placed_after=yesterday", nil, "placed_after"},
		{"placed_before year 10000", "GET", "/orders?placed_before=10000-01-01T00:00:00Z", nil, "placed_before"},
		{"bad updated_after", "GET", "/orders?updated_after=2026-13-01T00:00:00Z", nil, "updated_after"},
		{"bad sort", "GET", "/orders?sort=total_cents", nil, "sort"},
		{"limit 0", "GET", "/orders?limit=0", nil, "limit"},
		{"limit 201", "GET", "/orders?limit=201", nil, "limit"},
		{"limit not a number", "GET", "/orders?limit=ten", nil, "limit"},
		{"empty number", "GET", "/orders?number=", nil, "number"},
		{"history limit 201", "GET", hist + "?limit=201", nil, "limit"},
		{"history bad status", "GET", "/integration-history?status=done", nil, "status"},
		{"history bad error_code", "GET", "/integration-history?error_code=Bad%20Code", nil, "error_code"},
		{"history bad occurred_after", "GET", hist + "?occurred_after=now", nil, "occurred_after"},
		{"history bad occurred_before", "GET", "/integration-history?occurred_before=2026-01-01", nil, "occurred_before"},
		{"unknown param on list", "GET", "/orders?page=2", nil, "page"},
		{"unknown param on get", "GET", "/orders/" + o.ID + "?expand=items", nil, "expand"},
		{"unknown param on history", "GET", hist + "?order_id=" + o.ID, nil, "order_id"},
		{"unknown param on store history", "GET", "/integration-history?sort=occurred_at", nil, "sort"},
		{"unknown param on healthz", "GET", "/healthz?verbose=1", nil, "verbose"},
		{"unknown param on POST orders", "POST", "/orders?dry_run=1", v.orderBody(nil), "dry_run"},
		{"unknown param on POST history", "POST", hist + "?system=bling", attempt, "system"},
		{"unknown param on POST batch", "POST", "/integration-history/batch?x=1", map[string]any{"attempts": []any{attempt}}, "x"},
		{"unknown param on PATCH", "PATCH", "/orders/" + o.ID + "?x=1", map[string]any{"status": "paid"}, "x"},
		{"param given twice", "GET", "/orders?status=paid&status=pending", nil, "status"},
		{"garbage cursor", "GET", "/orders?cursor=abc", nil, "cursor"},
		{"tampered cursor", "GET", "/orders?status=pending&limit=1&cursor=" + tamper(t, cur), nil, "cursor"},
		{"cursor with other filters", "GET", "/orders?status=paid&limit=1&cursor=" + cur, nil, "cursor"},
		{"cursor without its filters", "GET", "/orders?limit=1&cursor=" + cur, nil, "cursor"},
		{"orders cursor on history", "GET", "/integration-history?status=pending&limit=1&cursor=" + cur, nil, "cursor"},
		{"Idempotency-Key too long", "POST", "/orders", v.orderBody(nil), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := v.sub(t)
			var hdr []string
			if strings.HasPrefix(tc.name, "Idempotency-Key") {
				hdr = []string{"Idempotency-Key", strings.Repeat("k", 256)}
			}
			p := wantProblem(t, v.do(tc.method, tc.path, admin, tc.body, hdr...), 400)
			if tc.field != "" && !hasField(p, tc.field) {
				t.Errorf("problem does not name %q: %+v", tc.field, p)
			}
			if tc.body != nil && strings.Contains(tc.name, "twice") && !strings.Contains(p.Detail, `"`+tc.field+`"`) {
				t.Errorf("detail %q does not name %q", p.Detail, tc.field)
			}
		})
	}
	// in a batch, a member twice inside one attempt is that attempt's 400, as
	// its other shape problems are, and the other attempts are stored
	t.Run("batch attempt with a member twice", func(t *testing.T) {
		t.Parallel()
		v := v.sub(t)
		body := `{"attempts":[{"order_id":"` + o.ID + `","system":"bling","status":"error","message":"a","message":"b"},` +
			`{"order_id":"` + o.ID + `","system":"omie","status":"success","message":"ok","details":{"k":1}}]}`
		res := decode[httpapi.BatchResponse](t, v.must(v.do("POST", "/integration-history/batch", admin, body), 200)).Results
		if len(res) != 2 || res[0].Status != 400 || res[0].Problem == nil || !hasField(*res[0].Problem, "message") ||
			res[1].Status != 201 || res[1].Attempt == nil || res[1].Attempt.System != "omie" {
			t.Fatalf("results = %s, want a 400 naming message, then a 201 for omie", mustJSON(t, res))
		}
	})
	t.Cleanup(func() {
		// nothing of the refused requests was stored or changed
		if n := len(walk[httpapi.OrderResponse](v, admin, "/orders")); n != 2 {
			t.Errorf("%d orders stored, want 2", n)
		}
		if got := v.getOrder(admin, o.ID); got.Status != o.Status || !equalJSON(got.Customer, o.Customer) {
			t.Errorf("order changed by refused PATCHes: %+v", got)
		}
		if h := walk[httpapi.AttemptResponse](v, admin, hist); len(h) != 1 || h[0].System != "omie" {
			t.Errorf("history = %s, want only the batch's omie attempt", mustJSON(t, h))
		}
	})
}

// TestUnauthorized covers 401: no key, garbage, unknown and revoked keys.
func TestUnauthorized(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	k, token := v.newKey("a", auth.RoleAdmin)
	other := v.key("a", auth.RoleAdmin)
	wrongSecret := other[:len(other)-1] + "A"
	if wrongSecret == other {
		wrongSecret = other[:len(other)-1] + "B"
	}
	v.must(v.do("GET", "/orders", token, nil), 200)
	if err := v.keys.Revoke(context.Background(), k.ID); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, method, path, auth string
	}{
		{"no key", "GET", "/orders", ""},
		{"no key on POST", "POST", "/orders", ""},
		{"garbage key", "GET", "/orders", "Bearer garbage"},
		{"wrong secret", "GET", "/orders", "Bearer " + wrongSecret},
		{"basic scheme", "GET", "/orders", "Basic " + token},
		{"empty bearer", "GET", "/integration-history", "Bearer "},
		{"revoked key", "GET", "/orders", "Bearer " + token},
		{"revoked key on POST", "POST", "/orders", "Bearer " + token},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := v.sub(t)
			var body any
			if tc.method == "POST" {
				body = v.orderBody(nil)
			}
			r := v.do(tc.method, tc.path, "", body, "Authorization", tc.auth)
			wantProblem(t, r, 401)
			if h := r.Header.Get("WWW-Authenticate"); !strings.HasPrefix(h, "Bearer") {
				t.Errorf("WWW-Authenticate = %q, want Bearer", h)
			}
			if strings.Contains(string(r.Body), token) {
				t.Error("the problem echoes the key")
			}
		})
	}
	t.Cleanup(func() {
		if strings.Contains(v.logs.String(), token[len(token)-43:]) {
			t.Error("a key's secret appears in the logs")
		}
	})
}

// TestNotFound covers 404: a missing order, a malformed id, an unknown route.
func TestNotFound(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	missing := uuid.NewString()
	tests := []struct {
		name, method, path string
		body               any
	}{
		{"GET missing order", "GET", "/orders/" + missing, nil},
		{"PATCH missing order", "PATCH", "/orders/" + missing, map[string]any{"status": "paid"}},
		{"GET history of missing order", "GET", "/orders/" + missing + "/integration-history", nil},
		{"POST history of missing order", "POST", "/orders/" + missing + "/integration-history", attemptBody(nil)},
		{"malformed id", "GET", "/orders/12345", nil},
		{"malformed id on PATCH", "PATCH", "/orders/not-a-uuid", map[string]any{"status": "paid"}},
		{"malformed id on history", "GET", "/orders/xyz/integration-history", nil},
		{"malformed id on POST history", "POST", "/orders/xyz/integration-history", attemptBody(nil)},
		{"braced uuid", "GET", "/orders/{" + missing + "}", nil},
		{"unknown route", "GET", "/customers", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := v.sub(t)
			wantProblem(t, v.do(tc.method, tc.path, admin, tc.body), 404)
		})
	}
}

// TestMethodNotAllowed covers 405 with Allow.
func TestMethodNotAllowed(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	o := v.createOrder(admin, nil)
	tests := []struct {
		method, path string
		allow, deny  []string
	}{
		{"DELETE", "/orders/" + o.ID + "/integration-history", []string{"GET", "POST"}, []string{"DELETE", "PATCH"}},
		{"PUT", "/orders/" + o.ID + "/integration-history", []string{"GET", "POST"}, []string{"PUT"}},
		{"DELETE", "/orders/" + o.ID, []string{"GET", "PATCH"}, []string{"DELETE", "POST"}},
		{"PUT", "/orders", []string{"GET", "POST"}, []string{"PUT"}},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			t.Parallel()
			v := v.sub(t)
			r := v.do(tc.method, tc.path, admin, nil)
			wantProblem(t, r, 405)
			allow := strings.Split(strings.ReplaceAll(r.Header.Get("Allow"), " ", ""), ",")
			for _, m := range tc.allow {
				if !contains(allow, m) {
					t.Errorf("Allow %q lacks %s", r.Header.Get("Allow"), m)
				}
			}
			for _, m := range tc.deny {
				if contains(allow, m) {
					t.Errorf("Allow %q lists %s", r.Header.Get("Allow"), m)
				}
			}
		})
	}
	if n := len(walk[httpapi.AttemptResponse](v, admin, "/orders/"+o.ID+"/integration-history")); n != 0 {
		t.Errorf("history has %d records after refused methods", n)
	}
}

// tamper changes the position inside a cursor, keeping it well-formed
// base64url JSON with its old checksum.
func tamper(t *testing.T, cursor string) string {
	t.Helper()
	payload, sum, ok := strings.Cut(cursor, ".")
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if !ok || err != nil {
		t.Fatalf("cursor %q is not base64url payload.checksum", cursor)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("cursor payload %q: %v", raw, err)
	}
	m["t"] = 1
	return base64.RawURLEncoding.EncodeToString(mustJSON(t, m)) + "." + sum
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
