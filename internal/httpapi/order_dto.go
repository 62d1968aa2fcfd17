package httpapi

import (
	"fmt"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/httpapi/wire"
	"github.com/orders-api/orders-api/internal/order"
)

// OrderResponse is an order with its integration summary.
type OrderResponse struct {
	ID     string `json:"id" format:"uuid" maxLength:"36" example:"0193a0b2-7c1e-7d2a-9f00-1c2d3e4f5a6b" validate:"required"`
	Number string `json:"number" example:"100234" minLength:"1" maxLength:"40" validate:"required"`
	// Order status: pending, paid, invoiced, shipped, delivered or canceled.
	Status      string              `json:"status" enums:"pending,paid,invoiced,shipped,delivered,canceled" example:"paid" validate:"required"`
	Customer    Customer            `json:"customer" validate:"required"`
	Currency    string              `json:"currency" example:"BRL" maxLength:"3" validate:"required" extensions:"x-pattern=^[A-Z]{3}$"`
	TotalCents  int64               `json:"total_cents" example:"19990" format:"int64" minimum:"0" maximum:"9007199254740991" validate:"required"`
	Items       []Item              `json:"items" validate:"required,max=500"`
	PlacedAt    string              `json:"placed_at" format:"date-time" maxLength:"35" example:"2026-11-26T14:03:07Z" validate:"required"`
	CreatedAt   string              `json:"created_at" format:"date-time" maxLength:"35" example:"2026-11-26T14:03:08.001Z" validate:"required"`
	UpdatedAt   string              `json:"updated_at" format:"date-time" maxLength:"35" example:"2026-11-26T14:05:00.412Z" validate:"required"`
	Integration IntegrationResponse `json:"integration" validate:"required"`
} //	@name	Order

// Customer is the buyer of an order, as the server returns it: email and
// document are null when not known.
type Customer struct {
	Name     string  `json:"name" example:"Ana Souza" minLength:"1" maxLength:"200" validate:"required"`
	Email    *string `json:"email" format:"email" example:"ana@example.com" maxLength:"254" extensions:"x-nullable" validate:"required"`
	Document *string `json:"document" example:"123.456.789-09" maxLength:"40" extensions:"x-nullable" validate:"required"`
} //	@name	Customer

// CustomerInput is the buyer of a new order: only name is required.
type CustomerInput struct {
	Name     string  `json:"name" example:"Ana Souza" minLength:"1" maxLength:"200" validate:"required" extensions:"x-pattern=\\S"`
	Email    *string `json:"email" format:"email" example:"ana@example.com" maxLength:"254" extensions:"x-nullable"`
	Document *string `json:"document" example:"123.456.789-09" maxLength:"40" extensions:"x-nullable"`
} //	@name	CustomerInput

// Item is one line of an order.
type Item struct {
	SKU            string `json:"sku" example:"CAM-01" minLength:"1" maxLength:"100" validate:"required"`
	Name           string `json:"name" example:"Camiseta" minLength:"1" maxLength:"200" validate:"required"`
	Quantity       int64  `json:"quantity" example:"2" format:"int64" minimum:"1" maximum:"1000000" validate:"required"`
	UnitPriceCents int64  `json:"unit_price_cents" example:"9995" format:"int64" minimum:"0" maximum:"9007199254740991" validate:"required"`
} //	@name	Item

// IntegrationResponse is an order's integration summary, derived from its history.
type IntegrationResponse struct {
	// The order's integration state: error (Erro) if any system's latest attempt failed, else pending (Pendente) if any
	// is pending, else success (Concluído) when at least one system has one; none (no attempt yet) otherwise.
	Status string `json:"status" enums:"none,pending,success,error" example:"error" validate:"required"`
	// The latest occurred_at of any attempt of the order; null before the first.
	LastAttemptAt *string `json:"last_attempt_at" format:"date-time" maxLength:"35" example:"2026-11-26T14:04:59Z" extensions:"x-nullable" validate:"required"`
	// One entry per system the order was sent to, with that system's latest attempt.
	Systems []SystemStateResponse `json:"systems" validate:"required"`
} //	@name	Integration

