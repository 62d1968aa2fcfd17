package httpapi_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/httpapi"
)

// sseEvent is one event of a stream, or a comment (Comment set).
type sseEvent struct {
	ID, Event, Data, Comment, Retry string
}

// sseStream is an open stream of a test server.
type sseStream struct {
	t      testing.TB
	resp   *http.Response
	events chan sseEvent
	cancel context.CancelFunc
	done   chan struct{} // closed when the body ends
}

// openStream opens path on server with token; headers are name, value pairs.
func openStream(t testing.TB, server, path, token string, headers ...string) (*sseStream, *http.Response) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", server+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatalf("open %s: %v", path, err)
	}
	if resp.StatusCode != 200 {
		defer resp.Body.Close()
		cancel()
		return nil, resp
	}
	s := &sseStream{t: t, resp: resp, events: make(chan sseEvent, 10_000), cancel: cancel, done: make(chan struct{})}
	go s.read()
	t.Cleanup(s.close)
	return s, resp
}

// read parses the body into events until it ends.
func (s *sseStream) read() {
	defer close(s.done)
	defer close(s.events)
	sc := bufio.NewScanner(s.resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var e sseEvent
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if e != (sseEvent{}) {
				s.events <- e
			}
			e = sseEvent{}
		case strings.HasPrefix(line, ":"):
			e.Comment = strings.TrimSpace(line[1:])
		case strings.HasPrefix(line, "id: "):
			e.ID = line[4:]
		case strings.HasPrefix(line, "event: "):
			e.Event = line[7:]
		case strings.HasPrefix(line, "data: "):
			e.Data = line[6:]
		case strings.HasPrefix(line, "retry: "):
			e.Retry = line[7:]
		}
	}
}

// close disconnects.
func (s *sseStream) close() {
	s.cancel()
	_ = s.resp.Body.Close()
	<-s.done
}

// next returns the next attempt event within wait, skipping comments; ok is
// false when none came (or the stream ended).
func (s *sseStream) next(wait time.Duration) (sseEvent, httpapi.AttemptResponse, bool) {
	s.t.Helper()
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		select {
		case e, open := <-s.events:
			if !open {
				return sseEvent{}, httpapi.AttemptResponse{}, false
			}
			if e.Event != "attempt" {
				continue
			}
			var a httpapi.AttemptResponse
			if err := json.Unmarshal([]byte(e.Data), &a); err != nil {
				s.t.Fatalf("event data %q: %v", e.Data, err)
			}
			return e, a, true
		case <-timer.C:
			return sseEvent{}, httpapi.AttemptResponse{}, false
		}
	}
}

// comment waits for a comment line within wait.
func (s *sseStream) comment(wait time.Duration) (string, bool) {
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		select {
		case e, open := <-s.events:
			if !open {
				return "", false
			}
			if e.Comment != "" && e.Event == "" {
				return e.Comment, true
			}
		case <-timer.C:
			return "", false
		}
	}
}

// serve starts a real HTTP server on h with the given write and read
// timeouts, closed when t ends.
func serve(t testing.TB, h http.Handler, timeout time.Duration) *httptest.Server {
	srv := httptest.NewUnstartedServer(h)
	srv.Config.WriteTimeout, srv.Config.ReadTimeout = timeout, timeout
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}
