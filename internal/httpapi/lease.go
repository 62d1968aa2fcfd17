package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
)

// seconds checks an optional number of seconds against [lo, hi] and
// returns it, or def when absent.
func seconds(p *[]errs.FieldError, field string, v *int, lo, hi int, def time.Duration) time.Duration {
	if v == nil {
		return def
	}
	if *v < lo || *v > hi {
		*p = append(*p, errs.FieldError{Field: field, Message: "must be an integer from " + itoa(lo) + " to " + itoa(hi)})
		return def
	}
	return time.Duration(*v) * time.Second
}

// leaseSystem resolves the system of a lease: a connector's own by default
// (another is 403); required for an admin.
func leaseSystem(id auth.Identity, requested *string, p *[]errs.FieldError) (string, error) {
	name := ""
	if requested != nil {
		name = *requested
	}
	if id.Role == auth.RoleConnector {
		if name != "" && name != id.System {
			return "", errs.New(errs.Forbidden, "this connector key may only lease requests of system %q", id.System)
		}
		return id.System, nil
	}
	switch {
	case name == "":
		*p = append(*p, errs.FieldError{Field: "system", Message: "is required with an admin key"})
	case !order.ValidSlug(name):
		*p = append(*p, errs.FieldError{Field: "system", Message: "must be a lowercase slug such as bling"})
	}
	return name, nil
}

// leaseRequests leases requests of a system to the caller.
//
//	@Summary		Lease re-integration requests (connectors)
//	@Description	Up to limit requests of the system, oldest available first, each held for lease_seconds with a lease_token (shown only here) and with its order. Two calls at once, on any replica, never get the same request. When none can be leased and wait_seconds > 0, waits until one can (a request made through any replica is seen within 1 s) or the time is up, then answers, possibly with an empty list. Send the order, then record the attempt with request_id; release on a transient error, extend for slow sends. Not idempotent: each call is a new lease.
//	@ID				leaseIntegrationRequests
//	@Tags			integration-requests
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@Param			lease	body		LeaseRequest	false	"What to lease; none, or {}, for a connector's defaults"
//	@Success		200		{object}	LeaseResponse
//	@Failure		400		{object}	Problem	"Malformed JSON, or an unknown query parameter"
//	@Failure		401		{object}	Problem	"Missing or invalid key"
//	@Failure		403		{object}	Problem	"Reader key, or a connector naming another system"
//	@Failure		413		{object}	Problem	"Body too large"
//	@Failure		415		{object}	Problem	"Not JSON"
//	@Failure		422		{object}	Problem	"Invalid fields"
//	@Failure		429		{object}	Problem	"Rate limited"
//	@Failure		500		{object}	Problem	"Internal error (a bug): detail names the request id to report"
//	@Failure		503		{object}	Problem	"Database unavailable"
//	@Router			/integration-requests/lease [post]
func (s *server) leaseRequests(c echo.Context) error {
	var req LeaseRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	var p []errs.FieldError
	system, err := leaseSystem(identity(c), req.System, &p)
	if err != nil {
		return err
	}
	ask := request.LeaseAsk{System: system, Limit: request.DefaultLeaseLimit}
	if req.Limit != nil {
		if *req.Limit < 1 || *req.Limit > request.MaxLeaseLimit {
			p = append(p, errs.FieldError{Field: "limit", Message: "must be an integer from 1 to 100"})
		} else {
			ask.Limit = *req.Limit
		}
	}
	ask.LeaseFor = seconds(&p, "lease_seconds", req.LeaseSeconds, 5, 3600, request.DefaultLease)
	ask.Wait = seconds(&p, "wait_seconds", req.WaitSeconds, 0, 20, 0)
	if err := errs.Fields(p); err != nil {
		return err
	}
	start := time.Now()
	grants, err := s.reqs.Lease(c.Request().Context(), identity(c).StoreID, ask)
	if err != nil {
		return err
	}
	s.metrics.Leased(system, len(grants), time.Since(start))
	out := LeaseResponse{Data: make([]LeasedRequest, len(grants))}
	for i, g := range grants {
		out.Data[i] = LeasedRequest{Request: toRequestResponse(g.Request), LeaseToken: g.Token, Order: toOrderResponse(g.Order)}
	}
	return c.JSON(http.StatusOK, out)
}

// holder is who may change a request's lease: an admin, or the connector
// of the request's system.
func holder(c echo.Context) request.Holder {
	id := identity(c)
	if id.Role == auth.RoleConnector {
		return request.Holder{System: id.System}
	}
	return request.Holder{}
}

