package httpapi

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/order"
)

var errOrderNotFound = errs.New(errs.NotFound, "order not found")

// orderID reads the {id} path parameter; a malformed id is an unknown order.
func orderID(c echo.Context) (uuid.UUID, error) {
	id, err := uuid.Parse(c.Param("id"))
	if err != nil || len(c.Param("id")) != 36 {
		return uuid.Nil, errOrderNotFound
	}
	return id, nil
}

// listOrders lists the store's orders, newest first, with their integration summaries.
//
//	@Summary		List orders
//	@Description	Newest first by default. Filter the admin panel's "failed integration" view with integration_status=error; with system, integration_status is that system's own state (none: never sent to it). Keyset pages: follow next_cursor (or the Link header) until it is null.
//	@ID				listOrders
//	@Tags			orders
//	@Produce		json
//	@Security		BearerAuth
//	@Param			status				query		string	false	"Order status"																																																																									Enums(pending, paid, invoiced, shipped, delivered, canceled)
//	@Param			integration_status	query		string	false	"Integration state: none, pending (Pendente), success (Concluído), error (Erro)"																																																								Enums(none, pending, success, error)
//	@Param			system				query		string	false	"Orders with history for this system"																																																																			minlength(1)											maxlength(64)	extensions(x-pattern=^[a-z0-9][a-z0-9._-]*$)
//	@Param			error_code			query		string	false	"A system's current error code (with system: that system's)"																																																													minlength(1)											maxlength(64)	extensions(x-pattern=^[a-z0-9][a-z0-9._-]*$)
//	@Param			number				query		string	false	"Exact order number"																																																																							minlength(1)											maxlength(256)
//	@Param			placed_after		query		string	false	"placed_at >= this (RFC 3339)"																																																																					format(date-time)										maxlength(35)
//	@Param			placed_before		query		string	false	"placed_at < this (RFC 3339)"																																																																					format(date-time)										maxlength(35)
//	@Param			updated_after		query		string	false	"updated_at >= this (RFC 3339)"																																																																					format(date-time)										maxlength(35)
//	@Param			sort				query		string	false	"Sort order"																																																																									Enums(-placed_at, placed_at, -updated_at, updated_at)	default(-placed_at)
//	@Param			limit				query		int		false	"Page size"																																																																										minimum(1)												maximum(200)	default(50)	format(int32)
//	@Param			cursor				query		string	false	"next_cursor of the previous page"																																																																				minlength(1)											maxlength(256)
//	@Param			fields				query		string	false	"Sparse fields: comma-separated top-level fields of an order, the answer holds those alone (id always): id, number, status, customer, currency, total_cents, items, placed_at, created_at, updated_at, integration. An unknown or empty name is 400; a name given twice counts once. Absent: the whole order."	minlength(1)											maxlength(256)
//	@Success		200					{object}	OrderList
//	@Header			200					{string}	Link	"<URL of the next page>; rel=next, while there is a next page"
//	@Failure		400					{object}	Problem	"Bad or unknown query parameter (an unknown name in fields), or a cursor of another query"
//	@Failure		401					{object}	Problem	"Missing or invalid key"
//	@Failure		429					{object}	Problem	"Rate limited"
//	@Failure		500					{object}	Problem	"Internal error (a bug): detail names the request id to report"
//	@Failure		503					{object}	Problem	"Database unavailable"
//	@Router			/orders [get]
func (s *server) listOrders(c echo.Context) error {
	q := &query{c: c}
	f := order.OrderFilter{
		Status:            enum(q, "status", order.Status.Valid, "pending, paid, invoiced, shipped, delivered, canceled"),
		IntegrationStatus: enum(q, "integration_status", order.IntegrationStatus.Valid, "none, pending, success, error"),
		System:            q.slug("system"),
		ErrorCode:         q.slug("error_code"),
		Number:            q.str("number"),
		PlacedAfter:       q.time("placed_after"),
		PlacedBefore:      q.time("placed_before"),
		UpdatedAfter:      q.time("updated_after"),
		Limit:             q.limit(order.MaxLimit),
		Fields:            q.fields(),
	}
	if sort := enum(q, "sort", order.OrderSort.Valid, "-placed_at, placed_at, -updated_at, updated_at"); sort != nil {
		f.Sort = *sort
	}
	if cur := q.cursor(); cur != nil {
		k, err := cur.orderKey()
		if err != nil {
			return err
		}
		f.After = &k
	}
	if err := q.err(); err != nil {
		return err
	}
	page, err := s.orders.Orders(c.Request().Context(), identity(c).StoreID, f)
	if err != nil {
		return err
	}
	list := OrderList{Data: make([]OrderResponse, len(page.Orders))}
	for i, o := range page.Orders {
		list.Data[i] = toOrderResponse(o)
	}
	if page.Next != nil {
		list.NextCursor = nextPage(c, orderCursor(*page.Next))
	}
	return c.JSON(http.StatusOK, orderListBody(list, f.Fields))
}