// SystemStateResponse is one system's state on an order: its latest attempt.
type SystemStateResponse struct {
	System string `json:"system" example:"bling" maxLength:"64" validate:"required" extensions:"x-pattern=^[a-z0-9][a-z0-9._-]*$"`
	// The system's latest attempt: pending (Pendente), success (Concluído) or error (Erro).
	Status        string  `json:"status" enums:"pending,success,error" example:"error" validate:"required"`
	Message       string  `json:"message" example:"Cliente sem CPF" minLength:"1" maxLength:"2000" validate:"required"`
	ErrorCode     *string `json:"error_code" example:"customer.document_missing" maxLength:"64" extensions:"x-nullable,x-pattern=^[a-z0-9][a-z0-9._-]*$" validate:"required"`
	LastAttemptAt string  `json:"last_attempt_at" format:"date-time" maxLength:"35" example:"2026-11-26T14:04:59Z" validate:"required"`
	// How many attempts this system has on the order, all of them.
	Attempts int64 `json:"attempts" example:"3" format:"int64" minimum:"1" maximum:"9007199254740991" validate:"required"`
} //	@name	SystemState

// OrderList is one page of orders.
type OrderList struct {
	Data []OrderResponse `json:"data" validate:"required,max=200"`
	// Pass it as cursor, with the same filters, for the next page; null on the last page.
	NextCursor *string `json:"next_cursor" example:"eyJ2IjoxfQ.c2lnbmF0dXJl" maxLength:"256" extensions:"x-nullable" validate:"required"`
} //	@name	OrderList

// CreateOrderRequest creates an order. The server sets id, created_at,
// updated_at and integration.
type CreateOrderRequest struct {
	// The store's order number, unique in the store (a duplicate is 409).
	Number string `json:"number" example:"100234" minLength:"1" maxLength:"40" validate:"required" extensions:"x-pattern=\\S"`
	// Order status: pending, paid, invoiced, shipped, delivered or canceled; null or absent is pending.
	Status   *string        `json:"status" enums:"pending,paid,invoiced,shipped,delivered,canceled" extensions:"x-nullable"`
	Customer *CustomerInput `json:"customer" validate:"required"`
	// ISO 4217 code in upper case; null or absent is BRL.
	Currency *string `json:"currency" example:"BRL" maxLength:"3" extensions:"x-nullable,x-pattern=^[A-Z]{3}$"`
	// Integer minor units (centavos), not checked against the items (shipping and discounts differ).
	TotalCents *int64      `json:"total_cents" example:"19990" format:"int64" minimum:"0" maximum:"9007199254740991" validate:"required"`
	Items      []ItemInput `json:"items" validate:"max=500"`
	// When the order was placed, any offset; null or absent is now.
	PlacedAt *string `json:"placed_at" format:"date-time" maxLength:"35" example:"2026-11-26T14:03:07Z" extensions:"x-nullable"`
} //	@name	CreateOrderRequest

// ItemInput is one line of a new order.
type ItemInput struct {
	SKU            string `json:"sku" example:"CAM-01" minLength:"1" maxLength:"100" validate:"required" extensions:"x-pattern=\\S"`
	Name           string `json:"name" example:"Camiseta" minLength:"1" maxLength:"200" validate:"required" extensions:"x-pattern=\\S"`
	Quantity       *int64 `json:"quantity" example:"2" format:"int64" minimum:"1" maximum:"1000000" validate:"required"`
	UnitPriceCents *int64 `json:"unit_price_cents" example:"9995" format:"int64" minimum:"0" maximum:"9007199254740991" validate:"required"`
} //	@name	ItemInput

// PatchOrderRequest changes an order's status and/or customer, field by
// field: a given field replaces, null clears an optional one.
type PatchOrderRequest struct {
	// The new status (null is 422); a canceled order can't change status (409).
	Status wire.Nullable[string] `json:"status" swaggertype:"string" enums:"pending,paid,invoiced,shipped,delivered,canceled"`
	// The customer fields to change (null is 422: an order always has a customer).
	Customer wire.Nullable[CustomerPatchRequest] `json:"customer" swaggertype:"object"`
} //	@name	PatchOrderRequest

// CustomerPatchRequest changes customer fields; null clears email or document.
type CustomerPatchRequest struct {
	Name     wire.Nullable[string] `json:"name" swaggertype:"string" example:"Ana Souza"`
	Email    wire.Nullable[string] `json:"email" swaggertype:"string" example:"ana@example.com"`
	Document wire.Nullable[string] `json:"document" swaggertype:"string" example:"123.456.789-09"`
}

