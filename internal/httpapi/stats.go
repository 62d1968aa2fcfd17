package httpapi

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/httpapi/wire"
	"github.com/orders-api/orders-api/internal/order"
)

// statsParams are the query parameters of the statistics.
var statsParams = []string{"system", "occurred_after", "occurred_before"}

// defaultStatsWindow is the window of the statistics when none is given.
const defaultStatsWindow = 24 * time.Hour

// StatsResponse are the integration statistics of a window.
type StatsResponse struct {
	// The window's start (inclusive).
	OccurredAfter string `json:"occurred_after" format:"date-time" maxLength:"35" example:"2026-11-25T15:00:00Z" validate:"required"`
	// The window's end (exclusive).
	OccurredBefore string `json:"occurred_before" format:"date-time" maxLength:"35" example:"2026-11-26T15:00:00Z" validate:"required"`
	// One entry per system with any attempt in the store, by name.
	Systems []SystemStatsResponse `json:"systems" validate:"required"`
} //	@name	IntegrationStats

// SystemStatsResponse are one system's statistics.
type SystemStatsResponse struct {
	System string `json:"system" example:"bling" maxLength:"64" validate:"required" extensions:"x-pattern=^[a-z0-9][a-z0-9._-]*$"`
	// The window's attempts (occurred_at in it) by status.
	Attempts StatusCountsResponse `json:"attempts" validate:"required"`
	// The store's orders by this system's current state, whatever the window.
	Orders StatusCountsResponse `json:"orders" validate:"required"`
	// The latest occurred_at of this system's success attempts, ever; null when none.
	LastSuccessAt *string `json:"last_success_at" format:"date-time" maxLength:"35" example:"2026-11-26T14:59:00Z" extensions:"x-nullable" validate:"required"`
	// Among the orders whose state for this system is pending, the earliest last_attempt_at; null when none.
	OldestPendingAt *string `json:"oldest_pending_at" format:"date-time" maxLength:"35" example:"2026-11-26T09:12:00Z" extensions:"x-nullable" validate:"required"`
	// Seconds from placed_at to the first success, over the orders placed in the window that have one; null when none.
	FirstSuccessSeconds *PercentilesResponse `json:"first_success_seconds" extensions:"x-nullable" validate:"required"`
	// The window's errors by error_code (null: those without one), at most 10, most frequent first.
	TopErrors []ErrorGroupResponse `json:"top_errors" validate:"required,max=10"`
} //	@name	SystemStats

// StatusCountsResponse counts by status.
type StatusCountsResponse struct {
	Pending int64 `json:"pending" example:"3" minimum:"0" maximum:"9007199254740991" format:"int64" validate:"required"`
	Success int64 `json:"success" example:"120" minimum:"0" maximum:"9007199254740991" format:"int64" validate:"required"`
	Error   int64 `json:"error" example:"7" minimum:"0" maximum:"9007199254740991" format:"int64" validate:"required"`
} //	@name	StatusCounts

// PercentilesResponse are nearest-rank percentiles.
type PercentilesResponse struct {
	P50 float64 `json:"p50" example:"42" validate:"required"`
	P95 float64 `json:"p95" example:"1830.5" validate:"required"`
} //	@name	Percentiles

// ErrorGroupResponse is one error code's errors in the window.
type ErrorGroupResponse struct {
	// The error code; null for the errors without one.
	ErrorCode *string `json:"error_code" example:"customer.document_missing" maxLength:"64" extensions:"x-nullable" validate:"required"`
	Count     int64   `json:"count" example:"5" minimum:"1" maximum:"9007199254740991" format:"int64" validate:"required"`
	// The message of the group's latest attempt.
	LastMessage string `json:"last_message" example:"Cliente sem CPF" maxLength:"2000" validate:"required"`
	// The occurred_at of the group's latest attempt.
	LastAt string `json:"last_at" format:"date-time" maxLength:"35" example:"2026-11-26T14:04:59Z" validate:"required"`
} //	@name	ErrorGroup

