package order

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
)

// EventPos is a position in the recording order of attempts (SPEC 10.1):
// the inserting transaction's id on PostgreSQL (0 on SQLite), then Seq.
// Streams send attempts in this order, and only once no attempt can commit
// at a lower position, so a stream resumed after a position misses nothing.
type EventPos struct {
	Tx  uint64
	Seq int64
}

// Less reports whether p comes before q.
func (p EventPos) Less(q EventPos) bool {
	if p.Tx != q.Tx {
		return p.Tx < q.Tx
	}
	return p.Seq < q.Seq
}

// Event is one attempt of a live stream, with its position.
type Event struct {
	Pos     EventPos
	Attempt Attempt
}

// StreamFilter selects the attempts of a live stream. Nil fields do not
// filter.
type StreamFilter struct {
	OrderID *uuid.UUID
	System  *string
	Status  *AttemptStatus
}

// Match reports whether a passes f.
func (f StreamFilter) Match(a Attempt) bool {
	return (f.OrderID == nil || *f.OrderID == a.OrderID) && (f.System == nil || *f.System == a.System) &&
		(f.Status == nil || *f.Status == a.Status)
}

// ErrFeedLagging ends a feed whose client read slower than attempts were
// recorded: the client resumes from its last event id, read from the table.
var ErrFeedLagging = errors.New("the stream fell behind: resume with Last-Event-ID")

// Feed is one open live stream: the matching attempts of a store, in
// recording order, from a position on.
type Feed interface {
	// Next returns the next events in order, waiting for some until ctx is
	// done or wait passes (then none, and no error).
	Next(ctx context.Context, wait time.Duration) ([]Event, error)
	// Close ends the feed.
	Close()
}

// ExportRow is one attempt of an export with its order's number.
type ExportRow struct {
	Attempt     Attempt
	OrderNumber string
}

// LiveStore is the storage of SPEC 10: live streams, statistics and
// exports. Every method is scoped by the store (tenant) id.
type LiveStore interface {
	// Subscribe opens a feed of storeID's attempts matching f recorded after
	// the position after, or after now when after is nil.
	Subscribe(ctx context.Context, storeID string, f StreamFilter, after *EventPos) (Feed, error)
	// ExportAttempts calls fn with every attempt matching f (whose Limit and
	// After are ignored), newest first, in chunks of a bounded size, until
	// fn fails or ctx is done.
	ExportAttempts(ctx context.Context, storeID string, f AttemptFilter, fn func([]ExportRow) error) error
	// Stats returns the statistics of SPEC 10.2.
	Stats(ctx context.Context, storeID string, q StatsQuery) (Stats, error)
}
