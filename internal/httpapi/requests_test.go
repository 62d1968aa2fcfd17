package httpapi_test

import (
	"strings"
	"testing"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi"
)

// TestRequestEndpoints walks Reenviar end to end over HTTP: ask, the
// pending attempt, the open one answered with 200, a connector's lease,
// the answer with request_id, the lists.
func TestRequestEndpoints(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("acme", auth.RoleAdmin)
	conn := v.key("acme", auth.RoleConnector, "bling")
	o := v.createOrder(admin, nil)
	path := "/orders/" + o.ID + "/integration-requests"

	r := v.must(v.do("POST", path, admin, map[string]any{"system": "bling", "reason": "CPF corrigido"}), 201)
	req := decode[httpapi.IntegrationRequestResponse](t, r)
	if r.Header.Get("Location") != "/integration-requests/"+req.ID || req.State != "queued" || req.Trigger != "manual" ||
		req.RequestedBy == nil || *req.RequestedBy != "test" || req.JobID != nil || req.Deliveries != 0 {
		t.Errorf("created = %+v, Location %q", req, r.Header.Get("Location"))
	}
	wantKeys(t, "request", r.JSON.(map[string]any), "id", "order_id", "system", "state", "reason", "requested_by", "trigger",
		"job_id", "deliveries", "available_at", "leased_until", "attempt_id", "created_at", "completed_at")
	hist := decode[httpapi.AttemptList](t, v.must(v.do("GET", "/orders/"+o.ID+"/integration-history", admin, nil), 200))
	if len(hist.Data) != 1 || hist.Data[0].Message != "Reenvio solicitado: CPF corrigido" || hist.Data[0].RequestID == nil ||
		*hist.Data[0].RequestID != req.ID || hist.Data[0].Status != "pending" {
		t.Errorf("history = %s", mustJSON(t, hist))
	}
	again := decode[httpapi.IntegrationRequestResponse](t, v.must(v.do("POST", path, admin, map[string]any{"system": "bling"}), 200))
	if again.ID != req.ID {
		t.Errorf("second ask answered %s, want the open %s", again.ID, req.ID)
	}

	lease := decode[httpapi.LeaseResponse](t, v.must(v.do("POST", "/integration-requests/lease", conn, map[string]any{}), 200))
	if len(lease.Data) != 1 || lease.Data[0].Request.ID != req.ID || lease.Data[0].Order.ID != o.ID ||
		!strings.HasPrefix(lease.Data[0].LeaseToken, "olt_") || lease.Data[0].Request.State != "leased" {
		t.Fatalf("lease = %s", mustJSON(t, lease))
	}
	token := lease.Data[0].LeaseToken
	got := v.must(v.do("GET", "/integration-requests/"+req.ID, admin, nil), 200)
	if strings.Contains(string(got.Body), token) || strings.Contains(v.logs.String(), token) {
		t.Errorf("the lease token shows in a read or a log")
	}
	ext := decode[httpapi.IntegrationRequestResponse](t, v.must(v.do("POST", "/integration-requests/"+req.ID+"/extend", conn,
		map[string]any{"lease_token": token, "lease_seconds": 600}), 200))
	if ext.LeasedUntil == nil {
		t.Errorf("extended = %+v", ext)
	}
	wantProblem(t, v.do("POST", "/integration-requests/"+req.ID+"/release", conn, map[string]any{"lease_token": "olt_x"}), 409)

	a := v.record(conn, o.ID, map[string]any{"status": "success", "message": "Pedido enviado", "request_id": req.ID})
	if a.RequestID == nil || *a.RequestID != req.ID {
		t.Errorf("attempt = %+v", a)
	}
	done := decode[httpapi.IntegrationRequestResponse](t, v.must(v.do("GET", "/integration-requests/"+req.ID, conn, nil), 200))
	if done.State != "done" || done.AttemptID == nil || *done.AttemptID != a.ID || done.CompletedAt == nil {
		t.Errorf("answered = %+v", done)
	}
	wantProblem(t, v.do("POST", "/integration-requests/"+req.ID+"/release", conn, map[string]any{"lease_token": token}), 409)

	other := v.createOrder(admin, nil)
	wantProblem(t, v.do("POST", "/orders/"+other.ID+"/integration-history", conn,
		attemptBody(map[string]any{"request_id": req.ID})), 422, "request_id")
	wantProblem(t, v.do("POST", "/orders/"+other.ID+"/integration-history", conn,
		attemptBody(map[string]any{"request_id": "nope"})), 422, "request_id")

	list := decode[httpapi.IntegrationRequestList](t, v.must(v.do("GET", "/integration-requests?state=done&system=bling", admin, nil), 200))
	if len(list.Data) != 1 || list.Data[0].ID != req.ID {
		t.Errorf("state=done list = %s", mustJSON(t, list))
	}
	mine := decode[httpapi.IntegrationRequestList](t, v.must(v.do("GET", path, admin, nil), 200))
	if len(mine.Data) != 1 {
		t.Errorf("order's list = %s", mustJSON(t, mine))
	}
	if l := decode[httpapi.IntegrationRequestList](t, v.must(v.do("GET", "/orders/"+other.ID+"/integration-requests", admin, nil), 200)); len(l.Data) != 0 {
		t.Errorf("another order's list = %s", mustJSON(t, l))
	}
}

