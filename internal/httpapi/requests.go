package httpapi

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
)

var errRequestNotFound = errs.New(errs.NotFound, "integration request not found")

// Query parameters of the request lists.
var (
	orderRequestParams = []string{"limit", "cursor"}
	requestListParams  = []string{"system", "state", "created_after", "created_before", "limit", "cursor"}
)

// integrationRequestID reads the {rid} path parameter; a malformed id is an unknown request.
func integrationRequestID(c echo.Context) (uuid.UUID, error) {
	id, err := uuid.Parse(c.Param("rid"))
	if err != nil || len(c.Param("rid")) != 36 {
		return uuid.Nil, errRequestNotFound
	}
	return id, nil
}

// requestedBy is the name of the caller, or nil.
func requestedBy(c echo.Context) *string {
	if name := identity(c).Name; name != "" {
		return &name
	}
	return nil
}

// createRequest asks that an order be sent to a system again.
//
//	@Summary		Ask to send an order to a system again (Reenviar)
//	@Description	Admin keys only. Records, in the same transaction, a pending attempt of that system (action reintegration.requested, message "Reenvio solicitado[: reason]"), so the order reads pending for it at once; the system's connector then leases the request. When the order and system already have an open (queued or leased) request, nothing is created and that one is answered with 200.
//	@ID				createIntegrationRequest
//	@Tags			integration-requests
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@Param			id				path		string						true	"Order id"																			format(uuid)	maxlength(36)
//	@Param			Idempotency-Key	header		string						false	"Makes retries safe: one value of 1 to 255 printable ASCII characters, kept 24 h"	minlength(1)	maxlength(255)	extensions(x-pattern=^[\x20-\x7E]*$)
//	@Param			request			body		CreateIntegrationRequest	true	"The system and why"
//	@Success		200				{object}	IntegrationRequestResponse	"The open request there already was"
//	@Success		201				{object}	IntegrationRequestResponse	"The new request"
//	@Header			201				{string}	Location					"The new request's URL: /integration-requests/{rid}"
//	@Header			201				{string}	Idempotent-Replayed			"true when this is the stored response of an earlier request with the same Idempotency-Key"
//	@Failure		400				{object}	Problem						"Malformed JSON or Idempotency-Key, or an unknown query parameter"
//	@Failure		401				{object}	Problem						"Missing or invalid key"
//	@Failure		403				{object}	Problem						"Not an admin key"
//	@Failure		404				{object}	Problem						"No such order in the key's store"
//	@Failure		409				{object}	Problem						"The Idempotency-Key is in flight"
//	@Failure		413				{object}	Problem						"Body too large"
//	@Failure		415				{object}	Problem						"Not JSON"
//	@Failure		422				{object}	Problem						"Invalid fields, or the Idempotency-Key was used with another body"
//	@Failure		429				{object}	Problem						"Rate limited"
//	@Failure		500				{object}	Problem						"Internal error (a bug): detail names the request id to report"
//	@Failure		503				{object}	Problem						"Database unavailable"
//	@Router			/orders/{id}/integration-requests [post]
func (s *server) createRequest(c echo.Context) error {
	id, err := orderID(c)
	if err != nil {
		return err
	}
	var req CreateIntegrationRequest
	if err := bind(c, &req, requestReadOnly...); err != nil {
		return err
	}
	r, created, err := s.reqs.Create(c.Request().Context(), identity(c).StoreID, id,
		request.Ask{System: req.System, Reason: req.Reason, RequestedBy: requestedBy(c)})
	if err != nil {
		return err
	}
	if !created {
		return c.JSON(http.StatusOK, toRequestResponse(r))
	}
	s.metrics.RequestCreated(r.System, string(r.Trigger))
	c.Response().Header().Set(echo.HeaderLocation, "/integration-requests/"+r.ID.String())
	return c.JSON(http.StatusCreated, toRequestResponse(r))
}

// requestReadOnly are the fields of a request that only the server sets.
var requestReadOnly = []string{"id", "order_id", "state", "requested_by", "trigger", "job_id", "deliveries",
	"available_at", "leased_until", "attempt_id", "created_at", "completed_at"}

// orderRequests lists one order's requests, newest first.
//
//	@Summary		List an order's re-integration requests
//	@Description	Newest first; keyset pages.
//	@ID				listOrderIntegrationRequests
//	@Tags			integration-requests
//	@Produce		json
//	@Security		BearerAuth
//	@Param			id		path		string	true	"Order id"							format(uuid)	maxlength(36)
//	@Param			limit	query		int		false	"Page size"							minimum(1)		maximum(200)	default(50)	format(int32)
//	@Param			cursor	query		string	false	"next_cursor of the previous page"	minlength(1)	maxlength(256)
//	@Success		200		{object}	IntegrationRequestList
//	@Header			200		{string}	Link	"<URL of the next page>; rel=next, while there is a next page"
//	@Failure		400		{object}	Problem	"Bad or unknown query parameter, or a cursor of another query"
//	@Failure		401		{object}	Problem	"Missing or invalid key"
//	@Failure		404		{object}	Problem	"No such order in the key's store"
//	@Failure		429		{object}	Problem	"Rate limited"
//	@Failure		500		{object}	Problem	"Internal error (a bug): detail names the request id to report"
//	@Failure		503		{object}	Problem	"Database unavailable"
//	@Router			/orders/{id}/integration-requests [get]
func (s *server) orderRequests(c echo.Context) error {
	id, err := orderID(c)
	if err != nil {
		return err
	}
	q := &query{c: c}
	f := request.Filter{OrderID: &id, Limit: q.limit(order.MaxLimit)}
	return s.listRequestPage(c, q, f)
}

