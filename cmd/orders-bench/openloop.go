package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"
)

// openLoop sends requests at a fixed rate for d over conns connections, the
// way wrk2 does (it is not packaged in Debian): request i is due at
// start + i/rate whatever happened before, and its latency is measured from
// that due time. A slow response therefore delays the requests queued
// behind it and they count the wait, which a closed loop (wrk, or wrk with
// a Lua delay()) hides: there a stall just sends fewer requests
// ("coordinated omission"). It uses more CPU than wrk, which is why it only
// runs at half the maximum rate.
func openLoop(ctx context.Context, rate float64, d time.Duration, conns int, tg target) measurement {
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}}
	defer client.CloseIdleConnections()
	interval := time.Duration(float64(time.Second) / rate)
	total := int(d / interval)
	due := make(chan time.Time, total)
	var rec recorder
	var wg sync.WaitGroup
	for i := range conns {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), uint64(i)))
			for t := range due {
				if ctx.Err() != nil {
					continue // drain
				}
				rec.add(time.Since(t), send(ctx, client, tg, r))
			}
		})
	}
	start := time.Now()
	for sent := 0; sent < total && ctx.Err() == nil; {
		for n := min(int(time.Since(start)/interval), total); sent < n; sent++ {
			due <- start.Add(time.Duration(sent) * interval)
		}
		time.Sleep(200 * time.Microsecond)
	}
	close(due)
	wg.Wait()
	m := rec.measure(time.Since(start))
	m.firstErr = rec.first
	return m
}

// send makes one request of tg and reads its response.
func send(ctx context.Context, client *http.Client, tg target, r *rand.Rand) error {
	req, after := tg.next(r)
	resp, err := client.Do(req.WithContext(ctx))
	if err != nil {
		return err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	if resp.StatusCode >= 400 {
		return fmt.Errorf("%s %s: status %d", req.Method, req.URL.Path, resp.StatusCode)
	}
	if after != nil {
		after(body)
	}
	return nil
}

// target makes the requests of one workload, like its wrk script.
type target interface {
	// next returns a request and what to do with a 2xx response's body.
	next(r *rand.Rand) (*http.Request, func(body []byte))
}

// historyTarget is W2.
type historyTarget struct {
	base, auth string
	ids        []string
}

func (t historyTarget) next(r *rand.Rand) (*http.Request, func([]byte)) {
	req, _ := http.NewRequest(http.MethodGet, t.base+"/orders/"+t.ids[r.IntN(len(t.ids))]+"/integration-history?limit=50", nil)
	req.Header.Set("Authorization", t.auth)
	return req, nil
}

// failingTarget is W3: first pages, and next pages up to maxDepth.
type failingTarget struct {
	base, auth string
	maxDepth   int
	mu         *sync.Mutex
	queue      *[]pageRef
}

type pageRef struct {
	cursor string
	depth  int
}

var nextCursor = regexp.MustCompile(`"next_cursor":"([^"]+)"`)

func newFailingTarget(base, auth string, maxDepth int) failingTarget {
	return failingTarget{base: base, auth: auth, maxDepth: maxDepth, mu: &sync.Mutex{}, queue: &[]pageRef{}}
}

func (t failingTarget) next(*rand.Rand) (*http.Request, func([]byte)) {
	t.mu.Lock()
	ref := pageRef{depth: 1}
	if q := *t.queue; len(q) > 0 {
		ref, *t.queue = q[len(q)-1], q[:len(q)-1]
	}
	t.mu.Unlock()
	u := t.base + "/orders?integration_status=error&limit=50"
	if ref.cursor != "" {
		u += "&cursor=" + ref.cursor
	}
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Authorization", t.auth)
	return req, func(body []byte) {
		m := nextCursor.FindSubmatch(body)
		if m == nil || ref.depth >= t.maxDepth {
			return
		}
		t.mu.Lock()
		*t.queue = append(*t.queue, pageRef{cursor: string(m[1]), depth: ref.depth + 1})
		t.mu.Unlock()
	}
}

// ingestTarget is W1.
type ingestTarget struct {
	base    string
	auths   []string // by system
	ids     []string
	withKey bool
}

func (t ingestTarget) next(r *rand.Rand) (*http.Request, func([]byte)) {
	now := time.Now().UTC().Format("2006-01-02T15:04:05Z")
	var body string
	switch x := r.IntN(100); {
	case x < 10:
		body = `{"status":"error","action":"order.export","message":"Cliente sem CPF: campo obrigatório no ERP",` +
			`"error_code":"customer.document_missing","occurred_at":"` + now +
			`","details":{"http_status":422,"response":"{\"erro\":\"customer.document_missing\"}"}}`
	case x < 15:
		body = `{"status":"pending","action":"order.export","message":"Aguardando retorno do ERP","occurred_at":"` + now + `"}`
	default:
		body = fmt.Sprintf(`{"status":"success","action":"order.export","message":"Pedido exportado para o ERP","external_id":"ERP-%d","occurred_at":"%s"}`, r.IntN(1<<30), now)
	}
	req, _ := http.NewRequest(http.MethodPost, t.base+"/orders/"+t.ids[r.IntN(len(t.ids))]+"/integration-history",
		bytes.NewReader([]byte(body)))
	req.Header.Set("Authorization", t.auths[r.IntN(len(t.auths))])
	req.Header.Set("Content-Type", "application/json")
	if t.withKey {
		req.Header.Set("Idempotency-Key", fmt.Sprintf("open-%d", r.Uint64()))
	}
	return req, nil
}

// bearer returns the Authorization values of tokens.
func bearer(tokens ...string) []string {
	out := make([]string, len(tokens))
	for i, t := range tokens {
		out[i] = "Bearer " + strings.TrimSpace(t)
	}
	return out
}
