package httpapi_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/config"
	"github.com/orders-api/orders-api/internal/httpapi"
)

// authzRow is what SPEC 4, 6 and 7 say of one route, written out here
// rather than read from routes.go, so that the matrix checks the route
// table instead of repeating it.
type authzRow struct {
	public   bool        // no key needed
	roles    []auth.Role // who may call it
	byID     bool        // names an order in the path: another store's is 404
	system   bool        // records an attempt for system "bling": a connector of another system is 403
	batch    bool        // POST /integration-history/batch: the order is in the body, outcomes per item
	list     bool        // a list: never shows another store's rows
	success  int
	path     string // for a wildcard route, the path to request
	optional bool   // specified, but not every build registers it yet
	body     any    // the body to send, instead of an attempt's
	// ofRequest: names a request of system bling in the path (:rid): another
	// store's is 404, a connector of another system 403 on its own store's
	ofRequest bool
}

var (
	anyRole = []auth.Role{auth.RoleAdmin, auth.RoleReader, auth.RoleConnector}
	writers = []auth.Role{auth.RoleAdmin, auth.RoleConnector}
	admins  = []auth.Role{auth.RoleAdmin}
)

// authzRows has one row per route of SPEC 6. A route that the server
// registers without a row here fails TestAuthorizationMatrix.
var authzRows = map[string]authzRow{
	"GET /orders":                          {roles: anyRole, list: true, success: 200},
	"POST /orders":                         {roles: admins, success: 201},
	"GET /orders/:id":                      {roles: anyRole, byID: true, success: 200},
	"PATCH /orders/:id":                    {roles: admins, byID: true, success: 200},
	"GET /orders/:id/integration-history":  {roles: anyRole, byID: true, list: true, success: 200},
	"POST /orders/:id/integration-history": {roles: writers, byID: true, system: true, success: 201},
	"GET /integration-history":             {roles: anyRole, list: true, success: 200},
	"POST /integration-history/batch":      {roles: writers, batch: true, system: true, success: 200},
	"GET /healthz":                         {public: true, success: 200},
	"GET /readyz":                          {public: true, success: 200},
	"HEAD /healthz":                        {public: true, success: 200},
	"HEAD /readyz":                         {public: true, success: 200},
	"GET /metrics":                         {public: true, success: 200, optional: true},
	"GET /openapi.json":                    {public: true, success: 200, optional: true},
	"GET /openapi.yaml":                    {public: true, success: 200, optional: true},
	"GET /swagger/*":                       {public: true, success: 200, path: "/swagger/index.html"},
	"GET /admin":                           {public: true, success: 301},
	"GET /admin/*":                         {public: true, success: 200, path: "/admin/"},
	"HEAD /admin":                          {public: true, success: 301},
	"HEAD /admin/*":                        {public: true, success: 200, path: "/admin/"},

	"POST /orders/:id/integration-requests": {roles: admins, byID: true, success: 201, body: map[string]any{"system": "tiny"}},
	"GET /orders/:id/integration-requests":  {roles: anyRole, byID: true, list: true, success: 200},
	"GET /integration-requests":             {roles: anyRole, list: true, success: 200},
	"GET /integration-requests/:rid":        {roles: anyRole, byID: true, success: 200},
	"POST /integration-requests/lease":      {roles: writers, system: true, success: 200, body: map[string]any{"system": "bling"}},
	"POST /integration-requests/:rid/release": {roles: writers, ofRequest: true, success: 409,
		body: map[string]any{"lease_token": "olt_stale"}},
	"POST /integration-requests/:rid/extend": {roles: writers, ofRequest: true, success: 409,
		body: map[string]any{"lease_token": "olt_stale"}},
	"POST /integration-requests/bulk": {roles: admins, success: 200,
		body: map[string]any{"system": "bling", "dry_run": true}},
	"GET /jobs/:jid":         {roles: admins, byID: true, success: 200},
	"POST /jobs/:jid/cancel": {roles: admins, byID: true, success: 409},
	// a stream never ends: a bad filter shows who gets past authorization (TestStream covers 200)
	"GET /integration-history/stream": {roles: anyRole, success: 400, path: "/integration-history/stream?status=bogus"},
	"GET /integration-history/export": {roles: anyRole, success: 200},
	"GET /integration-stats":          {roles: anyRole, success: 200},
}

// caller is one column of the matrix: a credential and what it stands for.
type caller struct {
	name   string
	token  string
	store  string
	role   auth.Role // empty: no valid credential (401)
	system string
}

// want returns the status expected for c calling row on an order of store,
// and, for a batch, the status of its one item.
func (row authzRow) want(c caller, store string) (status, item int) {
	switch {
	case row.public:
		return row.success, 0
	case c.role == "":
		return 401, 0
	case !(auth.Identity{Role: c.role}).Is(row.roles...):
		return 403, 0
	case row.ofRequest && store != c.store:
		return 404, 0
	case row.ofRequest && c.role == auth.RoleConnector && c.system != "bling":
		return 403, 0
	case row.system && c.role == auth.RoleConnector && c.system != "bling":
		if row.batch {
			return 200, 403
		}
		return 403, 0
	case row.batch && store != c.store:
		return 200, 404
	case row.batch:
		return 200, 201
	case row.byID && store != c.store:
		return 404, 0
	}
	return row.success, 0
}

