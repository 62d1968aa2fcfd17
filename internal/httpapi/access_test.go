package httpapi_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi"
)

// TestRoles is the matrix of SPEC 4: what each role may do in its store.
func TestRoles(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	tokens := map[auth.Role]string{
		auth.RoleAdmin:     v.key("a", auth.RoleAdmin),
		auth.RoleReader:    v.key("a", auth.RoleReader),
		auth.RoleConnector: v.key("a", auth.RoleConnector, "bling"),
	}
	o := v.createOrder(tokens[auth.RoleAdmin], nil)
	routes := []struct {
		method, path string
		body         func() any
		admin        int
		reader       int
		connector    int
	}{
		{"GET", "/orders", nil, 200, 200, 200},
		{"POST", "/orders", func() any { return v.orderBody(nil) }, 201, 403, 403},
		{"GET", "/orders/" + o.ID, nil, 200, 200, 200},
		{"PATCH", "/orders/" + o.ID, func() any { return map[string]any{"status": "paid"} }, 200, 403, 403},
		{"GET", "/orders/" + o.ID + "/integration-history", nil, 200, 200, 200},
		{"POST", "/orders/" + o.ID + "/integration-history", func() any { return attemptBody(nil) }, 201, 403, 201},
		{"GET", "/integration-history", nil, 200, 200, 200},
		{"POST", "/integration-history/batch", func() any {
			return map[string]any{"attempts": []any{attemptBody(map[string]any{"order_id": o.ID})}}
		}, 200, 403, 200},
	}
	for _, rt := range routes {
		for role, want := range map[auth.Role]int{auth.RoleAdmin: rt.admin, auth.RoleReader: rt.reader, auth.RoleConnector: rt.connector} {
			t.Run(string(role)+" "+rt.method+" "+rt.path, func(t *testing.T) {
				t.Parallel()
				v := v.sub(t)
				var body any
				if rt.body != nil {
					body = rt.body()
				}
				r := v.do(rt.method, rt.path, tokens[role], body)
				if want == 403 {
					wantProblem(t, r, 403)
				} else {
					v.must(r, want)
				}
			})
		}
	}
	t.Cleanup(func() {
		// admin and connector each stored one attempt and one batch item; the reader none
		if n := len(walk[httpapi.AttemptResponse](v, tokens[auth.RoleReader], "/integration-history")); n != 4 {
			t.Errorf("%d attempts stored, want 4", n)
		}
		if n := len(walk[httpapi.OrderResponse](v, tokens[auth.RoleReader], "/orders")); n != 2 {
			t.Errorf("%d orders, want 2", n)
		}
	})
}

// TestConnectorSystem: a connector records for its own system, by default
// or by name, and never for another one (403).
func TestConnectorSystem(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	tiny := v.key("a", auth.RoleConnector, "tiny")
	o := v.createOrder(admin, nil)
	path := "/orders/" + o.ID + "/integration-history"

	a := v.record(tiny, o.ID, map[string]any{"system": nil})
	if a.System != "tiny" {
		t.Errorf("system = %q, want the connector's own, tiny", a.System)
	}
	if a := v.record(tiny, o.ID, map[string]any{"system": "tiny"}); a.System != "tiny" {
		t.Errorf("system = %q", a.System)
	}
	wantProblem(t, v.do("POST", path, tiny, attemptBody(map[string]any{"system": "bling"})), 403)
	wantProblem(t, v.do("POST", path, admin, attemptBody(map[string]any{"system": nil})), 422, "system")
	if a := v.record(admin, o.ID, map[string]any{"system": "omie"}); a.System != "omie" {
		t.Errorf("admin recorded for %q, want omie", a.System)
	}
	g := v.getOrder(tiny, o.ID)
	if len(g.Integration.Systems) != 2 || g.Integration.Systems[0].System != "omie" || g.Integration.Systems[1].Attempts != 2 {
		t.Errorf("systems = %s", mustJSON(t, g.Integration.Systems))
	}
}

