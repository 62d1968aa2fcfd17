package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi"
)

// streamHandler builds a handler on v's deps (app.App.Deps) with cfg and
// streams.
func streamHandler(v *env, cfg httpapi.Config, streams *httpapi.Streams) http.Handler {
	d := v.deps
	d.Config, d.Streams = cfg, streams
	return httpapi.NewServer(d)
}

// wantEvents reads len(want) events from s and checks that they are the
// recorded attempts, in order and byte for byte; it returns their ids.
func wantEvents(t *testing.T, name string, s *sseStream, want ...httpapi.AttemptResponse) []string {
	t.Helper()
	var ids []string
	for i, w := range want {
		e, got, ok := s.next(2 * time.Second)
		if !ok {
			t.Fatalf("%s: event %d (%s) did not come", name, i, w.Message)
		}
		wantJSON, _ := json.Marshal(w)
		if got.ID != w.ID || !bytes.Equal([]byte(e.Data), wantJSON) {
			t.Fatalf("%s: event %d is %s, want %s", name, i, e.Data, wantJSON)
		}
		ids = append(ids, e.ID)
	}
	return ids
}

// wantNoEvent checks that no attempt event comes for a while.
func wantNoEvent(t *testing.T, name string, s *sseStream) {
	t.Helper()
	if e, _, ok := s.next(300 * time.Millisecond); ok {
		t.Errorf("%s: unexpected event %s", name, e.Data)
	}
}

// TestStream covers GET /integration-history/stream on one server: filters
// and store isolation, keep-alive, a life longer than WRITE_TIMEOUT and
// READ_TIMEOUT and the request deadline, resume by header and parameter,
// bad ids, STREAMS_PER_KEY, and the end of every stream at shutdown.
func TestStream(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	streams := httpapi.NewStreams()
	cfg := httpapi.Config{MaxBodyBytes: 1 << 20, StreamKeepAlive: 200 * time.Millisecond, StreamsPerKey: 3,
		RequestTimeout: 300 * time.Millisecond}
	srv := serve(t, streamHandler(v, cfg, streams), 500*time.Millisecond)
	admin, reader := v.key("ss", auth.RoleAdmin), v.key("ss", auth.RoleReader)
	other := v.key("ss-other", auth.RoleAdmin)
	o1, o2 := v.createOrder(admin, nil), v.createOrder(admin, nil)
	opened := time.Now()
	all, resp := openStream(t, srv.URL, "/integration-history/stream", reader)
	if all == nil || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("open: %v %v", resp.StatusCode, resp.Header)
	}
	tinyErrors, _ := openStream(t, srv.URL, "/integration-history/stream?system=tiny&status=error", admin)
	ofO2, _ := openStream(t, srv.URL, "/integration-history/stream?order_id="+o2.ID, admin)
	a1 := v.record(admin, o1.ID, nil)
	a2 := v.record(admin, o2.ID, map[string]any{"system": "tiny", "status": "error", "message": "line\nbreak <b>"})
	v.record(other, v.createOrder(other, nil).ID, nil)
	a3 := v.record(admin, o2.ID, map[string]any{"system": "tiny", "status": "success"})
	ids := wantEvents(t, "all", all, a1, a2, a3)
	wantEvents(t, "system=tiny&status=error", tinyErrors, a2)
	wantEvents(t, "order_id", ofO2, a2, a3)
	wantNoEvent(t, "system=tiny&status=error", tinyErrors)
	if c, ok := tinyErrors.comment(time.Second); !ok || c != "keep-alive" {
		t.Errorf("no keep-alive comment within a second: %q", c)
	}
	time.Sleep(time.Until(opened.Add(1200 * time.Millisecond))) // past the server's write and read timeouts
	a4 := v.record(admin, o1.ID, map[string]any{"status": "pending"})
	wantEvents(t, "all, after WRITE_TIMEOUT", all, a4)
	all.close()

	// resume: every attempt after the id, then the live ones, by header or parameter
	a5 := v.record(admin, o1.ID, map[string]any{"status": "error"})
	resumed, resp := openStream(t, srv.URL, "/integration-history/stream", reader, "Last-Event-ID", ids[0])
	if resumed == nil {
		t.Fatalf("resume: %d", resp.StatusCode)
	}
	a6 := v.record(admin, o2.ID, nil)
	wantEvents(t, "resumed by header", resumed, a2, a3, a4, a5, a6)
	wantNoEvent(t, "resumed by header", resumed)
	byParam, _ := openStream(t, srv.URL, "/integration-history/stream?status=error&last_event_id="+url.QueryEscape(ids[1]), reader)
	wantEvents(t, "resumed by parameter", byParam, a5)
	byParam.close()

	for _, bad := range []struct{ query, header, field string }{
		{"?limit=5", "", "limit"}, {"?order_id=nope", "", "order_id"}, {"?status=done", "", "status"},
		{"", "12.34", "Last-Event-ID"}, {"", ids[0] + "0", "Last-Event-ID"}, {"?last_event_id=x", "", "Last-Event-ID"},
	} {
		_, resp := openStream(t, srv.URL, "/integration-history/stream"+bad.query, reader, "Last-Event-ID", bad.header)
		if resp.StatusCode != 400 {
			t.Errorf("%q %q: %d, want 400", bad.query, bad.header, resp.StatusCode)
		}
	}
	if _, resp := openStream(t, srv.URL, "/integration-history/stream", other, "Last-Event-ID", ids[0]); resp.StatusCode != 400 {
		t.Errorf("another store's event id: %d, want 400", resp.StatusCode)
	}

	// STREAMS_PER_KEY (3 here): admin has two open streams, and one more
	third, _ := openStream(t, srv.URL, "/integration-history/stream", admin)
	if third == nil {
		t.Fatal("third stream refused")
	}
	if _, resp := openStream(t, srv.URL, "/integration-history/stream", admin); resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" {
		t.Errorf("fourth stream of a key: %d, Retry-After %q; want 429 with it", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	third.close()
	// The server frees the slot when it sees the connection closed, which
	// is not at the instant the client closes it: ask again for a while.
	var fourth *sseStream
	for deadline := time.Now().Add(5 * time.Second); fourth == nil && time.Now().Before(deadline); {
		if fourth, _ = openStream(t, srv.URL, "/integration-history/stream", admin); fourth == nil {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if fourth == nil {
		t.Fatal("a closed stream still counts against STREAMS_PER_KEY 5 s after it closed")
	}
	v.must(v.do("GET", "/orders", admin, nil), 200) // other routes keep their deadline

	// shutdown ends every stream at once
	start := time.Now()
	streams.Close()
	for _, s := range []*sseStream{tinyErrors, ofO2, resumed, fourth} {
		select {
		case <-s.done:
		case <-time.After(time.Second):
			t.Fatal("a stream is still open a second after Close")
		}
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("streams took %s to end", d)
	}
	if _, resp := openStream(t, srv.URL, "/integration-history/stream", reader); resp.StatusCode != 503 {
		t.Errorf("a stream after Close: %d, want 503", resp.StatusCode)
	}
}
