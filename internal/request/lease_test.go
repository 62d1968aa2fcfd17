package request_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
	"github.com/orders-api/orders-api/internal/testdb"
)

func TestExpiredLeaseReadsQueuedAndIsLeasedAgain(t *testing.T) {
	engines(t, func(t *testing.T, url string) {
		v := newEnv(t, url, request.Config{})
		r, _ := v.ask("s1", v.order("s1").ID, "bling")
		first := v.lease(t.Context(), "s1", "bling", 1, 5*time.Second)
		v.clock.add(6 * time.Second)
		if got := v.get("s1", r.ID); got.State != request.Queued || got.LeasedUntil != nil {
			t.Errorf("after the lease ended: %+v, want queued without leased_until", got)
		}
		queued := request.Queued
		page, err := v.svc.Requests(t.Context(), "s1", request.Filter{State: &queued})
		if err != nil || len(page.Requests) != 1 {
			t.Errorf("state=queued lists %d requests (%v), want the expired one", len(page.Requests), err)
		}
		second := v.lease(t.Context(), "s1", "bling", 1, 5*time.Second)
		if len(second) != 1 || second[0].Request.Deliveries != 2 {
			t.Fatalf("second lease = %+v", second)
		}
		// the first holder's token is stale now: 409 on release and extend
		for name, call := range map[string]func() error{
			"release": func() error {
				_, err := v.svc.Release(t.Context(), "s1", r.ID, request.Holder{}, first[0].Token, 0)
				return err
			},
			"extend": func() error {
				_, err := v.svc.Extend(t.Context(), "s1", r.ID, request.Holder{}, first[0].Token, time.Minute)
				return err
			},
		} {
			if err := call(); errs.CodeOf(err) != errs.Conflict {
				t.Errorf("%s with a stale token: %v, want Conflict", name, err)
			}
		}
		// answering after expiry is never refused
		v.clock.add(6 * time.Second)
		if _, err := v.answer("s1", r, order.AttemptSuccess); err != nil {
			t.Fatalf("answer after expiry: %v", err)
		}
		if got := v.get("s1", r.ID); got.State != request.Done {
			t.Errorf("answered after expiry: %s, want done", got.State)
		}
	})
}

func TestReleaseAndExtend(t *testing.T) {
	engines(t, func(t *testing.T, url string) {
		v := newEnv(t, url, request.Config{})
		r, _ := v.ask("s1", v.order("s1").ID, "bling")
		g := v.lease(t.Context(), "s1", "bling", 1, time.Minute)[0]
		if _, err := v.svc.Release(t.Context(), "s1", r.ID, request.Holder{}, "olt_wrong", 0); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("release with a wrong token: %v, want Conflict", err)
		}
		if _, err := v.svc.Extend(t.Context(), "s1", r.ID, request.Holder{System: "tiny"}, g.Token, time.Minute); errs.CodeOf(err) != errs.Forbidden {
			t.Errorf("extend by another system's connector: %v, want Forbidden", err)
		}
		if _, err := v.svc.Extend(t.Context(), "s2", r.ID, request.Holder{}, g.Token, time.Minute); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("extend from another store: %v, want NotFound", err)
		}
		ext, err := v.svc.Extend(t.Context(), "s1", r.ID, request.Holder{System: "bling"}, g.Token, 10*time.Minute)
		if err != nil || ext.LeasedUntil == nil || !ext.LeasedUntil.Equal(v.clock.now().Add(10*time.Minute)) {
			t.Fatalf("extend = %+v, %v", ext, err)
		}
		v.clock.add(5 * time.Minute) // past the first lease_seconds, within the extension
		if got := v.get("s1", r.ID); got.State != request.Leased {
			t.Errorf("extended lease reads %s", got.State)
		}
		rel, err := v.svc.Release(t.Context(), "s1", r.ID, request.Holder{}, g.Token, 30*time.Second)
		if err != nil || rel.State != request.Queued || rel.LeasedUntil != nil {
			t.Fatalf("release = %+v, %v", rel, err)
		}
		if _, err := v.svc.Release(t.Context(), "s1", r.ID, request.Holder{}, g.Token, 0); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("second release: %v, want Conflict", err)
		}
		if got := v.lease(t.Context(), "s1", "bling", 1, time.Minute); len(got) != 0 {
			t.Errorf("leased during its delay: %+v", got)
		}
		v.clock.add(31 * time.Second)
		if got := v.lease(t.Context(), "s1", "bling", 1, time.Minute); len(got) != 1 {
			t.Errorf("not leased after its delay")
		}
	})
}

