package request_test

import (
	"encoding/json"
	"testing"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
)

// seedBulk makes orders of s1 in a mix of states for bling and tiny, some
// with an open bling request, and returns them.
func seedBulk(v *env, n int) []order.Order {
	v.t.Helper()
	var out []order.Order
	for i := range n {
		o := v.order("s1")
		rec := func(system string, status order.AttemptStatus, code string) {
			in := order.NewAttempt{OrderID: o.ID, System: system, Status: status, Message: "m"}
			if code != "" {
				in.ErrorCode = &code
			}
			if _, err := v.orders.RecordAttempt(v.t.Context(), "s1", in); err != nil {
				v.t.Fatalf("record: %v", err)
			}
		}
		switch i % 5 {
		case 0:
			rec("bling", order.AttemptError, "product.not_found")
		case 1:
			rec("bling", order.AttemptError, "customer.document_missing")
			rec("tiny", order.AttemptError, "product.not_found")
		case 2:
			rec("bling", order.AttemptSuccess, "")
		case 3:
			rec("tiny", order.AttemptError, "product.not_found")
		}
		if i%7 == 0 {
			v.ask("s1", o.ID, "bling")
		}
		if i%2 == 0 {
			if _, err := v.orders.UpdateOrder(v.t.Context(), "s1", o.ID, order.Patch{Status: ptr(order.StatusPaid)}); err != nil {
				v.t.Fatalf("patch: %v", err)
			}
		}
		o, _ = v.orders.Order(v.t.Context(), "s1", o.ID)
		out = append(out, o)
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// bruteForce is SPEC 9.4's selection, computed over every order: the
// system's own state for integration_status and error_code.
func bruteForce(orders []order.Order, system string, f order.OrderFilter) []uuid.UUID {
	var out []uuid.UUID
	for _, o := range orders {
		var st *order.SystemState
		for i := range o.Integration.Systems {
			if o.Integration.Systems[i].System == system {
				st = &o.Integration.Systems[i]
			}
		}
		switch {
		case f.IntegrationStatus == nil && st == nil: // system=<system>: orders with history for it
		case f.Status != nil && o.Status != *f.Status:
		case f.IntegrationStatus != nil && *f.IntegrationStatus == order.IntegrationNone && st != nil:
		case f.IntegrationStatus != nil && *f.IntegrationStatus != order.IntegrationNone &&
			(st == nil || string(st.Status) != string(*f.IntegrationStatus)):
		case f.ErrorCode != nil && (st == nil || st.ErrorCode == nil || *st.ErrorCode != *f.ErrorCode):
		default:
			out = append(out, o.ID)
		}
	}
	return out
}

func TestBulkCountsAgainstBruteForce(t *testing.T) {
	engines(t, func(t *testing.T, url string) {
		v := newEnv(t, url, request.Config{})
		orders := seedBulk(v, 70)
		jobs := request.NewJobs(v.db.Jobs(v.store), v.clock.now)
		open := map[uuid.UUID]bool{}
		for _, o := range orders {
			page, _ := v.svc.Requests(t.Context(), "s1", request.Filter{OrderID: &o.ID})
			for _, r := range page.Requests {
				if r.Open() && r.System == "bling" {
					open[o.ID] = true
				}
			}
		}
		errStatus, none, paid := order.IntegrationError, order.IntegrationNone, order.StatusPaid
		code := "product.not_found"
		filters := map[string]order.OrderFilter{
			"all":                     {},
			"error":                   {IntegrationStatus: &errStatus},
			"error product.not_found": {IntegrationStatus: &errStatus, ErrorCode: &code},
			"product.not_found":       {ErrorCode: &code},
			"never sent":              {IntegrationStatus: &none},
			"paid error":              {Status: &paid, IntegrationStatus: &errStatus},
			"paid never sent":         {Status: &paid, IntegrationStatus: &none},
		}
		for name, f := range filters {
			want := bruteForce(orders, "bling", f)
			var wantOpen int64
			for _, id := range want {
				if open[id] {
					wantOpen++
				}
			}
			got, err := jobs.Count(t.Context(), "s1", request.BulkAsk{Ask: request.Ask{System: "bling"}, Filter: f})
			if err != nil || got.Matched != int64(len(want)) || got.Open != wantOpen {
				t.Errorf("%s: dry run = %+v (%v), want matched %d, open %d", name, got, err, len(want), wantOpen)
			}
		}
		// the job of one filter: every matched order gets one request, or is skipped
		f := filters["error product.not_found"]
		want := bruteForce(orders, "bling", f)
		j, err := jobs.Start(t.Context(), "s1", request.BulkAsk{Ask: request.Ask{System: "bling"}, Filter: f,
			FilterJSON: json.RawMessage(`{"integration_status":"error"}`)})
		if err != nil || j.Matched != int64(len(want)) || j.State != request.JobRunning {
			t.Fatalf("start = %+v, %v", j, err)
		}
		if _, err := jobs.Start(t.Context(), "s1", request.BulkAsk{Ask: request.Ask{System: "bling"}}); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("a second running job: %v, want Conflict", err)
		}
		for {
			ran, err := jobs.RunChunk(t.Context(), 3)
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			if !ran {
				break
			}
		}
		j, _ = jobs.Job(t.Context(), "s1", j.ID)
		var skipped int64
		for _, id := range want {
			if open[id] {
				skipped++
			}
		}
		if j.State != request.JobSucceeded || j.Processed != j.Matched || j.Created+j.Skipped != j.Matched ||
			j.Skipped != skipped || j.FinishedAt == nil {
			t.Errorf("finished job = %+v, want succeeded with %d skipped", j, skipped)
		}
		for _, id := range want {
			page, _ := v.svc.Requests(t.Context(), "s1", request.Filter{OrderID: &id})
			n := 0
			for _, r := range page.Requests {
				if r.System == "bling" && r.Open() {
					n++
					if !open[id] && (r.Trigger != request.Bulk || r.JobID == nil || *r.JobID != j.ID) {
						t.Errorf("order %s's request = %+v, want the job's", id, r)
					}
				}
			}
			if n != 1 {
				t.Errorf("order %s has %d open bling requests, want 1", id, n)
			}
		}
		if _, err := jobs.Cancel(t.Context(), "s1", j.ID); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("cancel of a finished job: %v, want Conflict", err)
		}
		if _, err := jobs.Job(t.Context(), "s2", j.ID); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("another store's job: %v, want NotFound", err)
		}
	})
}

