package httpapi

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/httpapi/wire"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
)

// jobID reads the {jid} path parameter; a malformed id is an unknown job.
func jobID(c echo.Context) (uuid.UUID, error) {
	id, err := uuid.Parse(c.Param("jid"))
	if err != nil || len(c.Param("jid")) != 36 {
		return uuid.Nil, request.ErrJobNotFound()
	}
	return id, nil
}

// toFilter maps a bulk filter, naming bad fields filter.<name>; it also
// returns the filter as shown on the job.
func (f *BulkFilter) toFilter(p *[]errs.FieldError) (order.OrderFilter, json.RawMessage) {
	var out order.OrderFilter
	shown := map[string]string{}
	if f == nil {
		return out, json.RawMessage("{}")
	}
	bad := func(field, msg string) { *p = append(*p, errs.FieldError{Field: "filter." + field, Message: msg}) }
	show := func(field string, v *string) {
		if v != nil {
			shown[field] = *v
		}
	}
	if f.Status != nil {
		if s := order.Status(*f.Status); s.Valid() {
			out.Status = &s
		} else {
			bad("status", "must be one of pending, paid, invoiced, shipped, delivered, canceled")
		}
	}
	if f.IntegrationStatus != nil {
		if s := order.IntegrationStatus(*f.IntegrationStatus); s.Valid() {
			out.IntegrationStatus = &s
		} else {
			bad("integration_status", "must be one of none, pending, success, error")
		}
	}
	if f.ErrorCode != nil && !order.ValidSlug(*f.ErrorCode) {
		bad("error_code", "must be a lowercase slug such as product.not_found")
	} else {
		out.ErrorCode = f.ErrorCode
	}
	if f.Number != nil && (*f.Number == "" || len(*f.Number) > 256) {
		bad("number", "must be an order number")
	} else {
		out.Number = f.Number
	}
	for field, dst := range map[string]**time.Time{"placed_after": &out.PlacedAfter, "placed_before": &out.PlacedBefore,
		"updated_after": &out.UpdatedAfter} {
		v := map[string]*string{"placed_after": f.PlacedAfter, "placed_before": f.PlacedBefore, "updated_after": f.UpdatedAfter}[field]
		if v == nil {
			continue
		}
		t, err := wire.ParseTime(*v)
		if err != nil {
			bad(field, err.Error())
			continue
		}
		*dst = &t
	}
	for field, v := range map[string]*string{"status": f.Status, "integration_status": f.IntegrationStatus,
		"error_code": f.ErrorCode, "number": f.Number, "placed_after": f.PlacedAfter, "placed_before": f.PlacedBefore,
		"updated_after": f.UpdatedAfter} {
		show(field, v)
	}
	raw, _ := json.Marshal(shown) // strings always marshal
	return out, raw
}

