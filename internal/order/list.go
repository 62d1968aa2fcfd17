package order

import (
	"time"

	"github.com/google/uuid"
)

// Page sizes.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

// OrderSort is the order of an order list.
type OrderSort string

// The sorts of GET /orders; the default is newest placed first.
const (
	SortPlacedDesc  OrderSort = "-placed_at"
	SortPlacedAsc   OrderSort = "placed_at"
	SortUpdatedDesc OrderSort = "-updated_at"
	SortUpdatedAsc  OrderSort = "updated_at"
)

// Valid reports whether s is a known sort.
func (s OrderSort) Valid() bool {
	switch s {
	case SortPlacedDesc, SortPlacedAsc, SortUpdatedDesc, SortUpdatedAsc:
		return true
	}
	return false
}

// ByUpdated reports whether the sort key is updated_at (else placed_at).
func (s OrderSort) ByUpdated() bool { return s == SortUpdatedDesc || s == SortUpdatedAsc }

// Desc reports whether the sort is descending.
func (s OrderSort) Desc() bool { return s == SortPlacedDesc || s == SortUpdatedDesc }

// OrderKey is a position in an order list: the sort key's time, then the id.
type OrderKey struct {
	Time time.Time
	ID   uuid.UUID
}

// OrderFilter selects and orders a page of a store's orders. Nil fields do
// not filter. Time windows are half-open: After inclusive, Before exclusive.
type OrderFilter struct {
	Status            *Status
	IntegrationStatus *IntegrationStatus
	System            *string // with IntegrationStatus: that system's own state
	ErrorCode         *string // a system's state has it (with System: that system's)
	Number            *string
	PlacedAfter       *time.Time
	PlacedBefore      *time.Time
	UpdatedAfter      *time.Time
	Sort              OrderSort
	Limit             int
	After             *OrderKey // keyset: rows strictly after this position
	// Fields are the fields the page must hold (zero: every field); a
	// store may leave the others zero and skip reading them, but always
	// fills the id and the sort key's time.
	Fields Fields
}

// Key returns o's position in a list sorted by s.
func (s OrderSort) Key(o Order) OrderKey {
	if s.ByUpdated() {
		return OrderKey{Time: o.UpdatedAt, ID: o.ID}
	}
	return OrderKey{Time: o.PlacedAt, ID: o.ID}
}

// AttemptKey is a position in a history list, newest first: occurred_at
// descending, then the most recently recorded first.
type AttemptKey struct {
	OccurredAt time.Time
	Seq        int64
}

// Key returns a's position in a history list.
func (a Attempt) Key() AttemptKey { return AttemptKey{OccurredAt: a.OccurredAt, Seq: a.Seq} }

// AttemptFilter selects a page of a store's attempts, newest first.
type AttemptFilter struct {
	OrderID        *uuid.UUID
	System         *string
	Status         *AttemptStatus
	ErrorCode      *string
	OccurredAfter  *time.Time
	OccurredBefore *time.Time
	Limit          int
	After          *AttemptKey
}

// OrderPage is one page of orders; Next is set when more rows follow.
type OrderPage struct {
	Orders []Order
	Next   *OrderKey
}

// AttemptPage is one page of attempts; Next is set when more rows follow.
type AttemptPage struct {
	Attempts []Attempt
	Next     *AttemptKey
}