func TestBulkCancelAndResume(t *testing.T) {
	engines(t, func(t *testing.T, url string) {
		v := newEnv(t, url, request.Config{})
		for range 30 {
			v.order("s1")
		}
		replica := newEnv(t, url, request.Config{})
		jobsA := request.NewJobs(v.db.Jobs(v.store), v.clock.now)
		jobsB := request.NewJobs(replica.db.Jobs(replica.store), v.clock.now)
		never := order.IntegrationNone
		j, err := jobsA.Start(t.Context(), "s1", request.BulkAsk{Ask: request.Ask{System: "bling"},
			Filter: order.OrderFilter{IntegrationStatus: &never}})
		if err != nil || j.Matched != 30 {
			t.Fatalf("start = %+v, %v", j, err)
		}
		if _, err := jobsA.RunChunk(t.Context(), 10); err != nil {
			t.Fatal(err)
		}
		_ = v.db.Close() // replica A goes away mid-job
		if _, err := jobsB.RunChunk(t.Context(), 10); err != nil {
			t.Fatal(err)
		}
		mid, _ := jobsB.Job(t.Context(), "s1", j.ID)
		if mid.Processed != 20 || mid.Created != 20 {
			t.Fatalf("after two chunks on two replicas: %+v", mid)
		}
		c, err := jobsB.Cancel(t.Context(), "s1", j.ID)
		if err != nil || c.State != request.JobCanceled || c.FinishedAt == nil {
			t.Fatalf("cancel = %+v, %v", c, err)
		}
		if ran, _ := jobsB.RunChunk(t.Context(), 10); ran {
			t.Errorf("a canceled job ran")
		}
		end, _ := jobsB.Job(t.Context(), "s1", j.ID)
		if end.State != request.JobCanceled || end.Processed != 20 || end.Created+end.Skipped != end.Processed {
			t.Errorf("canceled job = %+v", end)
		}
		all, _ := replica.svc.Requests(t.Context(), "s1", request.Filter{Limit: 200})
		if len(all.Requests) != 20 {
			t.Errorf("%d requests, want the 20 made before the cancel", len(all.Requests))
		}
		if _, err := jobsB.Start(t.Context(), "s1", request.BulkAsk{Ask: request.Ask{System: "bling"}}); err != nil {
			t.Errorf("a new job after the cancel: %v", err)
		}
	})
}