// abandoned returns the abandon attempts of an order.
func abandoned(v *env, store string, id uuid.UUID) []order.Attempt {
	var out []order.Attempt
	for _, a := range v.history(store, id) {
		if a.Action != nil && *a.Action == request.ActionAbandoned {
			out = append(out, a)
		}
	}
	return out
}

func TestGivingUp(t *testing.T) {
	engines(t, func(t *testing.T, url string) {
		v := newEnv(t, url, request.Config{MaxDeliveries: 2, TTL: time.Hour})
		expiring, _ := v.ask("s1", v.order("s1").ID, "bling")
		v.clock.add(30 * time.Minute)
		delivered, _ := v.ask("s1", v.order("s1").ID, "tiny")
		released, _ := v.ask("s1", v.order("s1").ID, "omie")
		for range 2 { // two leases that expire unanswered
			if got := v.lease(t.Context(), "s1", "tiny", 1, 5*time.Second); len(got) != 1 {
				t.Fatalf("lease %d of tiny: %+v", 1, got)
			}
			v.clock.add(6 * time.Second)
		}
		if got := v.lease(t.Context(), "s1", "tiny", 1, 5*time.Second); len(got) != 0 {
			t.Errorf("a request past its deliveries was leased: %+v", got)
		}
		v.lease(t.Context(), "s1", "omie", 1, 5*time.Second)
		v.clock.add(6 * time.Second)
		g := v.lease(t.Context(), "s1", "omie", 1, time.Minute)[0]
		rel, err := v.svc.Release(t.Context(), "s1", released.ID, request.Holder{}, g.Token, 0)
		if err != nil || rel.State != request.Failed {
			t.Fatalf("release of the last delivery = %+v, %v, want failed", rel, err)
		}
		v.clock.add(31 * time.Minute) // expiring is past REQUEST_TTL
		res, err := v.svc.Sweep(t.Context(), 100)
		if err != nil || res.MaxDeliveries != 1 || res.Expired != 1 {
			t.Fatalf("sweep = %+v, %v", res, err)
		}
		for _, c := range []struct {
			r    request.Request
			code string
		}{{expiring, request.CodeExpired}, {delivered, request.CodeMaxDeliveries}, {released, request.CodeMaxDeliveries}} {
			got := v.get("s1", c.r.ID)
			if got.State != request.Failed || got.CompletedAt == nil {
				t.Errorf("%s: %+v, want failed", c.r.System, got)
			}
			a := abandoned(v, "s1", c.r.OrderID)
			if len(a) != 1 || *a[0].ErrorCode != c.code || a[0].Status != order.AttemptError || *a[0].RequestID != c.r.ID || a[0].Message == "" {
				t.Errorf("%s: abandon attempts %+v, want one with %s", c.r.System, a, c.code)
			}
			o, _ := v.orders.Order(t.Context(), "s1", c.r.OrderID)
			if o.Integration.Status != order.IntegrationError {
				t.Errorf("%s: summary %s, want error", c.r.System, o.Integration.Status)
			}
		}
		if res, _ := v.svc.Sweep(t.Context(), 100); res.MaxDeliveries+res.Expired != 0 {
			t.Errorf("a second sweep gave up again: %+v", res)
		}
	})
}

func TestConcurrentSweepsGiveUpOnce(t *testing.T) {
	engines(t, func(t *testing.T, url string) {
		cfg := request.Config{TTL: time.Minute}
		v := newEnv(t, url, cfg)
		replicas := []*env{v, newEnv(t, url, cfg), newEnv(t, url, cfg)}
		var orders []uuid.UUID
		for range 40 {
			o := v.order("s1")
			v.ask("s1", o.ID, "bling")
			orders = append(orders, o.ID)
		}
		var wg sync.WaitGroup
		for i := range 6 {
			rep := replicas[i%len(replicas)]
			rep.clock.add(2 * time.Minute)
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 5 {
					if _, err := rep.svc.Sweep(t.Context(), 7); err != nil {
						t.Errorf("sweep: %v", err)
					}
				}
			}()
		}
		wg.Wait()
		for _, id := range orders {
			if n := len(abandoned(v, "s1", id)); n != 1 {
				t.Errorf("order %s has %d abandon attempts, want 1", id, n)
			}
		}
	})
}

