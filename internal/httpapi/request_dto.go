package httpapi

import (
	"github.com/orders-api/orders-api/internal/httpapi/wire"
	"github.com/orders-api/orders-api/internal/request"
)

// IntegrationRequestResponse is a re-integration request (SPEC 9.1).
type IntegrationRequestResponse struct {
	ID      string `json:"id" format:"uuid" maxLength:"36" example:"0193a0b4-1111-7000-8000-000000000001" validate:"required"`
	OrderID string `json:"order_id" format:"uuid" maxLength:"36" example:"0193a0b2-7c1e-7d2a-9f00-1c2d3e4f5a6b" validate:"required"`
	// The system to send the order to again.
	System string `json:"system" example:"bling" maxLength:"64" validate:"required" extensions:"x-pattern=^[a-z0-9][a-z0-9._-]*$"`
	// queued (waiting for its connector), leased (a connector holds it until leased_until), done (answered: attempt_id) or failed (given up).
	State string `json:"state" enums:"queued,leased,done,failed" example:"queued" validate:"required"`
	// Why it was asked; null when not given.
	Reason *string `json:"reason" example:"CPF corrigido pelo cliente" maxLength:"500" extensions:"x-nullable" validate:"required"`
	// The name of the key (or the JWT's sub) that asked; null when it has none.
	RequestedBy *string `json:"requested_by" example:"back office" maxLength:"200" extensions:"x-nullable" validate:"required"`
	// manual (one order) or bulk (made by the bulk job job_id).
	Trigger string `json:"trigger" enums:"manual,bulk" example:"manual" validate:"required"`
	// The bulk job that made it; null for manual ones.
	JobID *string `json:"job_id" format:"uuid" maxLength:"36" example:"0193a0b5-2222-7000-8000-000000000001" extensions:"x-nullable" validate:"required"`
	// How many times it has been leased.
	Deliveries int `json:"deliveries" example:"0" minimum:"0" maximum:"1000" format:"int32" validate:"required"`
	// From when it may be leased.
	AvailableAt string `json:"available_at" format:"date-time" maxLength:"35" example:"2026-11-26T15:00:00Z" validate:"required"`
	// Until when the current lease holds it; null unless leased.
	LeasedUntil *string `json:"leased_until" format:"date-time" maxLength:"35" example:"2026-11-26T15:05:00Z" extensions:"x-nullable" validate:"required"`
	// The attempt that answered it; null until done.
	AttemptID *string `json:"attempt_id" format:"uuid" maxLength:"36" example:"0193a0b3-0000-7000-8000-000000000009" extensions:"x-nullable" validate:"required"`
	// When it was asked.
	CreatedAt string `json:"created_at" format:"date-time" maxLength:"35" example:"2026-11-26T15:00:00Z" validate:"required"`
	// When it became done or failed; null while open.
	CompletedAt *string `json:"completed_at" format:"date-time" maxLength:"35" example:"2026-11-26T15:01:10Z" extensions:"x-nullable" validate:"required"`
} //	@name	IntegrationRequest

// IntegrationRequestList is one page of requests, newest first.
type IntegrationRequestList struct {
	Data []IntegrationRequestResponse `json:"data" validate:"required,max=200"`
	// Pass it as cursor, with the same filters, for the next page; null on the last page.
	NextCursor *string `json:"next_cursor" example:"eyJ2IjoxfQ.c2lnbmF0dXJl" maxLength:"256" extensions:"x-nullable" validate:"required"`
} //	@name	IntegrationRequestList

// CreateIntegrationRequest asks that an order be sent to a system again.
type CreateIntegrationRequest struct {
	// The system to send the order to again, a slug such as bling.
	System string `json:"system" example:"bling" minLength:"1" maxLength:"64" validate:"required" extensions:"x-pattern=^[a-z0-9][a-z0-9._-]*$"`
	// Why, shown in the history ("Reenvio solicitado: <reason>"); at most 500 characters.
	Reason *string `json:"reason" example:"CPF corrigido pelo cliente" maxLength:"500" extensions:"x-nullable"`
} //	@name	CreateIntegrationRequest