// TestAuthorizationMatrix walks the server's route table: every route x
// every caller (admin, reader, connector of the right and of another
// system, no key, revoked key, another store's admin) x an order of each
// store, against the expected status (OWASP API1 object level, API5
// function level).
func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("acme", auth.RoleAdmin)
	revoked, revokedToken := v.newKey("acme", auth.RoleAdmin)
	if err := v.keys.Revoke(t.Context(), revoked.ID); err != nil {
		t.Fatal(err)
	}
	callers := []caller{
		{"admin", admin, "acme", auth.RoleAdmin, ""},
		{"reader", v.key("acme", auth.RoleReader), "acme", auth.RoleReader, ""},
		{"connector", v.key("acme", auth.RoleConnector, "bling"), "acme", auth.RoleConnector, "bling"},
		{"connector of another system", v.key("acme", auth.RoleConnector, "tiny"), "acme", auth.RoleConnector, "tiny"},
		{"no key", "", "acme", "", ""},
		{"revoked key", revokedToken, "acme", "", ""},
		{"key of another store", v.key("globex", auth.RoleAdmin), "globex", auth.RoleAdmin, ""},
	}
	orders := map[string]string{ // store: one of its orders, with an attempt
		"acme":   v.createOrder(admin, nil).ID,
		"globex": v.createOrder(callers[6].token, nil).ID,
	}
	requests := map[string]string{} // store: a request of system bling of its order
	jobs := map[string]string{}     // store: a finished job
	for store, id := range orders {
		token := map[string]string{"acme": admin, "globex": callers[6].token}[store]
		v.record(token, id, nil)
		r := v.must(v.do("POST", "/orders/"+id+"/integration-requests", token, map[string]any{"system": "bling"}), 201)
		requests[store] = decode[httpapi.IntegrationRequestResponse](t, r).ID
		r = v.must(v.do("POST", "/integration-requests/bulk", token, map[string]any{"system": "omie"}), 202)
		jobs[store] = decode[httpapi.JobResponse](t, r).ID
		v.runJobs()
	}

	seen := map[string]bool{}
	for _, rt := range v.h.(*echo.Echo).Routes() {
		name := rt.Method + " " + rt.Path
		row, ok := authzRows[name]
		if !ok {
			t.Errorf("route %s has no row in authzRows: add what each caller may do", name)
			continue
		}
		seen[name] = true
		for _, c := range callers {
			for store, id := range orders {
				t.Run(fmt.Sprintf("%s/%s/%s order", name, c.name, store), func(t *testing.T) {
					t.Parallel()
					v.sub(t).checkAuthz(row, rt, c, store, id, orders, requests[store], jobs[store])
				})
			}
		}
	}
	for name, row := range authzRows {
		if !seen[name] && !row.optional {
			t.Errorf("authzRows has %s, which the server does not register", name)
		}
	}
}

// checkAuthz sends one cell of the matrix and checks its answer.
func (v *env) checkAuthz(row authzRow, rt *echo.Route, c caller, store, id string, orders map[string]string, rid, jid string) {
	t := v.t
	path := strings.NewReplacer(":id", id, ":rid", rid, ":jid", jid).Replace(rt.Path)
	if row.path != "" {
		path = row.path
	}
	var body any
	switch {
	case row.body != nil:
		body = row.body
	case rt.Method == "POST" && rt.Path == "/orders":
		body = v.orderBody(nil)
	case rt.Method == "PATCH":
		body = map[string]any{"status": "paid"}
	case row.batch:
		body = map[string]any{"attempts": []any{attemptBody(map[string]any{"order_id": id})}}
	case rt.Method == "POST":
		body = attemptBody(nil)
	}
	status, item := row.want(c, store)
	r := v.do(rt.Method, path, c.token, body)
	if status >= 400 {
		wantProblem(t, r, status)
	} else if r.Code != status {
		t.Fatalf("status %d, want %d; body: %s", r.Code, status, r.Body)
	}
	if status == 401 && !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("401 without WWW-Authenticate: Bearer")
	}
	if item != 0 {
		res := decode[httpapi.BatchResponse](t, r)
		if len(res.Results) != 1 || res.Results[0].Status != item {
			t.Errorf("batch item = %s, want status %d", mustJSON(t, res), item)
		}
	}
	if row.list && r.Code == 200 {
		for s, other := range orders {
			if s != c.store && bytes.Contains(r.Body, []byte(other)) {
				t.Errorf("%s's list shows store %s's order %s", c.store, s, other)
			}
		}
	}
}