// statsQuery reads the statistics' filters: the window defaults to the 24
// hours ending now; one bound alone gets the other 24 hours away.
func statsQuery(c echo.Context, now time.Time) (order.StatsQuery, error) {
	q := &query{c: c}
	sq := order.StatsQuery{System: q.slug("system")}
	after, before := q.time("occurred_after"), q.time("occurred_before")
	if err := q.err(); err != nil {
		return sq, err
	}
	switch {
	case after == nil && before == nil:
		sq.After, sq.Before = now.Add(-defaultStatsWindow), now
	case after == nil:
		sq.After, sq.Before = before.Add(-defaultStatsWindow), *before
	case before == nil:
		sq.After, sq.Before = *after, now
	default:
		sq.After, sq.Before = *after, *before
	}
	sq.After, sq.Before = sq.After.UTC(), sq.Before.UTC()
	switch {
	case sq.Before.Before(sq.After):
		q.fail("occurred_before", "must not be before occurred_after")
	case sq.Before.Sub(sq.After) > order.MaxStatsWindow:
		q.fail("occurred_after", "the window must be at most 93 days long")
	}
	return sq, q.err()
}

// stats answers the integration statistics of a window.
//
//	@Summary		Integration statistics
//	@Description	For ops, per system: the window's attempts by status, the orders by that system's current state, the last success, the oldest pending order, the time from placed_at to the first success (p50, p95 by nearest rank) of the orders placed in the window, and the window's top error codes. The window defaults to the 24 hours ending at the request; at most 93 days. Exact, not sampled.
//	@ID				integrationStats
//	@Tags			integration-history
//	@Produce		json
//	@Security		BearerAuth
//	@Param			system			query		string	false	"Only this system"						minlength(1)		maxlength(64)	extensions(x-pattern=^[a-z0-9][a-z0-9._-]*$)
//	@Param			occurred_after	query		string	false	"Window start, inclusive (RFC 3339)"	format(date-time)	maxlength(35)
//	@Param			occurred_before	query		string	false	"Window end, exclusive (RFC 3339)"		format(date-time)	maxlength(35)
//	@Success		200				{object}	StatsResponse
//	@Failure		400				{object}	Problem	"Bad or unknown query parameter, or a window longer than 93 days"
//	@Failure		401				{object}	Problem	"Missing or invalid key"
//	@Failure		429				{object}	Problem	"Rate limited"
//	@Failure		500				{object}	Problem	"Internal error (a bug): detail names the request id to report"
//	@Failure		503				{object}	Problem	"Database unavailable"
//	@Router			/integration-stats [get]
func (s *server) stats(c echo.Context) error {
	q, err := statsQuery(c, time.Now().UTC().Truncate(time.Microsecond))
	if err != nil {
		return err
	}
	st, err := s.live.Stats(c.Request().Context(), identity(c).StoreID, q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toStatsResponse(q, st))
}

// toStatsResponse maps the statistics of q.
func toStatsResponse(q order.StatsQuery, st order.Stats) StatsResponse {
	out := StatsResponse{OccurredAfter: wire.FormatTime(q.After), OccurredBefore: wire.FormatTime(q.Before),
		Systems: make([]SystemStatsResponse, len(st.Systems))}
	for i, sys := range st.Systems {
		r := SystemStatsResponse{System: sys.System, Attempts: toCounts(sys.Attempts), Orders: toCounts(sys.Orders),
			LastSuccessAt: wire.FormatTimePtr(sys.LastSuccessAt), OldestPendingAt: wire.FormatTimePtr(sys.OldestPendingAt),
			TopErrors: make([]ErrorGroupResponse, len(sys.TopErrors))}
		if p := sys.FirstSuccess; p != nil {
			r.FirstSuccessSeconds = &PercentilesResponse{P50: p.P50, P95: p.P95}
		}
		for j, g := range sys.TopErrors {
			r.TopErrors[j] = ErrorGroupResponse{ErrorCode: g.ErrorCode, Count: g.Count, LastMessage: g.LastMessage,
				LastAt: wire.FormatTime(g.LastAt)}
		}
		out.Systems[i] = r
	}
	return out
}

func toCounts(c order.StatusCounts) StatusCountsResponse {
	return StatusCountsResponse{Pending: c.Pending, Success: c.Success, Error: c.Error}
}

// errNoLive answers the routes of SPEC 10 on a server built without them.
var errNoLive = errs.New(errs.Unavailable, "live history is not available on this server")