func TestLongPollWokenByAnotherReplica(t *testing.T) {
	engines(t, func(t *testing.T, url string) {
		waiter := newEnv(t, url, request.Config{})
		asker := waiter
		if waiter.db.Ready(t.Context()) == nil && !isSQLite(url) {
			asker = newEnv(t, url, request.Config{}) // another replica's pool and LISTEN session
		}
		o := waiter.order("s1")
		type result struct {
			got  []request.Grant
			took time.Duration
		}
		done := make(chan result, 1)
		go func() {
			start := time.Now()
			got, err := waiter.svc.Lease(t.Context(), "s1", request.LeaseAsk{System: "bling", Limit: 5,
				LeaseFor: time.Minute, Wait: 10 * time.Second})
			if err != nil {
				t.Errorf("lease: %v", err)
			}
			done <- result{got, time.Since(start)}
		}()
		time.Sleep(300 * time.Millisecond)
		asker.clock.t = waiter.clock.now()
		asked := time.Now()
		asker.ask("s1", o.ID, "bling")
		r := <-done
		if len(r.got) != 1 {
			t.Fatalf("long poll got %d requests, want 1", len(r.got))
		}
		if late := time.Since(asked); late > time.Second {
			t.Errorf("long poll answered %v after the request was made, want within 1 s", late)
		}
		// nothing to lease: the call waits out its time and answers []
		start := time.Now()
		got, err := waiter.svc.Lease(t.Context(), "s1", request.LeaseAsk{System: "bling", Wait: 1500 * time.Millisecond})
		if err != nil || len(got) != 0 || time.Since(start) < 1400*time.Millisecond {
			t.Errorf("empty long poll = %d after %v (%v)", len(got), time.Since(start), err)
		}
	})
}

func isSQLite(url string) bool { return len(url) > 9 && url[:9] == "sqlite://" }

// TestLeaseLoopsOnReplicas runs 8 connector loops on 3 replicas (pools, on
// PostgreSQL also LISTEN sessions) of one database: no request is ever
// held by two unexpired leases, and every request is answered once.
func TestLeaseLoopsOnReplicas(t *testing.T) {
	engines(t, func(t *testing.T, url string) {
		v := newEnv(t, url, request.Config{})
		replicas := []*env{v, newEnv(t, url, request.Config{}), newEnv(t, url, request.Config{})}
		const n = 120
		want := map[uuid.UUID]bool{}
		for range n {
			r, _ := v.ask("s1", v.order("s1").ID, "bling")
			want[r.ID] = true
		}
		var mu sync.Mutex
		leasedBy := map[uuid.UUID]int{}
		var wg sync.WaitGroup
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		for loop := range 8 {
			rep := replicas[loop%len(replicas)]
			wg.Add(1)
			go func() {
				defer wg.Done()
				for ctx.Err() == nil {
					got, err := rep.svc.Lease(ctx, "s1", request.LeaseAsk{System: "bling", Limit: 5, LeaseFor: time.Hour})
					if err != nil {
						t.Errorf("lease: %v", err)
						return
					}
					if len(got) == 0 {
						return
					}
					for _, g := range got {
						mu.Lock()
						leasedBy[g.Request.ID]++
						mu.Unlock()
						if _, err := rep.answer("s1", g.Request, order.AttemptSuccess); err != nil {
							t.Errorf("answer: %v", err)
						}
					}
				}
			}()
		}
		wg.Wait()
		for id := range want {
			if leasedBy[id] != 1 {
				t.Errorf("request %s was leased %d times under unexpired leases, want 1", id, leasedBy[id])
			}
			if got := v.get("s1", id); got.State != request.Done {
				t.Errorf("request %s is %s, want done", id, got.State)
			}
		}
		if len(leasedBy) != n {
			t.Errorf("%d requests leased, want %d", len(leasedBy), n)
		}
	})
}

func TestDrainEndsLongPolls(t *testing.T) {
	v := newEnv(t, testdb.NewFor(t), request.Config{})
	done := make(chan time.Duration, 1)
	go func() {
		start := time.Now()
		if _, err := v.svc.Lease(t.Context(), "s1", request.LeaseAsk{System: "bling", Wait: 15 * time.Second}); err != nil {
			t.Errorf("lease: %v", err)
		}
		done <- time.Since(start)
	}()
	time.Sleep(200 * time.Millisecond)
	v.svc.Drain()
	if took := <-done; took > 2*time.Second {
		t.Errorf("a long poll ended %v after Drain started, want at once", took)
	}
}