// TestStoreIsolation: another store's order is 404 on every route, exactly
// like a missing one, and never shows in lists.
func TestStoreIsolation(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	adminA := v.key("a", auth.RoleAdmin)
	o := v.createOrder(adminA, map[string]any{"number": "A-1"})
	v.record(adminA, o.ID, map[string]any{"status": "error", "error_code": "timeout"})
	missing := uuid.NewString()
	b := map[string]string{
		"admin":     v.key("b", auth.RoleAdmin),
		"reader":    v.key("b", auth.RoleReader),
		"connector": v.key("b", auth.RoleConnector, "bling"),
	}
	routes := []struct {
		method, suffix string
		body           any
		roles          []string
	}{
		{"GET", "", nil, []string{"admin", "reader", "connector"}},
		{"PATCH", "", map[string]any{"status": "paid"}, []string{"admin"}},
		{"GET", "/integration-history", nil, []string{"admin", "reader", "connector"}},
		{"POST", "/integration-history", attemptBody(nil), []string{"admin", "connector"}},
	}
	for _, rt := range routes {
		for _, role := range rt.roles {
			t.Run(role+" "+rt.method+rt.suffix, func(t *testing.T) {
				t.Parallel()
				v := v.sub(t)
				other := wantProblem(t, v.do(rt.method, "/orders/"+o.ID+rt.suffix, b[role], rt.body), 404)
				none := wantProblem(t, v.do(rt.method, "/orders/"+missing+rt.suffix, b[role], rt.body), 404)
				if other.Type != none.Type || other.Title != none.Title || other.Detail != none.Detail {
					t.Errorf("another store's order %+v differs from a missing one %+v", other, none)
				}
			})
		}
	}
	t.Run("lists", func(t *testing.T) {
		t.Parallel()
		v := v.sub(t)
		ob := v.createOrder(b["admin"], map[string]any{"number": "A-1"}) // numbers are per store
		for _, role := range []string{"admin", "reader", "connector"} {
			for _, q := range []string{"", "?number=A-1", "?integration_status=error", "?system=bling", "?sort=updated_at"} {
				for _, got := range walk[httpapi.OrderResponse](v, b[role], "/orders"+q) {
					if got.ID != ob.ID {
						t.Errorf("%s /orders%s shows %s", role, q, got.ID)
					}
				}
			}
			for _, q := range []string{"", "?system=bling", "?error_code=timeout", "?status=error"} {
				if got := walk[httpapi.AttemptResponse](v, b[role], "/integration-history"+q); len(got) != 0 {
					t.Errorf("%s /integration-history%s shows %d of store a's attempts", role, q, len(got))
				}
			}
		}
		r := decode[httpapi.BatchResponse](t, v.must(v.do("POST", "/integration-history/batch", b["admin"],
			map[string]any{"attempts": []any{attemptBody(map[string]any{"order_id": o.ID})}}), 200))
		if len(r.Results) != 1 || r.Results[0].Status != 404 || r.Results[0].Problem == nil {
			t.Errorf("batch on store a's order = %s", mustJSON(t, r))
		}
	})
	t.Cleanup(func() {
		g := v.getOrder(adminA, o.ID)
		if g.Status != "pending" || g.Integration.Status != "error" || g.Integration.Systems[0].Attempts != 1 {
			t.Errorf("store b changed store a's order: %s", mustJSON(t, g))
		}
	})
}

// TestSecretsNotShown: a key's secret appears in no response and no log line.
func TestSecretsNotShown(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	token := v.key("a", auth.RoleAdmin)
	secret := token[len(token)-43:] // oak_<id hex>_<43 chars of base64url secret>
	o := v.createOrder(token, nil)
	var bodies []string
	for _, r := range []resp{
		v.do("GET", "/orders/"+o.ID, token, nil),
		v.do("GET", "/orders?bogus=1", token, nil),
		v.do("POST", "/orders", token, `{"number":`),
		v.do("GET", "/orders", token+"x", nil),
		v.do("GET", "/orders", "", nil, "Authorization", "Token "+token),
	} {
		bodies = append(bodies, string(r.Body))
	}
	if strings.Contains(strings.Join(bodies, "\n"), secret) {
		t.Error("a response shows the secret")
	}
	if logs := v.logs.String(); logs == "" || strings.Contains(logs, secret) {
		t.Errorf("the logs are empty or show the secret (%d bytes)", len(logs))
	}
}
