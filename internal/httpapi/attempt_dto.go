package httpapi

import (
	"bytes"
	"encoding/json"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/httpapi/wire"
	"github.com/orders-api/orders-api/internal/order"
)

// AttemptResponse is one record of an order's integration history.
type AttemptResponse struct {
	ID      string `json:"id" format:"uuid" maxLength:"36" example:"0193a0b3-0000-7000-8000-000000000001" validate:"required"`
	OrderID string `json:"order_id" format:"uuid" maxLength:"36" example:"0193a0b2-7c1e-7d2a-9f00-1c2d3e4f5a6b" validate:"required"`
	// The external system, a slug such as bling, tiny, omie, sap-b1 or totvs.
	System string `json:"system" example:"bling" maxLength:"64" validate:"required" extensions:"x-pattern=^[a-z0-9][a-z0-9._-]*$"`
	// Process status: pending (Pendente), success (Concluído) or error (Erro).
	Status string `json:"status" enums:"pending,success,error" example:"error" validate:"required"`
	// What was attempted, such as order.export or invoice.create; null when not given.
	Action *string `json:"action" example:"order.export" maxLength:"100" extensions:"x-nullable" validate:"required"`
	// The descriptive message shown in the history screen.
	Message string `json:"message" example:"Cliente sem CPF: campo obrigatório no ERP" minLength:"1" maxLength:"2000" validate:"required"`
	// The connector's machine-readable reason (a slug); null when not given.
	ErrorCode *string `json:"error_code" example:"customer.document_missing" maxLength:"64" extensions:"x-nullable,x-pattern=^[a-z0-9][a-z0-9._-]*$" validate:"required"`
	// The order's id in that system, once it has one; null otherwise.
	ExternalID *string `json:"external_id" example:"98765" maxLength:"200" extensions:"x-nullable" validate:"required"`
	// When the connector made the attempt.
	OccurredAt string `json:"occurred_at" format:"date-time" maxLength:"35" example:"2026-11-26T14:04:59Z" validate:"required"`
	// When the server stored the record.
	RecordedAt string `json:"recorded_at" format:"date-time" maxLength:"35" example:"2026-11-26T14:04:59.21Z" validate:"required"`
	// Request/response excerpts for support (a JSON object of at most 16 KiB); null when not given.
	Details json.RawMessage `json:"details" swaggertype:"object" extensions:"x-nullable" validate:"required"`
	// The re-integration request this attempt answers; null when none.
	RequestID *string `json:"request_id" format:"uuid" maxLength:"36" example:"0193a0b4-1111-7000-8000-000000000001" extensions:"x-nullable" validate:"required"`
} //	@name	Attempt

// AttemptList is one page of history, newest first.
type AttemptList struct {
	Data []AttemptResponse `json:"data" validate:"required,max=200"`
	// Pass it as cursor, with the same filters, for the next page; null on the last page.
	NextCursor *string `json:"next_cursor" example:"eyJ2IjoxfQ.c2lnbmF0dXJl" maxLength:"256" extensions:"x-nullable" validate:"required"`
} //	@name	AttemptList

// CreateAttemptRequest records one integration attempt. A connector key may
// omit system (its own is used).
type CreateAttemptRequest struct {
	// The external system, a slug such as bling; required with an admin key, and a connector key may only name its own.
	System *string `json:"system" example:"bling" maxLength:"64" extensions:"x-nullable,x-pattern=^[a-z0-9][a-z0-9._-]*$"`
	// Process status: pending (Pendente), success (Concluído) or error (Erro).
	Status string `json:"status" enums:"pending,success,error" example:"error" validate:"required"`
	// What was attempted, such as order.export.
	Action *string `json:"action" example:"order.export" maxLength:"100" extensions:"x-nullable"`
	// The descriptive message shown in the history screen (1 to 2000 characters, not only spaces).
	Message string `json:"message" example:"Cliente sem CPF: campo obrigatório no ERP" minLength:"1" maxLength:"2000" validate:"required" extensions:"x-pattern=\\S"`
	// The connector's machine-readable reason, a slug, so ops can count failures by cause.
	ErrorCode *string `json:"error_code" example:"customer.document_missing" maxLength:"64" extensions:"x-nullable,x-pattern=^[a-z0-9][a-z0-9._-]*$"`
	// The order's id in that system, once it has one.
	ExternalID *string `json:"external_id" example:"98765" maxLength:"200" extensions:"x-nullable"`
	// When the connector made the attempt, any offset; at most 5 minutes in the future; null or absent is now.
	OccurredAt *string `json:"occurred_at" format:"date-time" maxLength:"35" example:"2026-11-26T14:04:59Z" extensions:"x-nullable"`
	// Request/response excerpts for support: a JSON object of at most 16 KiB as compact JSON.
	Details json.RawMessage `json:"details" swaggertype:"object" extensions:"x-nullable"`
	// The re-integration request this attempt answers (from a lease): a success or error attempt makes it done.
	RequestID *string `json:"request_id" format:"uuid" maxLength:"36" example:"0193a0b4-1111-7000-8000-000000000001" extensions:"x-nullable"`
} //	@name	CreateAttemptRequest

// attemptReadOnly are the fields of an attempt that only the server sets.
var attemptReadOnly = []string{"id", "order_id", "recorded_at"}

// toNewAttempt maps the request for the given order and (resolved) system.
func (r CreateAttemptRequest) toNewAttempt(orderID uuid.UUID, system string) (order.NewAttempt, []errs.FieldError) {
	var p []errs.FieldError
	in := order.NewAttempt{OrderID: orderID, System: system, Status: order.AttemptStatus(r.Status),
		Action: r.Action, Message: r.Message, ErrorCode: r.ErrorCode, ExternalID: r.ExternalID}
	if r.OccurredAt != nil {
		t, err := wire.ParseTime(*r.OccurredAt)
		if err != nil {
			p = append(p, errs.FieldError{Field: "occurred_at", Message: err.Error()})
		} else {
			in.OccurredAt = &t
		}
	}
	if len(r.Details) > 0 && !bytes.Equal(r.Details, []byte("null")) {
		in.Details = r.Details
	}
	if r.RequestID != nil {
		id, err := uuid.Parse(*r.RequestID)
		if err != nil || len(*r.RequestID) != 36 {
			p = append(p, errs.FieldError{Field: "request_id", Message: "must be the id (a UUID) of an integration request"})
		} else {
			in.RequestID = &id
		}
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
		OccurredAt: wire.FormatTime(a.OccurredAt), RecordedAt: wire.FormatTime(a.RecordedAt), Details: a.Details,
		RequestID: uuidString(a.RequestID),
	}
}

// uuidString returns id as text, or nil.
func uuidString(id *uuid.UUID) *string {
	if id == nil {
		return nil
	}
	s := id.String()
	return &s
}
