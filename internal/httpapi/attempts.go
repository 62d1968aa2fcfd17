package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/order"
)

// historyFilter reads the filters shared by both history lists.
func historyFilter(c echo.Context) (order.AttemptFilter, error) {
	q := &query{c: c}
	f := order.AttemptFilter{
		System:         q.slug("system"),
		Status:         enum(q, "status", order.AttemptStatus.Valid, "pending, success, error"),
		ErrorCode:      q.slug("error_code"),
		OccurredAfter:  q.time("occurred_after"),
		OccurredBefore: q.time("occurred_before"),
		Limit:          q.limit(order.MaxLimit),
	}
	if cur := q.cursor(); cur != nil {
		k := cur.attemptKey()
		f.After = &k
	}
	return f, q.err()
}

// orderHistory lists one order's integration attempts, newest first.
//
//	@Summary		List an order's integration history
//	@Description	The "Integration history" screen: every attempt to send this order to an external system, newest first (occurred_at, then the most recently recorded).
//	@ID				listOrderHistory
//	@Tags			integration-history
//	@Produce		json
//	@Security		BearerAuth
//	@Param			id				path		string	true	"Order id"																	format(uuid)	maxlength(36)
//	@Param			system			query		string	false	"Only this system"															minlength(1)	maxlength(64)	extensions(x-pattern=^[a-z0-9][a-z0-9._-]*$)
//	@Param			status			query		string	false	"Only this status: pending (Pendente), success (Concluído), error (Erro)"	Enums(pending, success, error)
//	@Param			error_code		query		string	false	"Only this error code"														minlength(1)		maxlength(64)	extensions(x-pattern=^[a-z0-9][a-z0-9._-]*$)
//	@Param			occurred_after	query		string	false	"occurred_at >= this (RFC 3339)"											format(date-time)	maxlength(35)
//	@Param			occurred_before	query		string	false	"occurred_at < this (RFC 3339)"												format(date-time)	maxlength(35)
//	@Param			limit			query		int		false	"Page size"																	minimum(1)			maximum(200)	default(50)	format(int32)
//	@Param			cursor			query		string	false	"next_cursor of the previous page"											minlength(1)		maxlength(256)
//	@Success		200				{object}	AttemptList
//	@Header			200				{string}	Link	"<URL of the next page>; rel=next, while there is a next page"
//	@Failure		400				{object}	Problem	"Bad or unknown query parameter, or a cursor of another query"
//	@Failure		401				{object}	Problem	"Missing or invalid key"
//	@Failure		404				{object}	Problem	"No such order in the key's store"
//	@Failure		429				{object}	Problem	"Rate limited"
//	@Failure		500				{object}	Problem	"Internal error (a bug): detail names the request id to report"
//	@Failure		503				{object}	Problem	"Database unavailable"
//	@Router			/orders/{id}/integration-history [get]
func (s *server) orderHistory(c echo.Context) error {
	id, err := orderID(c)
	if err != nil {
		return err
	}
	f, err := historyFilter(c)
	if err != nil {
		return err
	}
	f.OrderID = &id
	return s.listAttempts(c, f)
}

// storeHistory lists attempts across the store's orders, newest first.
//
//	@Summary		Search integration history across orders
//	@Description	For ops: e.g. all Bling errors of the last hour with system=bling&status=error&occurred_after=...
//	@ID				listIntegrationHistory
//	@Tags			integration-history
//	@Produce		json
//	@Security		BearerAuth
//	@Param			system			query		string	false	"Only this system"															minlength(1)	maxlength(64)	extensions(x-pattern=^[a-z0-9][a-z0-9._-]*$)
//	@Param			status			query		string	false	"Only this status: pending (Pendente), success (Concluído), error (Erro)"	Enums(pending, success, error)
//	@Param			error_code		query		string	false	"Only this error code"														minlength(1)		maxlength(64)	extensions(x-pattern=^[a-z0-9][a-z0-9._-]*$)
//	@Param			occurred_after	query		string	false	"occurred_at >= this (RFC 3339)"											format(date-time)	maxlength(35)
//	@Param			occurred_before	query		string	false	"occurred_at < this (RFC 3339)"												format(date-time)	maxlength(35)
//	@Param			limit			query		int		false	"Page size"																	minimum(1)			maximum(200)	default(50)	format(int32)
//	@Param			cursor			query		string	false	"next_cursor of the previous page"											minlength(1)		maxlength(256)
//	@Success		200				{object}	AttemptList
//	@Header			200				{string}	Link	"<URL of the next page>; rel=next, while there is a next page"
//	@Failure		400				{object}	Problem	"Bad or unknown query parameter, or a cursor of another query"
//	@Failure		401				{object}	Problem	"Missing or invalid key"
//	@Failure		429				{object}	Problem	"Rate limited"
//	@Failure		500				{object}	Problem	"Internal error (a bug): detail names the request id to report"
//	@Failure		503				{object}	Problem	"Database unavailable"
//	@Router			/integration-history [get]
func (s *server) storeHistory(c echo.Context) error {
	f, err := historyFilter(c)
	if err != nil {
		return err
	}
	return s.listAttempts(c, f)
}

