package httpapi_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi"
)

const replayed = "Idempotent-Replayed"

// TestIdempotentReplay: a retry with the same key and body gets the
// original answer and stores nothing; another body is 422.
func TestIdempotentReplay(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	o, other := v.createOrder(admin, nil), v.createOrder(admin, nil)
	hist := "/orders/" + o.ID + "/integration-history"
	count := func(path string) int {
		if strings.HasPrefix(path, "/orders/") {
			return len(walk[httpapi.AttemptResponse](v, admin, path))
		}
		return len(walk[httpapi.OrderResponse](v, admin, path))
	}
	tests := []struct {
		name, path, body, reordered, changed string
		otherPath, location                  string
		count                                string
	}{
		{"order", "/orders",
			`{"number":"77","customer":{"name":"Ana","email":"ana@example.com"},"total_cents":10}`,
			"{ \"total_cents\" : 10,\n\t\"customer\": {\"email\":\"ana@example.com\", \"name\":\"Ana\"}, \"number\":\"77\" }",
			`{"number":"77","customer":{"name":"Ana"},"total_cents":10}`,
			"/orders/" + o.ID + "/integration-history", "/orders/", "/orders"},
		{"attempt", hist,
			`{"system":"bling","status":"error","message":"Cliente sem CPF","details":{"a":1,"b":[1,2]}}`,
			`{"details":{"b":[1, 2],"a":1},  "message":"Cliente sem CPF","status":"error","system":"bling"}`,
			`{"system":"bling","status":"error","message":"Cliente sem CPF!","details":{"a":1,"b":[1,2]}}`,
			"/orders/" + other.ID + "/integration-history", "", hist},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := v.sub(t)
			key := []string{"Idempotency-Key", "key-" + tc.name}
			first := v.must(v.do("POST", tc.path, admin, tc.body, key...), 201)
			if first.Header.Get(replayed) != "" {
				t.Errorf("first answer has %s: %s", replayed, first.Header.Get(replayed))
			}
			if tc.location != "" && !strings.HasPrefix(first.Header.Get("Location"), tc.location) {
				t.Errorf("Location = %q", first.Header.Get("Location"))
			}
			n := count(tc.count)
			for _, body := range []string{tc.body, tc.reordered} {
				r := v.must(v.do("POST", tc.path, admin, body, key...), 201)
				if r.Header.Get(replayed) != "true" || !bytes.Equal(r.Body, first.Body) ||
					r.Header.Get("Location") != first.Header.Get("Location") || r.Header.Get("Content-Type") != first.Header.Get("Content-Type") {
					t.Errorf("retry: %s=%q, Location %q, body %s\nwant the original %s", replayed, r.Header.Get(replayed),
						r.Header.Get("Location"), r.Body, first.Body)
				}
			}
			p := wantProblem(t, v.do("POST", tc.path, admin, tc.changed, key...), 422)
			if !strings.Contains(p.Type, "idempotency") {
				t.Errorf("type %q does not say idempotency", p.Type)
			}
			wantProblem(t, v.do("POST", tc.otherPath, admin, tc.body, key...), 422)
			if got := count(tc.count); got != n {
				t.Errorf("%d rows after retries, want %d", got, n)
			}
		})
	}
}

// TestIdempotentFailureNotKept: a request that failed validation with a
// key may be corrected and retried with the same key.
func TestIdempotentFailureNotKept(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	o := v.createOrder(admin, nil)
	hist := "/orders/" + o.ID + "/integration-history"
	key := []string{"Idempotency-Key", "retry-me"}
	wantProblem(t, v.do("POST", hist, admin, attemptBody(map[string]any{"status": "done"}), key...), 422, "status")
	wantProblem(t, v.do("POST", hist, admin, attemptBody(map[string]any{"system": "Bling"}), key...), 422, "system")
	first := v.must(v.do("POST", hist, admin, attemptBody(nil), key...), 201)
	if first.Header.Get(replayed) != "" {
		t.Errorf("corrected request was replayed")
	}
	r := v.must(v.do("POST", hist, admin, attemptBody(nil), key...), 201)
	if r.Header.Get(replayed) != "true" || !bytes.Equal(r.Body, first.Body) {
		t.Errorf("retry of the corrected request: %s=%q", replayed, r.Header.Get(replayed))
	}
	// a 409 (duplicate number) is not kept either
	v.createOrder(admin, map[string]any{"number": "dup"})
	okey := []string{"Idempotency-Key", "order-key"}
	wantProblem(t, v.do("POST", "/orders", admin, v.orderBody(map[string]any{"number": "dup"}), okey...), 409)
	v.must(v.do("POST", "/orders", admin, v.orderBody(map[string]any{"number": "dup-2"}), okey...), 201)
	if n := len(walk[httpapi.AttemptResponse](v, admin, hist)); n != 1 {
		t.Errorf("history has %d records, want 1", n)
	}
}

