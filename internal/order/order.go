// Package order holds the business of orders-api: orders, their integration
// attempts, the summary rules that derive an order's integration state from its
// history, validation, and the Store interface that storage implements. It
// imports neither HTTP nor database code.
package order

import (
	"time"

	"github.com/google/uuid"
)

// Status is an order's commercial status.
type Status string

// Order statuses.
const (
	StatusPending   Status = "pending"
	StatusPaid      Status = "paid"
	StatusInvoiced  Status = "invoiced"
	StatusShipped   Status = "shipped"
	StatusDelivered Status = "delivered"
	StatusCanceled  Status = "canceled"
)

// Statuses lists every order status, in lifecycle order.
var Statuses = []Status{StatusPending, StatusPaid, StatusInvoiced, StatusShipped, StatusDelivered, StatusCanceled}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// Customer is the buyer of an order.
type Customer struct {
	Name     string
	Email    *string
	Document *string
}

// Item is one line of an order.
type Item struct {
	SKU            string
	Name           string
	Quantity       int64
	UnitPriceCents int64
}

// Order is a store's order with its integration summary.
type Order struct {
	ID          uuid.UUID
	StoreID     string
	Number      string
	Status      Status
	Customer    Customer
	Currency    string
	TotalCents  int64
	Items       []Item
	PlacedAt    time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Integration Summary
}

// NewOrder is what a client may give to create an order. Pointers are
// optional fields; nil means "use the default".
type NewOrder struct {
	Number     string
	Status     *Status
	Customer   Customer
	Currency   *string
	TotalCents *int64
	Items      []Item
	PlacedAt   *time.Time
}

// Patch is a change to an order: only status and customer may change. A nil
// field is left as it is; within Customer, a Set field replaces and a Set with
// a nil value clears.
type Patch struct {
	Status   *Status
	Customer *CustomerPatch
}

// CustomerPatch changes a customer field by field.
type CustomerPatch struct {
	Name     Optional[string]
	Email    Optional[*string]
	Document Optional[*string]
}

// Optional is a field of a patch that may be absent (Set false).
type Optional[T any] struct {
	Set   bool
	Value T
}

// Apply changes o by p, as of now. It returns a Conflict error when a
// canceled order would leave the canceled status, and reports whether
// anything changed.
func (p Patch) Apply(o *Order) (changed bool, err error) {
	if p.Status != nil && *p.Status != o.Status {
		if o.Status == StatusCanceled {
			return false, errCanceled
		}
		o.Status, changed = *p.Status, true
	}
	if c := p.Customer; c != nil {
		if c.Name.Set && c.Name.Value != o.Customer.Name {
			o.Customer.Name, changed = c.Name.Value, true
		}
		if c.Email.Set && !equalPtr(c.Email.Value, o.Customer.Email) {
			o.Customer.Email, changed = c.Email.Value, true
		}
		if c.Document.Set && !equalPtr(c.Document.Value, o.Customer.Document) {
			o.Customer.Document, changed = c.Document.Value, true
		}
	}
	return changed, nil
}

func equalPtr(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
