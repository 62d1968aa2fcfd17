package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/order"
)

// streamParams are the query parameters of the live stream.
var streamParams = []string{"order_id", "system", "status", "last_event_id"}

// streamRetryMillis is the reconnection delay a stream advises when it ends
// (lagging, or the server shutting down).
const streamRetryMillis = "1000"

// streamFilter reads the stream's filters and the position to resume after:
// the Last-Event-ID header, else the last_event_id parameter; nil for none.
func streamFilter(c echo.Context) (order.StreamFilter, *order.EventPos, error) {
	q := &query{c: c}
	f := order.StreamFilter{
		System: q.slug("system"),
		Status: enum(q, "status", order.AttemptStatus.Valid, "pending, success, error"),
	}
	if s := q.str("order_id"); s != nil {
		if id, err := uuid.Parse(*s); err != nil || len(*s) != 36 {
			q.fail("order_id", "must be an order id (a UUID)")
		} else {
			f.OrderID = &id
		}
	}
	if err := q.err(); err != nil {
		return f, nil, err
	}
	last := c.Request().Header.Get("Last-Event-ID")
	if last == "" {
		last = c.QueryParam("last_event_id")
	}
	if last == "" {
		return f, nil, nil
	}
	pos, err := decodeEventID(identity(c).StoreID, last)
	if err != nil {
		return f, nil, err
	}
	return f, &pos, nil
}

// stream sends the store's new attempts as Server-Sent Events.
//
//	@Summary		Live integration history (Server-Sent Events)
//	@Description	Keeps the connection open and sends every attempt recorded in the key's store after the stream opened (through any replica) that matches the filters, within a second, as an event "attempt" whose data is the attempt on one line, exactly as the history endpoints show it. Events come in recording order. To resume without losing or repeating anything, reconnect with the header Last-Event-ID (or the parameter last_event_id) set to the id of the last event received. A comment line ": keep-alive" comes at least every 15 seconds when nothing happens. At most STREAMS_PER_KEY (default 5) open streams per key on each server. Browsers' EventSource can't send Authorization: use a fetch-based client (docs/FRONTEND.md).
//	@ID				streamIntegrationHistory
//	@Tags			integration-history
//	@Produce		text/event-stream
//	@Security		BearerAuth
//	@Param			order_id		query		string	false	"Only this order's attempts"												format(uuid)	maxlength(36)
//	@Param			system			query		string	false	"Only this system"															minlength(1)	maxlength(64)	extensions(x-pattern=^[a-z0-9][a-z0-9._-]*$)
//	@Param			status			query		string	false	"Only this status: pending (Pendente), success (Concluído), error (Erro)"	Enums(pending, success, error)
//	@Param			last_event_id	query		string	false	"Resume after this event id (the header Last-Event-ID wins)"				minlength(1)	maxlength(64)
//	@Param			Last-Event-ID	header		string	false	"Resume after this event id"												minlength(1)	maxlength(64)
//	@Success		200				{string}	string	"Server-Sent Events: id, event: attempt, data: the attempt as JSON on one line"
//	@Failure		400				{object}	Problem	"Bad or unknown query parameter, or a malformed or foreign event id"
//	@Failure		401				{object}	Problem	"Missing or invalid key"
//	@Failure		429				{object}	Problem	"Rate limited, or the key has STREAMS_PER_KEY open streams on this server"
//	@Failure		500				{object}	Problem	"Internal error (a bug): detail names the request id to report"
//	@Failure		503				{object}	Problem	"Database unavailable, or the server is shutting down"
//	@Router			/integration-history/stream [get]
func (s *server) stream(c echo.Context) error {
	f, after, err := streamFilter(c)
	if err != nil {
		return err
	}
	release, err := s.streams.acquire(identity(c).KeyID, s.cfg.streamsPerKey())
	if err != nil {
		return err
	}
	defer release()
	ctx, cancel := context.WithCancel(c.Request().Context())
	defer cancel()
	stop := context.AfterFunc(s.streams.ctx, cancel) // shutdown ends the stream at once
	defer stop()
	feed, err := s.live.Subscribe(ctx, identity(c).StoreID, f, after)
	if err != nil {
		return err
	}
	defer feed.Close()
	s.metrics.StreamOpened()
	defer s.metrics.StreamClosed()
	return s.sendEvents(ctx, c, feed)
}

// sendEvents writes the feed's events until the client goes away, the
// server shuts down or the feed fails.
func (s *server) sendEvents(ctx context.Context, c echo.Context, feed order.Feed) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/event-stream")
	h.Set("X-Accel-Buffering", "no") // nginx: don't buffer the stream
	c.Response().WriteHeader(http.StatusOK)
	w := newStreamWriter(c)
	if err := w.write([]byte(": connected\n\n")); err != nil {
		return nil // the client is gone
	}
	storeID := identity(c).StoreID
	var buf []byte
	for {
		events, err := feed.Next(ctx, s.cfg.keepAlive())
		switch {
		case ctx.Err() != nil:
			_ = w.write([]byte("retry: " + streamRetryMillis + "\n\n")) // shutting down: come back soon
			return nil
		case err != nil:
			s.streamEnded(ctx, c, w, err)
			return nil
		}
		buf = buf[:0]
		if len(events) == 0 {
			buf = append(buf, ": keep-alive\n\n"...)
		}
		for _, e := range events {
			buf = appendEvent(buf, storeID, e)
		}
		if err := w.write(buf); err != nil {
			return nil
		}
		s.metrics.EventsSent(len(events))
	}
}

// streamEnded ends a stream whose feed failed: lagging (its queue filled up)
// or the database. The client resumes from its last event id.
func (s *server) streamEnded(ctx context.Context, c echo.Context, w *streamWriter, err error) {
	if errors.Is(err, order.ErrFeedLagging) {
		s.metrics.StreamDropped()
	}
	s.log.LogAttrs(ctx, slog.LevelWarn, "stream ended", slog.String("request_id", requestID(c)),
		slog.String("error", err.Error()))
	_ = w.write([]byte(": ended, resume with Last-Event-ID\nretry: " + streamRetryMillis + "\n\n"))
}

// appendEvent appends one event in the text/event-stream format.
func appendEvent(b []byte, storeID string, e order.Event) []byte {
	b = append(b, "id: "...)
	b = append(b, encodeEventID(storeID, e.Pos)...)
	b = append(b, "\nevent: attempt\ndata: "...)
	b = toAttemptResponse(e.Attempt).AppendJSON(b)
	return append(b, "\n\n"...)
}
