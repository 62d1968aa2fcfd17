package sqldb

import (
	"context"
	"time"

	"github.com/orders-api/orders-api/internal/order"
)

// Subscribe opens a feed of storeID's attempts matching f after the
// position after (a resume), or after the tail (the attempts recorded from
// now on), starting the hub if need be.
func (h *EventHub) Subscribe(ctx context.Context, storeID string, f order.StreamFilter,
	after *order.EventPos) (order.Feed, error) {
	if err := h.start(ctx); err != nil {
		return nil, err
	}
	var err error
	fd := &feed{hub: h, store: storeID, filter: f}
	if after != nil {
		fd.last = *after
	} else if fd.last, err = h.src.Tail(ctx); err != nil {
		return nil, err
	}
	fd.sub = &subscriber{store: storeID, filter: f, ready: make(chan struct{}, 1)}
	fd.upTo = h.register(fd.sub)
	fd.catching = fd.last.Less(fd.upTo)
	return fd, nil
}

// feed is one open stream: first the attempts in (last, upTo] from the
// table, then the hub's events after upTo.
type feed struct {
	hub      *EventHub
	store    string
	filter   order.StreamFilter
	sub      *subscriber
	last     order.EventPos // the last event returned, or the start
	upTo     order.EventPos // the hub's position at registration
	catching bool
}

// Next returns the next events: the table's while catching up, then the
// hub's, waiting at most wait for them.
func (fd *feed) Next(ctx context.Context, wait time.Duration) ([]order.Event, error) {
	if fd.catching {
		events, err := fd.hub.src.CatchUp(ctx, fd.store, fd.filter, fd.last, fd.upTo, catchLimit)
		if err != nil {
			return nil, err
		}
		if len(events) < catchLimit {
			fd.catching = false
		}
		if len(events) > 0 {
			fd.last = events[len(events)-1].Pos
			return events, nil
		}
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-timer.C:
			return nil, nil
		case <-fd.sub.ready:
		}
		queued, lagged := fd.sub.take()
		if lagged {
			return nil, order.ErrFeedLagging
		}
		events := queued[:0]
		for _, e := range queued {
			if fd.last.Less(e.Pos) { // a resume from a position ahead of the hub's
				events = append(events, e)
			}
		}
		if len(events) > 0 {
			fd.last = events[len(events)-1].Pos
			return events, nil
		}
	}
}

// Close unregisters the feed.
func (fd *feed) Close() { fd.hub.unregister(fd.sub) }
