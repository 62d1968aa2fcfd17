package httpapi

import (
	"bytes"
	"encoding/json"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/order"
)

// AttemptResponse is one record of an order's integration history.
type AttemptResponse struct {
	ID         string          `json:"id" format:"uuid" example:"0193a0b3-0000-7000-8000-000000000001" validate:"required"`
	OrderID    string          `json:"order_id" format:"uuid" example:"0193a0b2-7c1e-7d2a-9f00-1c2d3e4f5a6b" validate:"required"`
	System     string          `json:"system" example:"bling" validate:"required"`
	Status     string          `json:"status" enums:"pending,success,error" example:"error" validate:"required"`
	Action     *string         `json:"action" example:"order.export" extensions:"x-nullable"`
	Message    string          `json:"message" example:"Cliente sem CPF: campo obrigatório no ERP" validate:"required"`
	ErrorCode  *string         `json:"error_code" example:"customer.document_missing" extensions:"x-nullable"`
	ExternalID *string         `json:"external_id" example:"98765" extensions:"x-nullable"`
	OccurredAt string          `json:"occurred_at" format:"date-time" example:"2026-11-26T14:04:59Z" validate:"required"`
	RecordedAt string          `json:"recorded_at" format:"date-time" example:"2026-11-26T14:04:59.21Z" validate:"required"`
	Details    json.RawMessage `json:"details" swaggertype:"object" extensions:"x-nullable"`
} //	@name	Attempt

// AttemptList is one page of history, newest first.
type AttemptList struct {
	Data       []AttemptResponse `json:"data" validate:"required"`
	NextCursor *string           `json:"next_cursor" example:"eyJ2IjoxfQ.c2lnbmF0dXJl" extensions:"x-nullable"`
} //	@name	AttemptList

// CreateAttemptRequest records one integration attempt. A connector key may
// omit system (its own is used).
type CreateAttemptRequest struct {
	System     *string         `json:"system" example:"bling" pattern:"^[a-z0-9][a-z0-9._-]{0,63}$"`
	Status     string          `json:"status" enums:"pending,success,error" example:"error" validate:"required"`
	Action     *string         `json:"action" example:"order.export" maxLength:"100"`
	Message    string          `json:"message" example:"Cliente sem CPF: campo obrigatório no ERP" minLength:"1" maxLength:"2000" validate:"required"`
	ErrorCode  *string         `json:"error_code" example:"customer.document_missing" maxLength:"64"`
	ExternalID *string         `json:"external_id" example:"98765" maxLength:"200"`
	OccurredAt *string         `json:"occurred_at" format:"date-time" example:"2026-11-26T14:04:59Z"`
	Details    json.RawMessage `json:"details" swaggertype:"object"`
} //	@name	CreateAttemptRequest

// attemptReadOnly are the fields of an attempt that only the server sets.
var attemptReadOnly = []string{"id", "order_id", "recorded_at"}

// toNewAttempt maps the request for the given order and (resolved) system.
func (r CreateAttemptRequest) toNewAttempt(orderID uuid.UUID, system string) (order.NewAttempt, []errs.FieldError) {
	var p []errs.FieldError
	in := order.NewAttempt{OrderID: orderID, System: system, Status: order.AttemptStatus(r.Status),
		Action: r.Action, Message: r.Message, ErrorCode: r.ErrorCode, ExternalID: r.ExternalID}
	if r.OccurredAt != nil {
		t, err := parseTime(*r.OccurredAt)
		if err != nil {
			p = append(p, errs.FieldError{Field: "occurred_at", Message: err.Error()})
		} else {
			in.OccurredAt = &t
		}
	}
	if len(r.Details) > 0 && !bytes.Equal(r.Details, []byte("null")) {
		in.Details = r.Details
	}
	return in, p
}

func (r CreateAttemptRequest) system() string {
	if r.System == nil {
		return ""
	}
	return *r.System
}

func toAttemptResponse(a order.Attempt) AttemptResponse {
	return AttemptResponse{
		ID: a.ID.String(), OrderID: a.OrderID.String(), System: a.System, Status: string(a.Status),
		Action: a.Action, Message: a.Message, ErrorCode: a.ErrorCode, ExternalID: a.ExternalID,
		OccurredAt: formatTime(a.OccurredAt), RecordedAt: formatTime(a.RecordedAt), Details: a.Details,
	}
}
