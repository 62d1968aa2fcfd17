package httpapi_test

import (
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi"
	"github.com/orders-api/orders-api/internal/testdb"
)

// TestStreamResumeAcrossReplicas runs three servers, each with its own pool,
// on one PostgreSQL: writers record attempts concurrently through all of
// them while a client reads the stream from a random server, disconnects
// after a random time and resumes with Last-Event-ID on another, many
// times. The union of what it received is the set of 201s, with no
// duplicate, and each writer's attempts in the order it recorded them.
func TestStreamResumeAcrossReplicas(t *testing.T) {
	t.Parallel()
	url := testdb.New(t)
	var servers []string
	var keys *auth.Keys
	for i := range 3 {
		a := newApp(t, url, slog.New(slog.DiscardHandler), 0) // each with its own pool, hub and LISTEN session
		if i == 0 {
			keys = a.Keys
		}
		d := a.Deps()
		d.Config = httpapi.Config{MaxBodyBytes: 1 << 20, StreamsPerKey: 50}
		servers = append(servers, serve(t, httpapi.NewServer(d), 30*time.Second).URL)
	}
	_, admin, err := keys.Create(t.Context(), auth.NewKey{StoreID: "rep", Role: auth.RoleAdmin, Name: "t"})
	if err != nil {
		t.Fatal(err)
	}
	post := func(server, path, body string) (int, string) {
		req, _ := http.NewRequest("POST", server+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+admin)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			return 0, ""
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	var orders []string
	for i := range 4 {
		code, body := post(servers[0], "/orders", fmt.Sprintf(`{"number":"R%d","customer":{"name":"A"},"total_cents":1}`, i))
		if code != 201 {
			t.Fatalf("create order: %d %s", code, body)
		}
		orders = append(orders, decodeID(t, body))
	}

	// the client's first stream opens before any write
	s, _ := openStream(t, servers[0], "/integration-history/stream", admin)
	const writers, perWriter = 6, 60
	var mu sync.Mutex
	created := map[string]string{} // attempt id -> "writer/i"
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			for i := 0; i < perWriter; i++ {
				server, orderID := servers[rng.IntN(len(servers))], orders[rng.IntN(len(orders))]
				if w == 0 { // batches of 3: one transaction, one notification, three events in order
					body := fmt.Sprintf(`{"attempts":[{"order_id":%q,"system":"bling","status":"error","message":"0/%d"},`+
						`{"order_id":%q,"system":"tiny","status":"error","message":"0/%d"},`+
						`{"order_id":%q,"system":"bling","status":"success","message":"0/%d"}]}`,
						orderID, i, orders[0], i+1, orderID, i+2)
					code, resp := post(server, "/integration-history/batch", body)
					if code != 200 || strings.Count(resp, `"status":201`) != 3 {
						t.Errorf("batch: %d %s", code, resp)
						return
					}
					mu.Lock()
					for k, part := range strings.Split(resp, `"attempt":`)[1:] {
						created[decodeID(t, part)] = fmt.Sprintf("0/%d", i+k)
					}
					mu.Unlock()
					i += 2
					continue
				}
				body := fmt.Sprintf(`{"system":"bling","status":"error","message":"%d/%d"}`, w, i)
				code, resp := post(server, "/orders/"+orderID+"/integration-history", body)
				if code != 201 {
					t.Errorf("record: %d %s", code, resp)
					return
				}
				mu.Lock()
				created[decodeID(t, resp)] = fmt.Sprintf("%d/%d", w, i)
				mu.Unlock()
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()

	// the client: reads, disconnects, resumes elsewhere
	rng := rand.New(rand.NewPCG(7, 7))
	var received []httpapi.AttemptResponse
	seen := map[string]bool{}
	last, resumes := "", 0
	deadline := time.Now().Add(30 * time.Second)
	for {
		stop := time.After(time.Duration(2+rng.IntN(30)) * time.Millisecond)
	read:
		for {
			select {
			case <-stop:
				if last != "" {
					break read
				}
				stop = time.After(10 * time.Millisecond) // no event id yet: it can't resume, so it stays
			default:
			}
			e, a, ok := s.next(20 * time.Millisecond)
			if time.Now().After(deadline) {
				t.Fatalf("after 30 s, %d of %d attempts received", len(received), writers*perWriter)
			}
			if !ok {
				continue
			}
			if seen[a.ID] {
				t.Fatalf("attempt %s (%s) received twice", a.ID, a.Message)
			}
			seen[a.ID] = true
			received = append(received, a)
			last = e.ID
		}
		s.close()
		mu.Lock()
		complete := len(received) == writers*perWriter && len(created) == writers*perWriter
		mu.Unlock()
		select {
		case <-done:
			if complete {
				goto check
			}
		default:
		}
		if time.Now().After(deadline) {
			mu.Lock()
			for id, m := range created {
				if !seen[id] {
					t.Errorf("missing %s (%s); last id %s", id, m, last)
				}
			}
			mu.Unlock()
			t.Fatalf("after 30 s, %d of %d attempts received", len(received), writers*perWriter)
		}
		resumes++
		s, _ = openStream(t, servers[rng.IntN(len(servers))], "/integration-history/stream", admin, "Last-Event-ID", last)
		if s == nil {
			t.Fatal("resume refused")
		}
	}
check:
	t.Logf("%d resumes", resumes)
	if resumes < 20 {
		t.Errorf("only %d resumes", resumes)
	}
	next := make([]int, writers)
	for _, a := range received {
		if created[a.ID] != a.Message {
			t.Fatalf("received %s (%s), which no 201 returned", a.ID, a.Message)
		}
		var w, i int
		fmt.Sscanf(a.Message, "%d/%d", &w, &i)
		if i != next[w] {
			t.Fatalf("writer %d: attempt %d received before attempt %d", w, i, next[w])
		}
		next[w]++
	}
}

// decodeID returns the "id" of a JSON body.
func decodeID(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, `"id":"`)
	if i < 0 {
		t.Fatalf("no id in %s", body)
	}
	return body[i+6 : i+6+36]
}
