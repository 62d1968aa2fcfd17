package order

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"
)

// AttemptStatus is the outcome of one integration attempt.
type AttemptStatus string

// Attempt statuses, with the labels the admin panel shows.
const (
	AttemptPending AttemptStatus = "pending" // Pendente
	AttemptSuccess AttemptStatus = "success" // Concluído
	AttemptError   AttemptStatus = "error"   // Erro
)

// Valid reports whether s is a known attempt status.
func (s AttemptStatus) Valid() bool {
	return s == AttemptPending || s == AttemptSuccess || s == AttemptError
}

// Attempt is one record of an order's integration history: one try to send
// the order to an external system. History is append-only.
type Attempt struct {
	ID         uuid.UUID
	StoreID    string
	OrderID    uuid.UUID
	System     string
	Status     AttemptStatus
	Action     *string
	Message    string
	ErrorCode  *string
	ExternalID *string
	OccurredAt time.Time
	RecordedAt time.Time
	Details    json.RawMessage // a compact JSON object, or nil
	// RequestID is the re-integration request this attempt answers, or nil.
	RequestID *uuid.UUID

	// Seq is the position in which storage recorded the attempt: of two
	// attempts of one order, the one recorded last has the larger Seq. It
	// breaks ties of OccurredAt and is not part of the public contract.
	Seq int64
}

// NewAttempt is what a client may give to record an attempt.
type NewAttempt struct {
	OrderID    uuid.UUID
	System     string
	Status     AttemptStatus
	Action     *string
	Message    string
	ErrorCode  *string
	ExternalID *string
	OccurredAt *time.Time
	// Details is a JSON object in its compact form (compact UTF-8 JSON
	// without HTML escaping, the fewest escapes in strings), or nil: the
	// form in which it is measured and stored, as is. The HTTP layer parses
	// the body once and hands details so.
	Details   json.RawMessage
	RequestID *uuid.UUID // the re-integration request it answers, if any
}
