package httpapi

import (
	"encoding/json"

	"github.com/orders-api/orders-api/internal/httpapi/wire"
	"github.com/orders-api/orders-api/internal/request"
)

// BulkRequest asks for a request for every order a filter selects.
type BulkRequest struct {
	// The system to send the orders to again.
	System string `json:"system" example:"bling" minLength:"1" maxLength:"64" validate:"required" extensions:"x-pattern=^[a-z0-9][a-z0-9._-]*$"`
	// Why, shown in each order's history; at most 500 characters.
	Reason *string `json:"reason" example:"Produto cadastrado no ERP" maxLength:"500" extensions:"x-nullable"`
	// true: only count (200 with matched and open), change nothing.
	DryRun bool `json:"dry_run" example:"true"`
	// The orders, as GET /orders?system=<system>&<filter> selects them.
	Filter *BulkFilter `json:"filter"`
} //	@name	BulkRequest

// BulkFilter selects orders like the filters of GET /orders, with the
// system's own state for integration_status and error_code.
type BulkFilter struct {
	Status            *string `json:"status" enums:"pending,paid,invoiced,shipped,delivered,canceled" example:"paid" extensions:"x-nullable"`
	IntegrationStatus *string `json:"integration_status" enums:"none,pending,success,error" example:"error" extensions:"x-nullable"`
	ErrorCode         *string `json:"error_code" example:"product.not_found" maxLength:"64" extensions:"x-nullable,x-pattern=^[a-z0-9][a-z0-9._-]*$"`
	Number            *string `json:"number" example:"100234" maxLength:"40" extensions:"x-nullable"`
	PlacedAfter       *string `json:"placed_after" format:"date-time" maxLength:"35" example:"2026-11-01T00:00:00Z" extensions:"x-nullable"`
	PlacedBefore      *string `json:"placed_before" format:"date-time" maxLength:"35" example:"2026-12-01T00:00:00Z" extensions:"x-nullable"`
	UpdatedAfter      *string `json:"updated_after" format:"date-time" maxLength:"35" example:"2026-11-01T00:00:00Z" extensions:"x-nullable"`
} //	@name	BulkFilter

// DryRunResponse is a dry run's count.
type DryRunResponse struct {
	// Orders the filter selects.
	Matched int64 `json:"matched" example:"1234" minimum:"0" maximum:"9007199254740991" format:"int64" validate:"required"`
	// Of them, those with an open request for the system (a job would skip them).
	Open int64 `json:"open" example:"12" minimum:"0" maximum:"9007199254740991" format:"int64" validate:"required"`
} //	@name	DryRunResponse

// JobResponse is a bulk job and its progress.
type JobResponse struct {
	ID   string `json:"id" format:"uuid" maxLength:"36" example:"0193a0b5-2222-7000-8000-000000000001" validate:"required"`
	Kind string `json:"kind" enums:"integration-requests.bulk" example:"integration-requests.bulk" validate:"required"`
	// running, then succeeded, canceled or failed.
	State  string `json:"state" enums:"running,succeeded,canceled,failed" example:"running" validate:"required"`
	System string `json:"system" example:"bling" maxLength:"64" validate:"required"`
	// The filter as asked.
	Filter BulkFilter `json:"filter" validate:"required"`
	Reason *string    `json:"reason" example:"Produto cadastrado no ERP" maxLength:"500" extensions:"x-nullable" validate:"required"`
	// Orders in the job's fixed set.
	Matched int64 `json:"matched" example:"1234" minimum:"0" maximum:"9007199254740991" format:"int64" validate:"required"`
	// Orders handled so far: created + skipped.
	Processed int64 `json:"processed" example:"600" minimum:"0" maximum:"9007199254740991" format:"int64" validate:"required"`
	// Requests made.
	Created int64 `json:"created" example:"590" minimum:"0" maximum:"9007199254740991" format:"int64" validate:"required"`
	// Orders that had an open request for the system already.
	Skipped    int64   `json:"skipped" example:"10" minimum:"0" maximum:"9007199254740991" format:"int64" validate:"required"`
	CreatedAt  string  `json:"created_at" format:"date-time" maxLength:"35" example:"2026-11-26T15:10:00Z" validate:"required"`
	FinishedAt *string `json:"finished_at" format:"date-time" maxLength:"35" example:"2026-11-26T15:10:12Z" extensions:"x-nullable" validate:"required"`
	// Why it failed; null unless failed.
	Error *string `json:"error" example:"the job stopped on an internal error" maxLength:"500" extensions:"x-nullable" validate:"required"`
} //	@name	Job

func toJobResponse(j request.Job) JobResponse {
	var f BulkFilter
	_ = json.Unmarshal(j.Filter, &f) // stored by toFilter: an object of these strings
	return JobResponse{ID: j.ID.String(), Kind: j.Kind, State: string(j.State), System: j.System, Filter: f,
		Reason: j.Reason, Matched: j.Matched, Processed: j.Processed, Created: j.Created, Skipped: j.Skipped,
		CreatedAt: wire.FormatTime(j.CreatedAt), FinishedAt: wire.FormatTimePtr(j.FinishedAt), Error: j.Error}
}