// listRequests lists the store's requests, newest first.
//
//	@Summary		List re-integration requests
//	@Description	The store's requests, newest first, by system, state (as it reads now: an expired lease is queued) and creation window; keyset pages.
//	@ID				listIntegrationRequests
//	@Tags			integration-requests
//	@Produce		json
//	@Security		BearerAuth
//	@Param			system			query		string	false	"Only this system"					minlength(1)	maxlength(64)	extensions(x-pattern=^[a-z0-9][a-z0-9._-]*$)
//	@Param			state			query		string	false	"Only this state"					Enums(queued, leased, done, failed)
//	@Param			created_after	query		string	false	"created_at >= this (RFC 3339)"		format(date-time)	maxlength(35)
//	@Param			created_before	query		string	false	"created_at < this (RFC 3339)"		format(date-time)	maxlength(35)
//	@Param			limit			query		int		false	"Page size"							minimum(1)			maximum(200)	default(50)	format(int32)
//	@Param			cursor			query		string	false	"next_cursor of the previous page"	minlength(1)		maxlength(256)
//	@Success		200				{object}	IntegrationRequestList
//	@Header			200				{string}	Link	"<URL of the next page>; rel=next, while there is a next page"
//	@Failure		400				{object}	Problem	"Bad or unknown query parameter, or a cursor of another query"
//	@Failure		401				{object}	Problem	"Missing or invalid key"
//	@Failure		429				{object}	Problem	"Rate limited"
//	@Failure		500				{object}	Problem	"Internal error (a bug): detail names the request id to report"
//	@Failure		503				{object}	Problem	"Database unavailable"
//	@Router			/integration-requests [get]
func (s *server) listRequests(c echo.Context) error {
	q := &query{c: c}
	f := request.Filter{
		System:        q.slug("system"),
		State:         enum(q, "state", request.State.Valid, "queued, leased, done, failed"),
		CreatedAfter:  q.time("created_after"),
		CreatedBefore: q.time("created_before"),
		Limit:         q.limit(order.MaxLimit),
	}
	return s.listRequestPage(c, q, f)
}

// listRequestPage reads the cursor, then answers one page.
func (s *server) listRequestPage(c echo.Context, q *query, f request.Filter) error {
	if cur := q.cursor(); cur != nil {
		k, err := cur.orderKey()
		if err != nil {
			return err
		}
		f.After = &request.Key{CreatedAt: k.Time, ID: k.ID}
	}
	if err := q.err(); err != nil {
		return err
	}
	page, err := s.reqs.Requests(c.Request().Context(), identity(c).StoreID, f)
	if err != nil {
		return err
	}
	list := IntegrationRequestList{Data: make([]IntegrationRequestResponse, len(page.Requests))}
	for i, r := range page.Requests {
		list.Data[i] = toRequestResponse(r)
	}
	if page.Next != nil {
		list.NextCursor = nextPage(c, orderCursor(order.OrderKey{Time: page.Next.CreatedAt, ID: page.Next.ID}))
	}
	return c.JSON(http.StatusOK, list)
}

// getRequest returns one request.
//
//	@Summary		Get a re-integration request
//	@Description	One request of the key's store, with its state as it reads now (an expired lease reads queued); another store's is 404.
//	@ID				getIntegrationRequest
//	@Tags			integration-requests
//	@Produce		json
//	@Security		BearerAuth
//	@Param			rid	path		string	true	"Request id"	format(uuid)	maxlength(36)
//	@Success		200	{object}	IntegrationRequestResponse
//	@Failure		400	{object}	Problem	"Unknown query parameter"
//	@Failure		401	{object}	Problem	"Missing or invalid key"
//	@Failure		404	{object}	Problem	"No such request in the key's store"
//	@Failure		429	{object}	Problem	"Rate limited"
//	@Failure		500	{object}	Problem	"Internal error (a bug): detail names the request id to report"
//	@Failure		503	{object}	Problem	"Database unavailable"
//	@Router			/integration-requests/{rid} [get]
func (s *server) getRequest(c echo.Context) error {
	id, err := integrationRequestID(c)
	if err != nil {
		return err
	}
	r, err := s.reqs.Request(c.Request().Context(), identity(c).StoreID, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toRequestResponse(r))
}
