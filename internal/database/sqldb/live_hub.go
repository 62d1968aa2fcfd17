package sqldb

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/order"
)

// The live stream's feed (SPEC 10.1). Each engine's DB has one EventHub, started by
// the first Subscribe: it follows the attempts table in recording order
// (order.EventPos) from a position on, woken by each commit in process, by
// PostgreSQL notifications from other replicas, and by a poll, and hands
// each new attempt to the feeds of its store whose filter it matches.
// A feed reads what came before its registration (a resume) from the table
// itself, then takes the hub's events. Writers never wait for a stream:
// they only wake the hub, and the hub never waits for a feed either: a feed
// whose bounded queue is full is dropped (order.ErrFeedLagging), and its client
// resumes from its last event id, read from the table.
const (
	pollEvery  = 500 * time.Millisecond // the fall-back poll, when no notification came
	heldRetry  = 10 * time.Millisecond  // a new read while committed attempts wait for an older transaction
	fetchLimit = 1000                   // attempts per read of the hub
	catchLimit = 500                    // attempts per read of a resuming feed
	maxQueue   = 4096                   // events a feed may hold before it is dropped for lag
)

// EventSource is what the hub reads, per engine (pgstore, sqlitestore).
type EventSource interface {
	// Tail returns the greatest position at or below which no attempt can
	// commit any more (zero when there is none).
	Tail(ctx context.Context) (order.EventPos, error)
	// Fetch returns up to limit attempts of every store after pos that are
	// final, in order, and whether committed attempts are held back behind
	// a transaction still in flight.
	Fetch(ctx context.Context, pos order.EventPos, limit int) (events []order.Event, held bool, err error)
	// CatchUp returns up to limit attempts of storeID matching f in
	// (after, upTo], in order.
	CatchUp(ctx context.Context, storeID string, f order.StreamFilter, after, upTo order.EventPos,
		limit int) ([]order.Event, error)
	// Listen calls wake on each notification until ctx is done (PostgreSQL);
	// nil when commits are only heard of in process.
	Listen(ctx context.Context, wake func(), log *slog.Logger)
}

// EventHub follows the attempts table for one DB's feeds.
type EventHub struct {
	src  EventSource
	log  *slog.Logger
	wake chan struct{} // capacity 1: wakes coalesce

	mu      sync.Mutex
	started bool
	stopped bool
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	pos     order.EventPos // every final attempt up to here was dispatched
	subs    map[*subscriber]struct{}
}

// subscriber is one feed's queue, filled by the hub.
type subscriber struct {
	store  string
	filter order.StreamFilter
	ready  chan struct{} // capacity 1: something was queued, or lagged was set

	mu     sync.Mutex
	queue  []order.Event
	lagged bool
}

// NewEventHub returns the hub of one database pool on src, not started:
// the first Subscribe starts it.
func NewEventHub(src EventSource, log *slog.Logger) *EventHub {
	return &EventHub{src: src, log: log, wake: make(chan struct{}, 1), subs: map[*subscriber]struct{}{}}
}

// Poke wakes the hub's loop without waiting.
func (h *EventHub) Poke() {
	select {
	case h.wake <- struct{}{}:
	default:
	}
}

// start reads the tail and starts the loop and the listener, once.
func (h *EventHub) start(ctx context.Context) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case h.stopped:
		return errs.New(errs.Unavailable, "the database is closing")
	case h.started:
		return nil
	}
	pos, err := h.src.Tail(ctx)
	if err != nil {
		return err
	}
	h.pos, h.started = pos, true
	runCtx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	h.wg.Add(2)
	go func() { defer h.wg.Done(); h.run(runCtx) }()
	go func() { defer h.wg.Done(); h.src.Listen(runCtx, h.Poke, h.log) }()
	return nil
}

// Stop ends the hub for good.
func (h *EventHub) Stop() {
	h.mu.Lock()
	h.stopped = true
	if h.cancel != nil {
		h.cancel()
	}
	h.mu.Unlock()
	h.wg.Wait()
}

// run reads and dispatches new attempts on each wake and poll.
func (h *EventHub) run(ctx context.Context) {
	timer := time.NewTimer(pollEvery)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-h.wake:
		case <-timer.C:
		}
		next := h.follow(ctx)
		timer.Reset(next)
	}
}

// follow dispatches every final attempt after the hub's position and
// returns when to look again.
func (h *EventHub) follow(ctx context.Context) time.Duration {
	for ctx.Err() == nil {
		h.mu.Lock()
		pos, idle := h.pos, len(h.subs) == 0
		h.mu.Unlock()
		if idle {
			h.skipToTail(ctx)
			return pollEvery
		}
		events, held, err := h.src.Fetch(ctx, pos, fetchLimit)
		if err != nil {
			if ctx.Err() == nil {
				h.log.WarnContext(ctx, "live stream: unable to read new attempts", slog.Any("error", err))
			}
			return pollEvery
		}
		h.dispatch(events)
		switch {
		case len(events) == fetchLimit:
			continue
		case held:
			return heldRetry
		}
		return pollEvery
	}
	return pollEvery
}

// skipToTail moves the position of a hub without feeds to the tail, so
// that it doesn't read attempts no one waits for; unless a feed registered
// meanwhile, which is owed everything after the position it registered at.
func (h *EventHub) skipToTail(ctx context.Context) {
	pos, err := h.src.Tail(ctx)
	if err != nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.subs) == 0 && h.pos.Less(pos) {
		h.pos = pos
	}
}

// dispatch queues events to the matching feeds and advances the position,
// under the lock that registration takes, so a feed gets exactly the events
// after the position it registered at.
func (h *EventHub) dispatch(events []order.Event) {
	if len(events) == 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for sub := range h.subs {
		var batch []order.Event
		for _, e := range events {
			if e.Attempt.StoreID == sub.store && sub.filter.Match(e.Attempt) {
				batch = append(batch, e)
			}
		}
		if len(batch) > 0 && !sub.push(batch) {
			delete(h.subs, sub) // dropped for lag: its client resumes from the table
		}
	}
	h.pos = events[len(events)-1].Pos
}

// register adds sub and returns the position after which it gets events.
func (h *EventHub) register(sub *subscriber) order.EventPos {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.subs[sub] = struct{}{}
	return h.pos
}

// unregister removes sub.
func (h *EventHub) unregister(sub *subscriber) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.subs, sub)
}

// push queues batch, or marks the subscriber lagged when its queue would
// exceed maxQueue; false then. It never blocks on the feed's reader.
func (s *subscriber) push(batch []order.Event) bool {
	s.mu.Lock()
	ok := len(s.queue)+len(batch) <= maxQueue
	if ok {
		s.queue = append(s.queue, batch...)
	} else {
		s.queue, s.lagged = nil, true
	}
	s.mu.Unlock()
	select {
	case s.ready <- struct{}{}:
	default:
	}
	return ok
}

// take returns the queued events and whether the subscriber lagged.
func (s *subscriber) take() ([]order.Event, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.queue
	s.queue = nil
	return q, s.lagged
}

// Log returns the hub's logger.
func (h *EventHub) Log() *slog.Logger { return h.log }