// TestRequestValidation: every bad field is a 422 naming it; roles and
// systems are 403; another store's request or order is 404.
func TestRequestValidation(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("acme", auth.RoleAdmin)
	conn := v.key("acme", auth.RoleConnector, "bling")
	globex := v.key("globex", auth.RoleAdmin)
	o := v.createOrder(admin, nil)
	path := "/orders/" + o.ID + "/integration-requests"
	wantProblem(t, v.do("POST", path, admin, map[string]any{}), 422, "system")
	wantProblem(t, v.do("POST", path, admin, map[string]any{"system": "Bling!"}), 422, "system")
	wantProblem(t, v.do("POST", path, admin, map[string]any{"system": "bling", "reason": strings.Repeat("é", 501)}), 422, "reason")
	wantProblem(t, v.do("POST", path, admin, map[string]any{"system": "bling", "state": "done"}), 422, "state")
	wantProblem(t, v.do("POST", path, conn, map[string]any{"system": "bling"}), 403)
	wantProblem(t, v.do("POST", path, globex, map[string]any{"system": "bling"}), 404)
	wantProblem(t, v.do("GET", path, globex, nil), 404)
	wantProblem(t, v.do("GET", "/integration-requests?state=open", admin, nil), 400, "state")

	lease := "/integration-requests/lease"
	wantProblem(t, v.do("POST", lease, admin, map[string]any{}), 422, "system")
	wantProblem(t, v.do("POST", lease, conn, map[string]any{"system": "tiny"}), 403)
	wantProblem(t, v.do("POST", lease, conn, map[string]any{"limit": 0, "lease_seconds": 4, "wait_seconds": 21}), 422,
		"limit", "lease_seconds", "wait_seconds")
	wantProblem(t, v.do("POST", lease, conn, map[string]any{"limit": 101, "lease_seconds": 3601}), 422, "limit", "lease_seconds")

	rid := decode[httpapi.IntegrationRequestResponse](t, v.must(v.do("POST", path, admin, map[string]any{"system": "bling"}), 201)).ID
	g := decode[httpapi.LeaseResponse](t, v.must(v.do("POST", lease, conn, map[string]any{"limit": 1}), 200)).Data[0]
	rel := "/integration-requests/" + rid + "/release"
	wantProblem(t, v.do("POST", rel, conn, map[string]any{}), 422, "lease_token")
	wantProblem(t, v.do("POST", rel, conn, map[string]any{"lease_token": g.LeaseToken, "delay_seconds": 86401}), 422, "delay_seconds")
	wantProblem(t, v.do("POST", "/integration-requests/"+rid+"/extend", conn, map[string]any{"lease_token": g.LeaseToken, "lease_seconds": 1}), 422, "lease_seconds")
	wantProblem(t, v.do("POST", rel, v.key("acme", auth.RoleConnector, "tiny"), map[string]any{"lease_token": g.LeaseToken}), 403)
	wantProblem(t, v.do("POST", rel, globex, map[string]any{"lease_token": g.LeaseToken}), 404)
	wantProblem(t, v.do("GET", "/integration-requests/"+rid, globex, nil), 404)
	wantProblem(t, v.do("GET", "/integration-requests/not-a-uuid", admin, nil), 404)
	r := decode[httpapi.IntegrationRequestResponse](t, v.must(v.do("POST", rel, conn, map[string]any{"lease_token": g.LeaseToken, "delay_seconds": 60}), 200))
	if r.State != "queued" || r.LeasedUntil != nil {
		t.Errorf("released = %+v", r)
	}
}