// LeaseRequest leases requests of a system. Every field is optional for a
// connector key.
type LeaseRequest struct {
	// The system; a connector's own by default (another is 403), required for an admin key.
	System *string `json:"system" example:"bling" maxLength:"64" extensions:"x-nullable,x-pattern=^[a-z0-9][a-z0-9._-]*$"`
	// How many requests at most, 1 to 100 (10).
	Limit *int `json:"limit" example:"10" minimum:"1" maximum:"100" format:"int32" extensions:"x-nullable"`
	// How long the lease holds each request, 5 to 3600 s (300).
	LeaseSeconds *int `json:"lease_seconds" example:"300" minimum:"5" maximum:"3600" format:"int32" extensions:"x-nullable"`
	// How long to wait for a request when none can be leased now, 0 to 20 s (0).
	WaitSeconds *int `json:"wait_seconds" example:"20" minimum:"0" maximum:"20" format:"int32" extensions:"x-nullable"`
} //	@name	LeaseRequest

// LeaseResponse holds the requests now leased to the caller.
type LeaseResponse struct {
	// Up to limit requests, possibly none.
	Data []LeasedRequest `json:"data" validate:"required,max=100"`
} //	@name	LeaseResponse

// LeasedRequest is one leased request, its token and its order.
type LeasedRequest struct {
	Request IntegrationRequestResponse `json:"request" validate:"required"`
	// The lease's token, for release and extend; shown only here.
	LeaseToken string `json:"lease_token" example:"olt_3q2-7wAbcdEfGh1234567890abcdefghijklmnopqr" maxLength:"64" validate:"required"`
	// The order, as GET /orders/{id} shows it.
	Order OrderResponse `json:"order" validate:"required"`
} //	@name	LeasedRequest

// ReleaseRequest gives a leased request back.
type ReleaseRequest struct {
	// The token of the current lease.
	LeaseToken string `json:"lease_token" example:"olt_3q2-7wAbcdEfGh1234567890abcdefghijklmnopqr" minLength:"1" maxLength:"64" validate:"required"`
	// It may be leased again after this many seconds, 0 to 86400 (0): honour the ERP's rate limit.
	DelaySeconds *int `json:"delay_seconds" example:"15" minimum:"0" maximum:"86400" format:"int32" extensions:"x-nullable"`
} //	@name	ReleaseRequest

// ExtendRequest keeps a lease for longer.
type ExtendRequest struct {
	// The token of the current lease.
	LeaseToken string `json:"lease_token" example:"olt_3q2-7wAbcdEfGh1234567890abcdefghijklmnopqr" minLength:"1" maxLength:"64" validate:"required"`
	// The lease then holds until now plus this, 5 to 3600 s (300).
	LeaseSeconds *int `json:"lease_seconds" example:"300" minimum:"5" maximum:"3600" format:"int32" extensions:"x-nullable"`
} //	@name	ExtendRequest

// toRequestResponse maps a request as read.
func toRequestResponse(r request.Request) IntegrationRequestResponse {
	return IntegrationRequestResponse{
		ID: r.ID.String(), OrderID: r.OrderID.String(), System: r.System, State: string(r.State), Reason: r.Reason,
		RequestedBy: r.RequestedBy, Trigger: string(r.Trigger), JobID: uuidString(r.JobID), Deliveries: r.Deliveries,
		AvailableAt: wire.FormatTime(r.AvailableAt), LeasedUntil: wire.FormatTimePtr(r.LeasedUntil),
		AttemptID: uuidString(r.AttemptID), CreatedAt: wire.FormatTime(r.CreatedAt), CompletedAt: wire.FormatTimePtr(r.CompletedAt),
	}
}