// bulkRequests asks for a request for every order a filter selects.
//
//	@Summary		Resend every order a filter selects (Reenviar todos)
//	@Description	Admin keys only. dry_run: true answers 200 with how many orders the filter selects (matched) and how many of them already have an open request for the system (open: they would be skipped), and changes nothing; ask it first. Otherwise 202 with the job: its set of orders is fixed now (matched is what a dry run says at this instant) and each gets a request (trigger bulk, job_id), unless it has an open one by then (skipped). The job runs in the background, survives restarts, and is followed with GET /jobs/{jid}. One running job per store and system (another is 409). The filter selects orders as GET /orders?system=<system>&<filter> does.
//	@ID				bulkIntegrationRequests
//	@Tags			integration-requests
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@Param			Idempotency-Key	header		string			false	"Makes retries safe: one value of 1 to 255 printable ASCII characters, kept 24 h"	minlength(1)	maxlength(255)	extensions(x-pattern=^[\x20-\x7E]*$)
//	@Param			bulk			body		BulkRequest		true	"The system, the filter, and whether to only count"
//	@Success		200				{object}	DryRunResponse	"dry_run: the count"
//	@Success		202				{object}	JobResponse		"The job, running"
//	@Header			202				{string}	Location		"The job's URL: /jobs/{jid}"
//	@Failure		400				{object}	Problem			"Malformed JSON or Idempotency-Key, or an unknown query parameter"
//	@Failure		401				{object}	Problem			"Missing or invalid key"
//	@Failure		403				{object}	Problem			"Not an admin key"
//	@Failure		409				{object}	Problem			"A job for this system is running, or the Idempotency-Key is in flight"
//	@Failure		413				{object}	Problem			"Body too large"
//	@Failure		415				{object}	Problem			"Not JSON"
//	@Failure		422				{object}	Problem			"Invalid fields (an unknown filter key among them), or the Idempotency-Key was used with another body"
//	@Failure		429				{object}	Problem			"Rate limited"
//	@Failure		500				{object}	Problem			"Internal error (a bug): detail names the request id to report"
//	@Failure		503				{object}	Problem			"Database unavailable"
//	@Router			/integration-requests/bulk [post]
func (s *server) bulkRequests(c echo.Context) error {
	var req BulkRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	var p []errs.FieldError
	f, shown := req.Filter.toFilter(&p)
	ask := request.BulkAsk{Ask: request.Ask{System: req.System, Reason: req.Reason, RequestedBy: requestedBy(c)},
		Filter: f, FilterJSON: shown}
	if err := ask.Validate(); err != nil || len(p) > 0 {
		return mergeProblems(p, err)
	}
	ctx, store := c.Request().Context(), identity(c).StoreID
	if req.DryRun {
		n, err := s.jobs.Count(ctx, store, ask)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, DryRunResponse{Matched: n.Matched, Open: n.Open})
	}
	j, err := s.jobs.Start(ctx, store, ask)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/jobs/"+j.ID.String())
	return c.JSON(http.StatusAccepted, toJobResponse(j))
}

// getJob returns a bulk job and its progress.
//
//	@Summary		Get a bulk job
//	@Description	Admin keys only. Its progress: processed of matched, created and skipped; state running, then succeeded (processed = matched = created + skipped), canceled or failed (error).
//	@ID				getJob
//	@Tags			integration-requests
//	@Produce		json
//	@Security		BearerAuth
//	@Param			jid	path		string	true	"Job id"	format(uuid)	maxlength(36)
//	@Success		200	{object}	JobResponse
//	@Failure		400	{object}	Problem	"Unknown query parameter"
//	@Failure		401	{object}	Problem	"Missing or invalid key"
//	@Failure		403	{object}	Problem	"Not an admin key"
//	@Failure		404	{object}	Problem	"No such job in the key's store"
//	@Failure		429	{object}	Problem	"Rate limited"
//	@Failure		500	{object}	Problem	"Internal error (a bug): detail names the request id to report"
//	@Failure		503	{object}	Problem	"Database unavailable"
//	@Router			/jobs/{jid} [get]
func (s *server) getJob(c echo.Context) error {
	id, err := jobID(c)
	if err != nil {
		return err
	}
	j, err := s.jobs.Job(c.Request().Context(), identity(c).StoreID, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toJobResponse(j))
}

// cancelJob stops a running bulk job.
//
//	@Summary		Cancel a bulk job
//	@Description	Admin keys only. The job makes no more requests and reads canceled; the requests it made stay. A finished job is 409.
//	@ID				cancelJob
//	@Tags			integration-requests
//	@Produce		json
//	@Security		BearerAuth
//	@Param			jid	path		string	true	"Job id"	format(uuid)	maxlength(36)
//	@Success		200	{object}	JobResponse
//	@Failure		400	{object}	Problem	"Unknown query parameter"
//	@Failure		401	{object}	Problem	"Missing or invalid key"
//	@Failure		403	{object}	Problem	"Not an admin key"
//	@Failure		404	{object}	Problem	"No such job in the key's store"
//	@Failure		409	{object}	Problem	"The job has finished"
//	@Failure		429	{object}	Problem	"Rate limited"
//	@Failure		500	{object}	Problem	"Internal error (a bug): detail names the request id to report"
//	@Failure		503	{object}	Problem	"Database unavailable"
//	@Router			/jobs/{jid}/cancel [post]
func (s *server) cancelJob(c echo.Context) error {
	id, err := jobID(c)
	if err != nil {
		return err
	}
	j, err := s.jobs.Cancel(c.Request().Context(), identity(c).StoreID, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toJobResponse(j))
}