// TestRequestIdempotent: a retried ask with the same Idempotency-Key
// replays the 201 and makes nothing new.
func TestRequestIdempotent(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("acme", auth.RoleAdmin)
	o := v.createOrder(admin, nil)
	path := "/orders/" + o.ID + "/integration-requests"
	body := map[string]any{"system": "bling"}
	first := v.must(v.do("POST", path, admin, body, "Idempotency-Key", "k1"), 201)
	replay := v.must(v.do("POST", path, admin, body, "Idempotency-Key", "k1"), 201)
	if replay.Header.Get("Idempotent-Replayed") != "true" || string(replay.Body) != string(first.Body) {
		t.Errorf("replay = %s %v", replay.Body, replay.Header)
	}
	wantProblem(t, v.do("POST", path, admin, map[string]any{"system": "tiny"}, "Idempotency-Key", "k1"), 422)
	hist := decode[httpapi.AttemptList](t, v.must(v.do("GET", "/orders/"+o.ID+"/integration-history", admin, nil), 200))
	if len(hist.Data) != 1 {
		t.Errorf("history has %d attempts, want 1", len(hist.Data))
	}
}

// TestOrdersByErrorCode: GET /orders?error_code= finds orders with a
// system whose current state has the code; with system, that system's.
func TestOrdersByErrorCode(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("acme", auth.RoleAdmin)
	a, b, c := v.createOrder(admin, nil), v.createOrder(admin, nil), v.createOrder(admin, nil)
	v.record(admin, a.ID, map[string]any{"system": "bling", "status": "error", "error_code": "product.not_found"})
	v.record(admin, a.ID, map[string]any{"system": "tiny", "status": "error", "error_code": "product.not_found"})
	v.record(admin, b.ID, map[string]any{"system": "tiny", "status": "error", "error_code": "product.not_found"})
	v.record(admin, c.ID, map[string]any{"system": "bling", "status": "error", "error_code": "product.not_found"})
	v.record(admin, c.ID, map[string]any{"system": "bling", "status": "success"}) // no longer its state
	ids := func(q string) []string {
		l := decode[httpapi.OrderList](t, v.must(v.do("GET", "/orders?"+q, admin, nil), 200))
		var out []string
		for _, o := range l.Data {
			out = append(out, o.ID)
		}
		return out
	}
	if got := ids("error_code=product.not_found"); strings.Join(got, ",") != b.ID+","+a.ID {
		t.Errorf("error_code = %v, want [b a]", got)
	}
	if got := ids("error_code=product.not_found&system=bling"); strings.Join(got, ",") != a.ID {
		t.Errorf("error_code with system = %v, want [a]", got)
	}
	if got := ids("error_code=product.not_found&sort=-updated_at"); len(got) != 2 {
		t.Errorf("error_code by updated = %v, want 2", got)
	}
	if got := ids("error_code=product.not_found&limit=1"); len(got) != 1 || got[0] != b.ID {
		t.Errorf("first page = %v", got)
	}
	wantProblem(t, v.do("GET", "/orders?error_code=Bad!", admin, nil), 400, "error_code")
}

// runJobs runs bulk jobs' chunks until none is left, as the serving
// process's runner does in the background.
func (v *env) runJobs() {
	v.t.Helper()
	for {
		ran, err := v.jobs.RunChunk(v.t.Context(), 50)
		if err != nil {
			v.t.Fatalf("run jobs: %v", err)
		}
		if !ran {
			return
		}
	}
}

