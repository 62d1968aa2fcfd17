package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
)

// W4 re-integration (SPEC 8, continued): connector clients each lease
// w4Limit requests of their system, then answer each with a success
// attempt naming it (request_id), one POST per attempt with the
// Idempotency-Key "answer-<rid>" that docs/CONNECTORS.md tells connectors
// to send, and start again: a closed loop per client. One operation is
// such a round; the row's rate is the requests answered per second.

// w4Limit is the lease's limit: SPEC 8's 10 (also the API's default).
const w4Limit = 10

// w4Client is the service side of W4: a connector over HTTP.
type w4Client struct {
	base   string
	keys   []string // the connector key of each system, in the order of systems
	http   *http.Client
	log    *w4Log
	worker atomic.Int64 // hands each worker its connector: workers 0, 1, 2... play bling, tiny, omie, bling...
}

func newW4Client(base string, keys []string, conns int) *w4Client {
	tr := &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, IdleConnTimeout: time.Minute}
	return &w4Client{base: base, keys: keys, http: &http.Client{Transport: tr, Timeout: 30 * time.Second}, log: newW4Log()}
}

// leaseAnswer is the part of the lease answer that a connector reads.
type leaseAnswer struct {
	Data []struct {
		Request struct {
			ID      uuid.UUID `json:"id"`
			OrderID uuid.UUID `json:"order_id"`
		} `json:"request"`
		LeaseToken string          `json:"lease_token"`
		Order      json.RawMessage `json:"order"`
	} `json:"data"`
}

// round is one lease and its answers.
func (c *w4Client) round(ctx context.Context, r *rand.Rand, w *workerState) error {
	if w.connector == 0 {
		w.connector = int(c.worker.Add(1))
	}
	key := c.keys[(w.connector-1)%len(c.keys)]
	var leased leaseAnswer
	if err := c.post(ctx, "/integration-requests/lease", key, "", []byte(`{"limit": 10}`), http.StatusOK, &leased); err != nil {
		return err
	}
	if len(leased.Data) == 0 {
		return c.log.ranDry(ctx)
	}
	for _, g := range leased.Data {
		c.log.leased(g.Request.ID)
	}
	for _, g := range leased.Data {
		body := fmt.Appendf(nil, `{"status": "success", "action": "order.export", "message": "Pedido exportado para o ERP", `+
			`"external_id": "ERP-%d", "request_id": "%s"}`, r.IntN(1<<30), g.Request.ID)
		var a struct {
			ID uuid.UUID `json:"id"`
		}
		path := "/orders/" + g.Request.OrderID.String() + "/integration-history"
		if err := c.post(ctx, path, key, "answer-"+g.Request.ID.String(), body, http.StatusCreated, &a); err != nil {
			return err
		}
		c.log.answer(g.Request.ID, a.ID)
	}
	return nil
}

// errW4Dry is a lease that found no request: the queue ran dry.
var errW4Dry = fmt.Errorf("W4: a lease found no queued request (the queue ran dry)")

// post sends body to path with the key and, when idem is set, that
// Idempotency-Key, and decodes the answer into out when its status is want.
func (c *w4Client) post(ctx context.Context, path, key, idem string, body []byte, want int, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	if idem != "" {
		req.Header.Set("Idempotency-Key", idem)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		return fmt.Errorf("POST %s: %d %s", path, resp.StatusCode, bytes.TrimSpace(data[:min(len(data), 300)]))
	}
	return json.Unmarshal(data, out)
}