// TestReadOnlyFields: a body may not set what the server owns (OWASP API3,
// mass assignment): every such field is a 422 naming it, and nothing
// changes.
func TestReadOnlyFields(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("acme", auth.RoleAdmin)
	o := v.createOrder(admin, nil)
	a := v.record(admin, o.ID, nil)
	serverOwned := map[string]any{
		"id": "0193a0b2-7c1e-7d2a-9f00-1c2d3e4f5a6b", "created_at": "2020-01-01T00:00:00Z", "updated_at": "2020-01-01T00:00:00Z",
		"integration": map[string]any{"status": "success"}, "store_id": "globex", "store": "globex",
		"order_id": o.ID, "recorded_at": "2020-01-01T00:00:00Z", "seq": 1, "attempts": 9,
	}
	cases := []struct {
		method, path string
		base         func() map[string]any
		fields       []string
	}{
		{"POST", "/orders", func() map[string]any { return v.orderBody(nil) },
			[]string{"id", "created_at", "updated_at", "integration", "store_id", "store"}},
		{"PATCH", "/orders/" + o.ID, func() map[string]any { return map[string]any{"status": "paid"} },
			[]string{"id", "created_at", "updated_at", "integration", "store_id", "number", "currency", "total_cents", "items", "placed_at"}},
		{"POST", "/orders/" + o.ID + "/integration-history", func() map[string]any { return attemptBody(nil) },
			[]string{"id", "order_id", "recorded_at", "store_id", "seq"}},
	}
	for _, tc := range cases {
		for _, f := range tc.fields {
			t.Run(tc.method+" "+tc.path+" "+f, func(t *testing.T) {
				t.Parallel()
				v := v.sub(t)
				body := tc.base()
				if val, ok := serverOwned[f]; ok {
					body[f] = val
				} else {
					body[f] = map[string]any{"number": "X", "currency": "USD", "total_cents": 1, "items": []any{}, "placed_at": "2020-01-01T00:00:00Z"}[f]
				}
				wantProblem(t, v.do(tc.method, tc.path, admin, body), 422, f)
			})
		}
	}
	t.Run("batch items", func(t *testing.T) {
		t.Parallel()
		v := v.sub(t)
		for _, f := range []string{"id", "recorded_at", "store_id", "seq"} {
			item := attemptBody(map[string]any{"order_id": o.ID, f: serverOwned[f]})
			res := decode[httpapi.BatchResponse](t, v.must(v.do("POST", "/integration-history/batch", admin, map[string]any{"attempts": []any{item}}), 200))
			if len(res.Results) != 1 || res.Results[0].Status != 422 || res.Results[0].Problem == nil || !hasField(*res.Results[0].Problem, f) {
				t.Errorf("batch item with %s = %s, want a 422 naming it", f, mustJSON(t, res))
			}
		}
	})
	t.Cleanup(func() {
		g := v.getOrder(admin, o.ID)
		if g.Number != o.Number || g.Status != o.Status || g.TotalCents != o.TotalCents || g.Integration.Systems[0].Attempts != 1 || g.UpdatedAt != o.UpdatedAt {
			t.Errorf("the order changed: %s\nwas %s", mustJSON(t, g), mustJSON(t, o))
		}
		if all := walk[httpapi.AttemptResponse](v, admin, "/integration-history"); len(all) != 1 || all[0].ID != a.ID {
			t.Errorf("history = %s, want only %s", mustJSON(t, all), a.ID)
		}
		if all := walk[httpapi.OrderResponse](v, admin, "/orders"); len(all) != 1 {
			t.Errorf("%d orders, want 1", len(all))
		}
	})
}

// TestRevocationDeadline: with the production key cache, a revoked key is
// refused by every replica within KeyCacheTTL (3 s, under SPEC's 5 s), and
// accepted until then only from a cache filled before the revocation.
func TestRevocationDeadline(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	clock := time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	replicas := []*auth.Keys{auth.NewKeys(v.db.Keys(), now, config.KeyCacheTTL), auth.NewKeys(v.db.Keys(), now, config.KeyCacheTTL)}
	k, token := v.newKey("acme", auth.RoleAdmin)
	for _, r := range replicas {
		if _, err := r.Authenticate(t.Context(), token); err != nil {
			t.Fatal(err)
		}
	}
	if err := replicas[0].Revoke(t.Context(), k.ID); err != nil {
		t.Fatal(err)
	}
	if config.KeyCacheTTL >= 5*time.Second {
		t.Fatalf("KeyCacheTTL %v: a revocation could take longer than 5 s", config.KeyCacheTTL)
	}
	clock = clock.Add(config.KeyCacheTTL)
	for i, r := range replicas {
		if id, err := r.Authenticate(t.Context(), token); err == nil {
			t.Errorf("replica %d accepts the key %v after the revocation: %+v", i, config.KeyCacheTTL, id)
		}
	}
	got, err := v.db.Keys().Key(t.Context(), k.ID)
	if err != nil || got.LastUsedAt == nil || got.RevokedAt == nil {
		t.Errorf("stored key = %+v, %v; want last_used_at and revoked_at set", got, err)
	}
}