// orderReadOnly are the fields of an order that only the server sets.
var orderReadOnly = []string{"id", "created_at", "updated_at", "integration"}

func (r CreateOrderRequest) toNewOrder() (order.NewOrder, []errs.FieldError) {
	var p []errs.FieldError
	n := order.NewOrder{Number: r.Number, Status: (*order.Status)(r.Status), Currency: r.Currency, TotalCents: r.TotalCents}
	if r.Customer == nil {
		p = append(p, errs.FieldError{Field: "customer", Message: "is required"})
	} else {
		n.Customer = order.Customer{Name: r.Customer.Name, Email: r.Customer.Email, Document: r.Customer.Document}
	}
	for i, it := range r.Items {
		item := order.Item{SKU: it.SKU, Name: it.Name}
		item.Quantity, p = required(it.Quantity, fmt.Sprintf("items[%d].quantity", i), p)
		item.UnitPriceCents, p = required(it.UnitPriceCents, fmt.Sprintf("items[%d].unit_price_cents", i), p)
		n.Items = append(n.Items, item)
	}
	if r.PlacedAt != nil {
		t, err := wire.ParseTime(*r.PlacedAt)
		if err != nil {
			p = append(p, errs.FieldError{Field: "placed_at", Message: err.Error()})
		} else {
			n.PlacedAt = &t
		}
	}
	return n, p
}

func required(v *int64, field string, p []errs.FieldError) (int64, []errs.FieldError) {
	if v == nil {
		return 0, append(p, errs.FieldError{Field: field, Message: "is required"})
	}
	return *v, p
}

func (r PatchOrderRequest) toPatch() (order.Patch, []errs.FieldError) {
	var p []errs.FieldError
	var patch order.Patch
	if r.Status.Set {
		if r.Status.Null {
			p = append(p, errs.FieldError{Field: "status", Message: "must not be null"})
		} else {
			patch.Status = (*order.Status)(&r.Status.Value)
		}
	}
	if r.Customer.Set {
		if r.Customer.Null {
			p = append(p, errs.FieldError{Field: "customer", Message: "must not be null: an order always has a customer"})
		} else {
			c := r.Customer.Value
			if c.Name.Set && c.Name.Null {
				p = append(p, errs.FieldError{Field: "customer.name", Message: "is required and can't be cleared"})
			}
			patch.Customer = &order.CustomerPatch{
				Name:     order.Optional[string]{Set: c.Name.Set && !c.Name.Null, Value: c.Name.Value},
				Email:    order.Optional[*string]{Set: c.Email.Set, Value: c.Email.Ptr()},
				Document: order.Optional[*string]{Set: c.Document.Set, Value: c.Document.Ptr()},
			}
		}
	}
	return patch, p
}

func toOrderResponse(o order.Order) OrderResponse {
	r := OrderResponse{
		ID: o.ID.String(), Number: o.Number, Status: string(o.Status),
		Customer: Customer{Name: o.Customer.Name, Email: o.Customer.Email, Document: o.Customer.Document},
		Currency: o.Currency, TotalCents: o.TotalCents, Items: make([]Item, len(o.Items)),
		PlacedAt: wire.FormatTime(o.PlacedAt), CreatedAt: wire.FormatTime(o.CreatedAt), UpdatedAt: wire.FormatTime(o.UpdatedAt),
		Integration: IntegrationResponse{Status: string(o.Integration.Status),
			LastAttemptAt: wire.FormatTimePtr(o.Integration.LastAttemptAt),
			Systems:       make([]SystemStateResponse, len(o.Integration.Systems))},
	}
	for i, it := range o.Items {
		r.Items[i] = Item{SKU: it.SKU, Name: it.Name, Quantity: it.Quantity, UnitPriceCents: it.UnitPriceCents}
	}
	for i, s := range o.Integration.Systems {
		r.Integration.Systems[i] = SystemStateResponse{System: s.System, Status: string(s.Status), Message: s.Message,
			ErrorCode: s.ErrorCode, LastAttemptAt: wire.FormatTime(s.LastAttemptAt), Attempts: s.Attempts}
	}
	return r
}
