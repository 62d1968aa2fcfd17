// Package request is re-integration (SPEC 9): asking that an order be sent
// to a system again, the lease queue from which that system's connector
// takes the work, the answer that an attempt gives, giving up on requests
// nobody answered, and bulk jobs that ask for many orders by filter. It
// holds the rules and declares the Store it needs; storage and HTTP are
// adapters of it.
package request

import (
	"time"

	"github.com/google/uuid"
)

// State is where a request is in its life.
type State string

// The states of SPEC 9.1; Done and Failed are final.
const (
	Queued State = "queued" // waiting for its connector
	Leased State = "leased" // held by a connector until LeasedUntil
	Done   State = "done"   // answered by a success or error attempt
	Failed State = "failed" // given up
)

// Valid reports whether s is a known state.
func (s State) Valid() bool { return s == Queued || s == Leased || s == Done || s == Failed }

// Final reports whether s never changes again.
func (s State) Final() bool { return s == Done || s == Failed }

// Trigger is what made a request.
type Trigger string

// Triggers: one order asked by hand, or a bulk job.
const (
	Manual Trigger = "manual"
	Bulk   Trigger = "bulk"
)

// Request is one order to send to one system again.
type Request struct {
	ID          uuid.UUID
	StoreID     string
	OrderID     uuid.UUID
	System      string
	State       State
	Reason      *string
	RequestedBy *string
	Trigger     Trigger
	JobID       *uuid.UUID
	Deliveries  int
	AvailableAt time.Time
	LeasedUntil *time.Time
	AttemptID   *uuid.UUID
	CreatedAt   time.Time
	CompletedAt *time.Time
}

// At returns r as it reads at now: a leased request whose lease has ended
// reads queued, without a lease. Storage keeps the state it last wrote
// (the sweep catches up); every read goes through At.
func (r Request) At(now time.Time) Request {
	if r.State == Leased && r.LeasedUntil != nil && !r.LeasedUntil.After(now) {
		r.State, r.LeasedUntil = Queued, nil
	}
	return r
}

// Open reports whether r still waits for an answer (queued or leased).
func (r Request) Open() bool { return !r.State.Final() }

// Key is a position in a request list, newest first.
type Key struct {
	CreatedAt time.Time
	ID        uuid.UUID
}

// Key returns r's position in a list.
func (r Request) Key() Key { return Key{CreatedAt: r.CreatedAt, ID: r.ID} }

// Filter selects a page of a store's requests, newest first. Nil fields do
// not filter; the time window is half-open.
type Filter struct {
	OrderID       *uuid.UUID
	System        *string
	State         *State
	CreatedAfter  *time.Time
	CreatedBefore *time.Time
	Limit         int
	After         *Key
}

// Page is one page of requests; Next is set when more follow.
type Page struct {
	Requests []Request
	Next     *Key
}