// TestBulkEndpoints: dry run first, then the job with its fixed set, its
// progress, one running job per system, cancel, and filter validation.
func TestBulkEndpoints(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("acme", auth.RoleAdmin)
	var failed []string
	for i := range 6 {
		o := v.createOrder(admin, nil)
		code := "product.not_found"
		if i%3 == 0 {
			code = "customer.document_missing"
		}
		v.record(admin, o.ID, map[string]any{"system": "bling", "status": "error", "error_code": code})
		if code == "product.not_found" {
			failed = append(failed, o.ID)
		}
	}
	v.must(v.do("POST", "/orders/"+failed[0]+"/integration-requests", admin, map[string]any{"system": "bling"}), 201)
	body := map[string]any{"system": "bling", "reason": "Produto cadastrado no ERP", "dry_run": true,
		"filter": map[string]any{"integration_status": "error", "error_code": "product.not_found"}}
	dry := decode[httpapi.DryRunResponse](t, v.must(v.do("POST", "/integration-requests/bulk", admin, body), 200))
	// the open request made failed[0] pending for bling: no longer in the filter
	if dry.Matched != 3 || dry.Open != 0 {
		t.Errorf("dry run = %+v, want 3 matched, 0 open", dry)
	}
	body["filter"] = map[string]any{"error_code": "product.not_found"}
	dry = decode[httpapi.DryRunResponse](t, v.must(v.do("POST", "/integration-requests/bulk", admin, body), 200))
	if dry.Matched != 3 || dry.Open != 0 {
		t.Errorf("dry run by error_code = %+v", dry)
	}
	body["dry_run"] = false
	body["filter"] = map[string]any{"integration_status": "error"}
	r := v.must(v.do("POST", "/integration-requests/bulk", admin, body), 202)
	j := decode[httpapi.JobResponse](t, r)
	if r.Header.Get("Location") != "/jobs/"+j.ID || j.State != "running" || j.Matched != 5 || j.Kind != "integration-requests.bulk" {
		t.Errorf("job = %+v, Location %q", j, r.Header.Get("Location"))
	}
	wantProblem(t, v.do("POST", "/integration-requests/bulk", admin, body), 409)
	v.runJobs()
	j = decode[httpapi.JobResponse](t, v.must(v.do("GET", "/jobs/"+j.ID, admin, nil), 200))
	if j.State != "succeeded" || j.Processed != 5 || j.Created != 5 || j.Skipped != 0 || j.FinishedAt == nil {
		t.Errorf("finished job = %+v", j)
	}
	wantProblem(t, v.do("POST", "/jobs/"+j.ID+"/cancel", admin, nil), 409)
	wantProblem(t, v.do("GET", "/jobs/"+j.ID, v.key("globex", auth.RoleAdmin), nil), 404)
	list := decode[httpapi.IntegrationRequestList](t, v.must(v.do("GET", "/integration-requests?system=bling", admin, nil), 200))
	bulk := 0
	for _, r := range list.Data {
		if r.Trigger == "bulk" && r.JobID != nil && *r.JobID == j.ID {
			bulk++
		}
	}
	if bulk != 5 || len(list.Data) != 6 {
		t.Errorf("requests = %d (%d of the job), want 6 with 5 of the job", len(list.Data), bulk)
	}

	// a running job is canceled; a second job waits for none
	body["system"] = "tiny"
	body["filter"] = map[string]any{"integration_status": "none"}
	j = decode[httpapi.JobResponse](t, v.must(v.do("POST", "/integration-requests/bulk", admin, body), 202))
	c := decode[httpapi.JobResponse](t, v.must(v.do("POST", "/jobs/"+j.ID+"/cancel", admin, nil), 200))
	if c.State != "canceled" || c.Processed != 0 {
		t.Errorf("canceled = %+v", c)
	}
	v.runJobs()

	wantProblem(t, v.do("POST", "/integration-requests/bulk", admin, map[string]any{"system": "bling",
		"filter": map[string]any{"system": "tiny"}}), 422, "filter.system")
	wantProblem(t, v.do("POST", "/integration-requests/bulk", admin, map[string]any{"system": "bling",
		"filter": map[string]any{"integration_status": "bad", "placed_after": "yesterday"}}), 422,
		"filter.integration_status", "filter.placed_after")
	wantProblem(t, v.do("POST", "/integration-requests/bulk", admin, map[string]any{"dry_run": true}), 422, "system")
	wantProblem(t, v.do("POST", "/integration-requests/bulk", v.key("acme", auth.RoleConnector, "bling"), body), 403)
}

// TestLeaseWithoutBody: a connector may lease with no body at all.
func TestLeaseWithoutBody(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("acme", auth.RoleAdmin)
	conn := v.key("acme", auth.RoleConnector, "bling")
	o := v.createOrder(admin, nil)
	v.must(v.do("POST", "/orders/"+o.ID+"/integration-requests", admin, map[string]any{"system": "bling"}), 201)
	got := decode[httpapi.LeaseResponse](t, v.must(v.do("POST", "/integration-requests/lease", conn, nil), 200))
	if len(got.Data) != 1 {
		t.Errorf("lease without a body = %s", mustJSON(t, got))
	}
	wantProblem(t, v.do("POST", "/integration-requests/lease", conn, "{}", "Content-Type", "text/plain"), 415)
}