// createOrder creates an order.
//
//	@Summary		Create an order
//	@Description	Admin keys only. Send Idempotency-Key to retry safely: a retry with the same key and body returns the original response with Idempotent-Replayed: true.
//	@ID				createOrder
//	@Tags			orders
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@Param			Idempotency-Key	header		string				false	"Makes retries safe: one value of 1 to 255 printable ASCII characters, kept 24 h"	minlength(1)	maxlength(255)	extensions(x-pattern=^[\x20-\x7E]*$)
//	@Param			order			body		CreateOrderRequest	true	"The order"
//	@Success		201				{object}	OrderResponse
//	@Header			201				{string}	Location			"The new order's URL: /orders/{id}"
//	@Header			201				{string}	Idempotent-Replayed	"true when this is the stored response of an earlier request with the same Idempotency-Key"
//	@Failure		400				{object}	Problem				"Malformed JSON or Idempotency-Key, or an unknown query parameter"
//	@Failure		401				{object}	Problem				"Missing or invalid key"
//	@Failure		403				{object}	Problem				"Not an admin key"
//	@Failure		409				{object}	Problem				"Duplicate number, or the Idempotency-Key is in flight"
//	@Failure		413				{object}	Problem				"Body too large"
//	@Failure		415				{object}	Problem				"Not JSON"
//	@Failure		422				{object}	Problem				"Invalid fields, or the Idempotency-Key was used with another body"
//	@Failure		429				{object}	Problem				"Rate limited"
//	@Failure		500				{object}	Problem				"Internal error (a bug): detail names the request id to report"
//	@Failure		503				{object}	Problem				"Database unavailable"
//	@Router			/orders [post]
func (s *server) createOrder(c echo.Context) error {
	var req CreateOrderRequest
	if err := bind(c, &req, orderReadOnly...); err != nil {
		return err
	}
	in, problems := req.toNewOrder()
	if len(problems) > 0 {
		return mergeProblems(problems, in.Validate())
	}
	o, err := s.orders.CreateOrder(c.Request().Context(), identity(c).StoreID, in)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/orders/"+o.ID.String())
	return c.JSON(http.StatusCreated, toOrderResponse(o))
}

// getOrder returns one order with its integration summary.
//
//	@Summary		Get an order
//	@Description	The order with its integration summary: the badge of the admin list, and the header of the "Integration history" screen.
//	@ID				getOrder
//	@Tags			orders
//	@Produce		json
//	@Security		BearerAuth
//	@Param			id		path		string	true	"Order id"																																																																										format(uuid)	maxlength(36)
//	@Param			fields	query		string	false	"Sparse fields: comma-separated top-level fields of an order, the answer holds those alone (id always): id, number, status, customer, currency, total_cents, items, placed_at, created_at, updated_at, integration. An unknown or empty name is 400; a name given twice counts once. Absent: the whole order."	minlength(1)	maxlength(256)
//	@Success		200		{object}	OrderResponse
//	@Failure		400		{object}	Problem	"Unknown query parameter, or an unknown name in fields"
//	@Failure		401		{object}	Problem	"Missing or invalid key"
//	@Failure		404		{object}	Problem	"No such order in the key's store"
//	@Failure		429		{object}	Problem	"Rate limited"
//	@Failure		500		{object}	Problem	"Internal error (a bug): detail names the request id to report"
//	@Failure		503		{object}	Problem	"Database unavailable"
//	@Router			/orders/{id} [get]
func (s *server) getOrder(c echo.Context) error {
	q := &query{c: c}
	fields := q.fields()
	if err := q.err(); err != nil {
		return err
	}
	id, err := orderID(c)
	if err != nil {
		return err
	}
	o, err := s.orders.Order(c.Request().Context(), identity(c).StoreID, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, orderBody(toOrderResponse(o), fields))
}

// patchOrder changes an order's status and/or customer.
//
//	@Summary		Update an order
//	@Description	Admin keys only. Only status and customer change, merged field by field: a given field replaces, null clears email or document. A canceled order can't move to another status (409).
//	@ID				patchOrder
//	@Tags			orders
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@Param			id		path		string				true	"Order id"	format(uuid)	maxlength(36)
//	@Param			patch	body		PatchOrderRequest	true	"The fields to change"
//	@Success		200		{object}	OrderResponse
//	@Failure		400		{object}	Problem	"Malformed JSON, or an unknown query parameter"
//	@Failure		401		{object}	Problem	"Missing or invalid key"
//	@Failure		403		{object}	Problem	"Not an admin key"
//	@Failure		404		{object}	Problem	"No such order in the key's store"
//	@Failure		409		{object}	Problem	"The order is canceled"
//	@Failure		413		{object}	Problem	"Body too large"
//	@Failure		415		{object}	Problem	"Not JSON"
//	@Failure		422		{object}	Problem	"Invalid fields, or a field that can't change"
//	@Failure		429		{object}	Problem	"Rate limited"
//	@Failure		500		{object}	Problem	"Internal error (a bug): detail names the request id to report"
//	@Failure		503		{object}	Problem	"Database unavailable"
//	@Router			/orders/{id} [patch]
func (s *server) patchOrder(c echo.Context) error {
	id, err := orderID(c)
	if err != nil {
		return err
	}
	var req PatchOrderRequest
	if err := bind(c, &req, orderReadOnly...); err != nil {
		return explainFixed(err)
	}
	patch, problems := req.toPatch()
	if err := errs.Fields(problems); err != nil {
		return err
	}
	o, err := s.orders.UpdateOrder(c.Request().Context(), identity(c).StoreID, id, patch)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toOrderResponse(o))
}

// mergeProblems joins the field problems found while mapping a request
// (mapped is not empty) with the domain's validation of what could be
// mapped, so the client gets every problem at once.
func mergeProblems(mapped []errs.FieldError, validation error) error {
	if e, ok := errs.As(validation); ok && e.Code == errs.Invalid {
		return errs.Fields(append(mapped, e.Fields...))
	}
	return errs.Fields(mapped)
}
