package httpapi

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/httpapi/wire"
	"github.com/orders-api/orders-api/internal/order"
)

// MaxBatch is the most attempts one batch may carry.
const MaxBatch = 500

// BatchRequest records many attempts at once.
type BatchRequest struct {
	// 1 to 500 attempts, each naming its order.
	Attempts []BatchAttempt `json:"attempts" validate:"required,min=1,max=500"`
} //	@name	BatchRequest

// BatchAttempt is one attempt of a batch, naming its order.
type BatchAttempt struct {
	OrderID string `json:"order_id" format:"uuid" maxLength:"36" example:"0193a0b2-7c1e-7d2a-9f00-1c2d3e4f5a6b" validate:"required"`
	CreateAttemptRequest
} //	@name	BatchAttempt

// BatchResponse has one result per attempt, in request order.
type BatchResponse struct {
	// One result per attempt of the request, in its order.
	Results []BatchResult `json:"results" validate:"required,min=1,max=500"`
} //	@name	BatchResponse

// BatchResult is one attempt's outcome: 201 with the stored attempt, or a
// 4xx with its problem.
type BatchResult struct {
	// 201 when the attempt was stored, else the status the single POST would have answered.
	Status int `json:"status" example:"201" format:"int32" minimum:"201" maximum:"599" validate:"required"`
	// The stored attempt (status 201 only).
	Attempt *AttemptResponse `json:"attempt,omitempty"`
	// Why the attempt was not stored (status 4xx only).
	Problem *Problem `json:"problem,omitempty"`
} //	@name	BatchResult

// batchEnvelope is decoded first, so each item is decoded, and fails, alone.
type batchEnvelope struct {
	Attempts []wire.Item `json:"attempts"`
}

// recordBatch records up to 500 attempts in one transaction.
//
//	@Summary		Record integration attempts in bulk
//	@Description	For back-fills and bulk senders: 1-500 attempts, each with its order_id, stored in one transaction. The answer is 200 with one result per attempt, in request order: {"status": 201, "attempt": {...}} or {"status": 4xx, "problem": {...}}; the invalid ones are not stored. Same rules, roles and store scoping as the single POST; one Idempotency-Key covers the whole batch.
//	@ID				recordAttemptBatch
//	@Tags			integration-history
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@Param			Idempotency-Key	header		string			false	"Makes retries safe: one value of 1 to 255 printable ASCII characters, kept 24 h"	minlength(1)	maxlength(255)	extensions(x-pattern=^[\x20-\x7E]*$)
//	@Param			batch			body		BatchRequest	true	"The attempts"
//	@Success		200				{object}	BatchResponse
//	@Header			200				{string}	Idempotent-Replayed	"true when this is the stored response of an earlier request with the same Idempotency-Key"
//	@Failure		400				{object}	Problem				"Malformed JSON or Idempotency-Key, or an unknown query parameter"
//	@Failure		401				{object}	Problem				"Missing or invalid key"
//	@Failure		403				{object}	Problem				"Reader key"
//	@Failure		409				{object}	Problem				"The Idempotency-Key is in flight"
//	@Failure		413				{object}	Problem				"Body too large"
//	@Failure		415				{object}	Problem				"Not JSON"
//	@Failure		422				{object}	Problem				"No attempts or more than 500, or the Idempotency-Key was used with another body"
//	@Failure		429				{object}	Problem				"Rate limited"
//	@Failure		500				{object}	Problem				"Internal error (a bug): detail names the request id to report"
//	@Failure		503				{object}	Problem				"Database unavailable"
//	@Router			/integration-history/batch [post]
func (s *server) recordBatch(c echo.Context) error {
	var env batchEnvelope
	if err := bind(c, &env); err != nil {
		return err
	}
	if n := len(env.Attempts); n < 1 || n > MaxBatch {
		return errs.Fields([]errs.FieldError{{Field: "attempts", Message: "must hold 1 to 500 attempts"}})
	}
	results := make([]BatchResult, len(env.Attempts))
	var ins []order.NewAttempt
	var index []int
	for i, item := range env.Attempts {
		in, err := s.batchItem(c, item)
		if err != nil {
			results[i] = failed(err, c.Request().URL.Path)
			continue
		}
		ins = append(ins, in)
		index = append(index, i)
	}
	stored, err := s.orders.RecordAttempts(c.Request().Context(), identity(c).StoreID, ins)
	if err != nil {
		return err
	}
	for j, r := range stored {
		if r.Err != nil {
			results[index[j]] = failed(r.Err, c.Request().URL.Path)
			continue
		}
		a := toAttemptResponse(r.Attempt)
		results[index[j]] = BatchResult{Status: http.StatusCreated, Attempt: &a}
	}
	return c.JSON(http.StatusOK, BatchResponse{Results: results})
}

// batchItem decodes and authorizes one attempt of a batch, and validates
// it when it maps with problems (to list them with the domain's); the
// service validates the others as it records them.
func (s *server) batchItem(c echo.Context, item wire.Item) (order.NewAttempt, error) {
	var req BatchAttempt
	if err := item.Decode(&req, []string{"id", "recorded_at"}); err != nil {
		return order.NewAttempt{}, err
	}
	id, err := uuid.Parse(req.OrderID)
	if err != nil {
		return order.NewAttempt{}, errs.Fields([]errs.FieldError{{Field: "order_id", Message: "must be the id (a UUID) of an order"}})
	}
	system, err := identity(c).SystemFor(req.system())
	if err != nil {
		return order.NewAttempt{}, err
	}
	in, problems := req.toNewAttempt(id, system)
	if len(problems) > 0 {
		return in, mergeProblems(problems, s.orders.ValidateAttempt(in))
	}
	return in, nil
}

// failed is the result of an attempt that was not stored.
func failed(err error, instance string) BatchResult {
	e, ok := errs.As(err)
	if !ok || e.Code == errs.Internal {
		e = &errs.Error{Code: errs.Internal, Detail: "an internal error occurred"}
	}
	p := toProblem(e, instance)
	return BatchResult{Status: p.Status, Problem: &p}
}