// releaseRequest gives a leased request back.
//
//	@Summary		Release a leased request
//	@Description	A connector that can't handle the request now gives it back: queued again, leasable after delay_seconds (use it to honour the ERP's rate limit). When that lease was its REQUEST_MAX_DELIVERIES-th, the request is given up (failed) instead. A token that is not the request's current unexpired lease is 409.
//	@ID				releaseIntegrationRequest
//	@Tags			integration-requests
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@Param			rid		path		string			true	"Request id"	format(uuid)	maxlength(36)
//	@Param			release	body		ReleaseRequest	true	"The lease token and the delay"
//	@Success		200		{object}	IntegrationRequestResponse
//	@Failure		400		{object}	Problem	"Malformed JSON, or an unknown query parameter"
//	@Failure		401		{object}	Problem	"Missing or invalid key"
//	@Failure		403		{object}	Problem	"Reader key, or a connector of another system"
//	@Failure		404		{object}	Problem	"No such request in the key's store"
//	@Failure		409		{object}	Problem	"The token is not the current unexpired lease"
//	@Failure		413		{object}	Problem	"Body too large"
//	@Failure		415		{object}	Problem	"Not JSON"
//	@Failure		422		{object}	Problem	"Invalid fields"
//	@Failure		429		{object}	Problem	"Rate limited"
//	@Failure		500		{object}	Problem	"Internal error (a bug): detail names the request id to report"
//	@Failure		503		{object}	Problem	"Database unavailable"
//	@Router			/integration-requests/{rid}/release [post]
func (s *server) releaseRequest(c echo.Context) error {
	id, err := integrationRequestID(c)
	if err != nil {
		return err
	}
	var req ReleaseRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	var p []errs.FieldError
	token(&p, req.LeaseToken)
	delay := seconds(&p, "delay_seconds", req.DelaySeconds, 0, 86400, 0)
	if err := errs.Fields(p); err != nil {
		return err
	}
	r, err := s.reqs.Release(c.Request().Context(), identity(c).StoreID, id, holder(c), req.LeaseToken, delay)
	if err != nil {
		return err
	}
	s.metrics.Released(r.System, r.State == request.Failed)
	return c.JSON(http.StatusOK, toRequestResponse(r))
}

// extendRequest keeps a lease for longer.
//
//	@Summary		Extend a lease
//	@Description	A connector still working on a slow send keeps its lease: leased_until becomes now + lease_seconds. A token that is not the request's current unexpired lease is 409.
//	@ID				extendIntegrationRequest
//	@Tags			integration-requests
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@Param			rid		path		string			true	"Request id"	format(uuid)	maxlength(36)
//	@Param			extend	body		ExtendRequest	true	"The lease token and the new length"
//	@Success		200		{object}	IntegrationRequestResponse
//	@Failure		400		{object}	Problem	"Malformed JSON, or an unknown query parameter"
//	@Failure		401		{object}	Problem	"Missing or invalid key"
//	@Failure		403		{object}	Problem	"Reader key, or a connector of another system"
//	@Failure		404		{object}	Problem	"No such request in the key's store"
//	@Failure		409		{object}	Problem	"The token is not the current unexpired lease"
//	@Failure		413		{object}	Problem	"Body too large"
//	@Failure		415		{object}	Problem	"Not JSON"
//	@Failure		422		{object}	Problem	"Invalid fields"
//	@Failure		429		{object}	Problem	"Rate limited"
//	@Failure		500		{object}	Problem	"Internal error (a bug): detail names the request id to report"
//	@Failure		503		{object}	Problem	"Database unavailable"
//	@Router			/integration-requests/{rid}/extend [post]
func (s *server) extendRequest(c echo.Context) error {
	id, err := integrationRequestID(c)
	if err != nil {
		return err
	}
	var req ExtendRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	var p []errs.FieldError
	token(&p, req.LeaseToken)
	leaseFor := seconds(&p, "lease_seconds", req.LeaseSeconds, 5, 3600, request.DefaultLease)
	if err := errs.Fields(p); err != nil {
		return err
	}
	r, err := s.reqs.Extend(c.Request().Context(), identity(c).StoreID, id, holder(c), req.LeaseToken, leaseFor)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toRequestResponse(r))
}

// token checks that a lease token was given.
func token(p *[]errs.FieldError, t string) {
	if t == "" || len(t) > 64 {
		*p = append(*p, errs.FieldError{Field: "lease_token", Message: "must be the lease_token of the lease answer"})
	}
}

// itoa formats a bound of a message.
func itoa(n int) string { return strconv.Itoa(n) }
