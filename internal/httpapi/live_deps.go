package httpapi

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/order"
)

// DefaultStreamsPerKey is the default of STREAMS_PER_KEY (SPEC 10.1).
const DefaultStreamsPerKey = 5

// DefaultKeepAlive is how often an idle stream sends a comment line: under
// SPEC 10.1's 15 seconds, with room for a slow proxy.
const DefaultKeepAlive = 10 * time.Second

// streamWriteWindow bounds each write of a stream or an export: the route
// outlives WRITE_TIMEOUT, but a client that stops reading is cut after this
// long without progress. The deadline is armed again before every write.
const streamWriteWindow = 30 * time.Second

// Streams holds this replica's open streams: it counts them per key
// (STREAMS_PER_KEY) and ends them all at once on shutdown (Close), so that
// they never hold a graceful shutdown up. The zero value is not usable: use
// NewStreams.
type Streams struct {
	mu     sync.Mutex
	perKey map[uuid.UUID]int
	ctx    context.Context // done once Close is called
	cancel context.CancelFunc
}

// NewStreams returns an empty set of streams.
func NewStreams() *Streams {
	ctx, cancel := context.WithCancel(context.Background())
	return &Streams{perKey: map[uuid.UUID]int{}, ctx: ctx, cancel: cancel}
}

// Close ends every open stream and refuses new ones (503). Register it with
// http.Server.RegisterOnShutdown.
func (s *Streams) Close() { s.cancel() }

// acquire counts one more stream of key, or fails with a 429 when the key
// has limit open ones, or with a 503 once closed.
func (s *Streams) acquire(key uuid.UUID, limit int) (release func(), err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx.Err() != nil {
		return nil, &errs.Error{Code: errs.Unavailable, Detail: "the server is shutting down: reconnect", RetryAfter: time.Second}
	}
	if s.perKey[key] >= limit {
		return nil, &errs.Error{Code: errs.RateLimited, RetryAfter: 5 * time.Second,
			Detail: "this key has the most open streams allowed on this server (STREAMS_PER_KEY): close one first"}
	}
	s.perKey[key]++
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			if s.perKey[key]--; s.perKey[key] <= 0 {
				delete(s.perKey, key)
			}
		})
	}, nil
}

// streamingRoutes are the routes that answer with a stream of their own
// length: the request deadline (RequestTimeout, under WRITE_TIMEOUT) does
// not bound them; they arm their own write deadlines (streamWriter).
var streamingRoutes = map[string]bool{
	"/integration-history/stream": true,
	"/integration-history/export": true,
}

// streaming reports whether c is a request of a streaming route.
func streaming(c echo.Context) bool { return streamingRoutes[c.Path()] }

// streamWriter writes a streamed answer: each write with a deadline of its
// own, then flushed, so that it leaves at once.
type streamWriter struct {
	w  http.ResponseWriter
	rc *http.ResponseController
}

// newStreamWriter returns the writer of c's response. The connection's read
// deadline (READ_TIMEOUT) is lifted: when it passes, net/http would cancel
// the request's context, and a stream outlives it. A client that goes away
// still cancels it.
func newStreamWriter(c echo.Context) *streamWriter {
	w := &streamWriter{w: c.Response(), rc: http.NewResponseController(c.Response())}
	_ = w.rc.SetReadDeadline(time.Time{}) // not supported by test recorders: nothing to lift there
	return w
}

// write sends b and flushes it.
func (w *streamWriter) write(b []byte) error {
	_ = w.rc.SetWriteDeadline(time.Now().Add(streamWriteWindow))
	if _, err := w.w.Write(b); err != nil {
		return err
	}
	return w.rc.Flush()
}

// keepAlive returns the stream keep-alive period.
func (c Config) keepAlive() time.Duration {
	if c.StreamKeepAlive > 0 {
		return c.StreamKeepAlive
	}
	return DefaultKeepAlive
}

// streamsPerKey returns the open streams allowed per key.
func (c Config) streamsPerKey() int {
	if c.StreamsPerKey > 0 {
		return c.StreamsPerKey
	}
	return DefaultStreamsPerKey
}

// streamsOrNew returns s, or a set of the handler's own when s is nil.
func streamsOrNew(s *Streams) *Streams {
	if s == nil {
		return NewStreams()
	}
	return s
}

// liveOrUnavailable returns l, or a store answering 503 when l is nil (a
// handler built without SPEC 10's storage, as some tests build it).
func liveOrUnavailable(l order.LiveStore) order.LiveStore {
	if l == nil {
		return noLive{}
	}
	return l
}

// noLive is the LiveStore of a handler built without one.
type noLive struct{}

func (noLive) Subscribe(context.Context, string, order.StreamFilter, *order.EventPos) (order.Feed, error) {
	return nil, errNoLive
}

func (noLive) ExportAttempts(context.Context, string, order.AttemptFilter, func([]order.ExportRow) error) error {
	return errNoLive
}

func (noLive) Stats(context.Context, string, order.StatsQuery) (order.Stats, error) {
	return order.Stats{}, errNoLive
}