func (s *server) listAttempts(c echo.Context, f order.AttemptFilter) error {
	page, err := s.orders.Attempts(c.Request().Context(), identity(c).StoreID, f)
	if err != nil {
		return err
	}
	list := AttemptList{Data: make([]AttemptResponse, len(page.Attempts))}
	for i, a := range page.Attempts {
		list.Data[i] = toAttemptResponse(a)
	}
	if page.Next != nil {
		list.NextCursor = nextPage(c, attemptCursor(*page.Next))
	}
	return c.JSON(http.StatusOK, list)
}

// recordAttempt records one integration attempt of an order.
//
//	@Summary		Record an integration attempt
//	@Description	Connectors post one record per send. Send Idempotency-Key (e.g. a UUID per send) and retry on network errors with the same key and body: the retry returns the original 201 with Idempotent-Replayed: true and stores nothing new. An attempt older than the system's current state (out-of-order delivery) is kept in the history but does not change the summary.
//	@ID				recordAttempt
//	@Tags			integration-history
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@Param			id				path		string					true	"Order id"																			format(uuid)	maxlength(36)
//	@Param			Idempotency-Key	header		string					false	"Makes retries safe: one value of 1 to 255 printable ASCII characters, kept 24 h"	minlength(1)	maxlength(255)	extensions(x-pattern=^[\x20-\x7E]*$)
//	@Param			attempt			body		CreateAttemptRequest	true	"The attempt"
//	@Success		201				{object}	AttemptResponse
//	@Header			201				{string}	Idempotent-Replayed	"true when this is the stored response of an earlier request with the same Idempotency-Key"
//	@Failure		400				{object}	Problem				"Malformed JSON or Idempotency-Key, or an unknown query parameter"
//	@Failure		401				{object}	Problem				"Missing or invalid key"
//	@Failure		403				{object}	Problem				"Reader key, or a connector naming another system"
//	@Failure		404				{object}	Problem				"No such order in the key's store"
//	@Failure		409				{object}	Problem				"The Idempotency-Key is in flight"
//	@Failure		413				{object}	Problem				"Body too large"
//	@Failure		415				{object}	Problem				"Not JSON"
//	@Failure		422				{object}	Problem				"Invalid fields, or the Idempotency-Key was used with another body"
//	@Failure		429				{object}	Problem				"Rate limited"
//	@Failure		500				{object}	Problem				"Internal error (a bug): detail names the request id to report"
//	@Failure		503				{object}	Problem				"Database unavailable"
//	@Router			/orders/{id}/integration-history [post]
func (s *server) recordAttempt(c echo.Context) error {
	id, err := orderID(c)
	if err != nil {
		return err
	}
	var req CreateAttemptRequest
	if err := bind(c, &req, attemptReadOnly...); err != nil {
		return err
	}
	system, err := identity(c).SystemFor(req.system())
	if err != nil {
		return err
	}
	in, problems := req.toNewAttempt(id, system)
	if len(problems) > 0 {
		return mergeProblems(problems, s.orders.ValidateAttempt(in))
	}
	a, err := s.orders.RecordAttempt(c.Request().Context(), identity(c).StoreID, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toAttemptResponse(a))
}