// TestIdempotencyKeySpaces: keys are scoped to the store, not to the API key.
func TestIdempotencyKeySpaces(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	adminA, adminB := v.key("a", auth.RoleAdmin), v.key("b", auth.RoleAdmin)
	connA := v.key("a", auth.RoleConnector, "bling")
	key := []string{"Idempotency-Key", "shared"}
	oa := v.createOrder(adminA, nil)
	ob := v.createOrder(adminB, nil)
	ra := v.must(v.do("POST", "/orders/"+oa.ID+"/integration-history", adminA, attemptBody(nil), key...), 201)
	rb := v.must(v.do("POST", "/orders/"+ob.ID+"/integration-history", adminB, attemptBody(map[string]any{"message": "other"}), key...), 201)
	if rb.Header.Get(replayed) != "" || bytes.Equal(ra.Body, rb.Body) {
		t.Errorf("store b got store a's answer")
	}
	// another key of store a, same request: the store's outcome
	rc := v.must(v.do("POST", "/orders/"+oa.ID+"/integration-history", connA, attemptBody(nil), key...), 201)
	if rc.Header.Get(replayed) != "true" || !bytes.Equal(rc.Body, ra.Body) {
		t.Errorf("another key of the store: %s=%q body %s", replayed, rc.Header.Get(replayed), rc.Body)
	}
	if n := len(walk[httpapi.AttemptResponse](v, adminA, "/integration-history")); n != 1 {
		t.Errorf("store a has %d attempts, want 1", n)
	}
}

// TestIdempotencyInFlight: while another request holds the key, a request
// with it is 409, whatever its body.
func TestIdempotencyInFlight(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	o := v.createOrder(admin, nil)
	hist := "/orders/" + o.ID + "/integration-history"
	key := []string{"Idempotency-Key", "busy"}
	locked, release := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		done <- v.db.Idempotency().InTx(context.Background(), func(ctx context.Context) error {
			ok, err := v.db.Idempotency().Lock(ctx, "a", "busy")
			if err != nil || !ok {
				t.Errorf("lock: %v %v", ok, err)
			}
			close(locked)
			<-release
			return nil
		})
	}()
	<-locked
	for _, body := range []any{attemptBody(nil), attemptBody(map[string]any{"message": "other"})} {
		p := wantProblem(t, v.do("POST", hist, admin, body, key...), 409)
		if !strings.Contains(p.Type, "idempotency") {
			t.Errorf("type %q does not say idempotency", p.Type)
		}
	}
	wantProblem(t, v.do("POST", "/orders", admin, v.orderBody(nil), key...), 409)
	v.must(v.do("POST", hist, admin, attemptBody(nil), "Idempotency-Key", "free"), 201) // other keys go on
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	v.must(v.do("POST", hist, admin, attemptBody(nil), key...), 201)
	if n := len(walk[httpapi.AttemptResponse](v, admin, hist)); n != 2 {
		t.Errorf("history has %d records, want 2", n)
	}
}

// TestIdempotencyConcurrent: N identical requests at once with one key
// store exactly one row; each answer is the original 201, a replay of it,
// or 409.
func TestIdempotencyConcurrent(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	o := v.createOrder(admin, nil)
	hist := "/orders/" + o.ID + "/integration-history"
	const n = 12
	tests := []struct{ path, body string }{
		{hist, `{"system":"bling","status":"success","message":"sent"}`},
		{"/orders", `{"number":"same","customer":{"name":"Ana"},"total_cents":1}`},
	}
	for _, tc := range tests {
		answers := make([]resp, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				answers[i] = v.do("POST", tc.path, admin, tc.body, "Idempotency-Key", "once:"+tc.path)
			})
		}
		close(start)
		wg.Wait()
		var originals []resp
		var replays, conflicts int
		for _, r := range answers {
			switch {
			case r.Code == 201 && r.Header.Get(replayed) == "":
				originals = append(originals, r)
			case r.Code == 201:
				replays++
			case r.Code == 409:
				conflicts++
				wantProblem(t, r, 409)
			default:
				t.Errorf("%s: status %d: %s", tc.path, r.Code, r.Body)
			}
		}
		if len(originals) != 1 {
			t.Fatalf("%s: %d original 201s, want 1", tc.path, len(originals))
		}
		t.Logf("%s: 1 original, %d replays, %d conflicts", tc.path, replays, conflicts)
		for _, r := range answers {
			if r.Code == 201 && !bytes.Equal(r.Body, originals[0].Body) {
				t.Errorf("%s: replay %s differs from the original %s", tc.path, r.Body, originals[0].Body)
			}
		}
	}
	if n := len(walk[httpapi.AttemptResponse](v, admin, hist)); n != 1 {
		t.Errorf("history has %d records, want 1", n)
	}
	if n := len(walk[httpapi.OrderResponse](v, admin, "/orders?number=same")); n != 1 {
		t.Errorf("%d orders numbered same, want 1", n)
	}
}

// TestIdempotencyRetention: an outcome is kept at least 24 h, so a purge of
// older outcomes leaves a fresh one.
func TestIdempotencyRetention(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	key := []string{"Idempotency-Key", "kept"}
	first := v.must(v.do("POST", "/orders", admin, v.orderBody(map[string]any{"number": "kept"}), key...), 201)
	if _, err := v.db.Idempotency().Purge(context.Background(), time.Now().Add(-24*time.Hour), 1000); err != nil {
		t.Fatal(err)
	}
	r := v.must(v.do("POST", "/orders", admin, v.orderBody(map[string]any{"number": "kept"}), key...), 201)
	if r.Header.Get(replayed) != "true" || !bytes.Equal(r.Body, first.Body) {
		t.Errorf("the outcome of a fresh request was purged: %s=%q", replayed, r.Header.Get(replayed))
	}
	// once purged, the key is free again
	if n, err := v.db.Idempotency().Purge(context.Background(), time.Now().Add(time.Minute), 1000); err != nil || n != 1 {
		t.Fatalf("purge of everything: %d, %v", n, err)
	}
	wantProblem(t, v.do("POST", "/orders", admin, v.orderBody(map[string]any{"number": "kept"}), key...), 409)
}
