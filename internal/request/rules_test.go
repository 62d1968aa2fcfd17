package request_test

import (
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
)

func TestCreateRecordsPendingAttempt(t *testing.T) {
	engines(t, func(t *testing.T, url string) {
		v := newEnv(t, url, request.Config{})
		o := v.order("s1")
		reason := "CPF corrigido"
		name := "back office"
		r, created, err := v.svc.Create(t.Context(), "s1", o.ID, request.Ask{System: "bling", Reason: &reason, RequestedBy: &name})
		if err != nil || !created {
			t.Fatalf("create = %v, %v", created, err)
		}
		if r.State != request.Queued || r.Trigger != request.Manual || r.Deliveries != 0 || *r.RequestedBy != name {
			t.Errorf("request = %+v", r)
		}
		h := v.history("s1", o.ID)
		if len(h) != 1 || h[0].Status != order.AttemptPending || *h[0].Action != "reintegration.requested" ||
			h[0].Message != "Reenvio solicitado: CPF corrigido" || h[0].RequestID == nil || *h[0].RequestID != r.ID {
			t.Fatalf("history = %+v", h)
		}
		got, _ := v.orders.Order(t.Context(), "s1", o.ID)
		if got.Integration.Status != order.IntegrationPending {
			t.Errorf("summary = %+v, want pending", got.Integration)
		}
		again, created := v.ask("s1", o.ID, "bling")
		if created || again.ID != r.ID {
			t.Errorf("second ask = %v %v, want the open one %v", again.ID, created, r.ID)
		}
		if n := len(v.history("s1", o.ID)); n != 1 {
			t.Errorf("history has %d attempts after the second ask, want 1", n)
		}
		if _, _, err := v.svc.Create(t.Context(), "s2", o.ID, request.Ask{System: "bling"}); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("another store's order: %v, want NotFound", err)
		}
	})
}

func TestUniqueOpenRequestUnderConcurrency(t *testing.T) {
	engines(t, func(t *testing.T, url string) {
		v := newEnv(t, url, request.Config{})
		other := newEnv(t, url, request.Config{}) // a second replica's pool
		o := v.order("s1")
		var wg sync.WaitGroup
		ids := make([]uuid.UUID, 16)
		created := make([]bool, 16)
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				svc := v.svc
				if i%2 == 1 {
					svc = other.svc
				}
				r, c, err := svc.Create(t.Context(), "s1", o.ID, request.Ask{System: "bling"})
				if err != nil {
					t.Errorf("create: %v", err)
				}
				ids[i], created[i] = r.ID, c
			}()
		}
		wg.Wait()
		n := 0
		for i := range ids {
			if created[i] {
				n++
			}
			if ids[i] != ids[0] {
				t.Errorf("ask %d got request %v, want %v", i, ids[i], ids[0])
			}
		}
		if n != 1 {
			t.Errorf("%d asks created a request, want 1", n)
		}
		if h := v.history("s1", o.ID); len(h) != 1 {
			t.Errorf("history has %d attempts, want 1", len(h))
		}
	})
}

func TestLeaseAndAnswer(t *testing.T) {
	engines(t, func(t *testing.T, url string) {
		v := newEnv(t, url, request.Config{})
		o := v.order("s1")
		r, _ := v.ask("s1", o.ID, "bling")
		v.ask("s1", v.order("s1").ID, "tiny") // another system's: not leased
		got := v.lease(t.Context(), "s1", "bling", 10, time.Minute)
		if len(got) != 1 || got[0].Request.ID != r.ID || got[0].Token == "" || got[0].Order.ID != o.ID {
			t.Fatalf("lease = %+v", got)
		}
		if l := got[0].Request; l.State != request.Leased || l.Deliveries != 1 || l.LeasedUntil == nil {
			t.Errorf("leased request = %+v", l)
		}
		if again := v.lease(t.Context(), "s1", "bling", 10, time.Minute); len(again) != 0 {
			t.Errorf("a held request was leased again: %+v", again)
		}
		if _, err := v.answer("s1", r, order.AttemptPending); err != nil {
			t.Fatalf("pending answer: %v", err)
		}
		if st := v.get("s1", r.ID).State; st != request.Leased {
			t.Errorf("after a pending attempt, state %s, want leased", st)
		}
		a, err := v.answer("s1", r, order.AttemptSuccess)
		if err != nil {
			t.Fatalf("answer: %v", err)
		}
		done := v.get("s1", r.ID)
		if done.State != request.Done || done.AttemptID == nil || *done.AttemptID != a.ID || done.CompletedAt == nil {
			t.Errorf("answered request = %+v", done)
		}
		if _, err := v.answer("s1", r, order.AttemptError); err != nil {
			t.Fatalf("an attempt for a final request must be stored: %v", err)
		}
		if again := v.get("s1", r.ID); *again.AttemptID != a.ID || again.State != request.Done {
			t.Errorf("a final request changed: %+v", again)
		}
		if _, created := v.ask("s1", o.ID, "bling"); !created {
			t.Errorf("no new request after the open one was done")
		}
	})
}

func TestAnswerMustMatch(t *testing.T) {
	engines(t, func(t *testing.T, url string) {
		v := newEnv(t, url, request.Config{})
		o, other := v.order("s1"), v.order("s1")
		r, _ := v.ask("s1", o.ID, "bling")
		bad := []order.NewAttempt{
			{OrderID: other.ID, System: "bling", Status: order.AttemptSuccess, Message: "m", RequestID: &r.ID}, // another order
			{OrderID: o.ID, System: "tiny", Status: order.AttemptSuccess, Message: "m", RequestID: &r.ID},      // another system
		}
		missing := uuid.Must(uuid.NewV7())
		bad = append(bad, order.NewAttempt{OrderID: o.ID, System: "bling", Status: order.AttemptSuccess, Message: "m", RequestID: &missing})
		for i, in := range bad {
			_, err := v.orders.RecordAttempt(t.Context(), "s1", in)
			if e, ok := errs.As(err); !ok || e.Code != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "request_id" {
				t.Errorf("attempt %d: %v, want 422 naming request_id", i, err)
			}
		}
		other2 := newEnv(t, url, request.Config{})
		o2 := other2.order("s2")
		in := order.NewAttempt{OrderID: o2.ID, System: "bling", Status: order.AttemptSuccess, Message: "m", RequestID: &r.ID}
		if _, err := other2.orders.RecordAttempt(t.Context(), "s2", in); errs.CodeOf(err) != errs.Invalid {
			t.Errorf("another store's request: %v, want 422", err)
		}
		// in a batch, the bad one alone is refused and the good one answers
		res, err := v.orders.RecordAttempts(t.Context(), "s1", []order.NewAttempt{bad[0],
			{OrderID: o.ID, System: "bling", Status: order.AttemptError, Message: "m", RequestID: &r.ID}})
		if err != nil || res[0].Err == nil || res[1].Err != nil {
			t.Fatalf("batch = %+v, %v", res, err)
		}
		if got := v.get("s1", r.ID); got.State != request.Done || *got.AttemptID != res[1].Attempt.ID {
			t.Errorf("request after the batch = %+v", got)
		}
		if res[1].Attempt.RequestID == nil || *res[1].Attempt.RequestID != r.ID {
			t.Errorf("stored attempt lacks its request_id: %+v", res[1].Attempt)
		}
	})
}
