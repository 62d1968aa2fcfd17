package request

import (
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/order"
)

// The actions and error codes of the attempts that requests record.
const (
	ActionRequested = "reintegration.requested"
	ActionAbandoned = "reintegration.abandoned"

	CodeMaxDeliveries = "reintegration.max_deliveries"
	CodeExpired       = "reintegration.expired"
)

// Cause is why a request was given up.
type Cause string

// Causes of giving up (SPEC 9.2).
const (
	MaxDeliveries Cause = CodeMaxDeliveries // its last allowed lease ended unanswered
	Expired       Cause = CodeExpired       // REQUEST_TTL passed before a lease
)

// requestedAttempt is the pending attempt that records asking r.
func requestedAttempt(r Request) *order.Attempt {
	msg := "Reenvio solicitado"
	if r.Reason != nil && *r.Reason != "" {
		msg += ": " + *r.Reason
	}
	action := ActionRequested
	id := r.ID
	return &order.Attempt{
		ID: uuid.Must(uuid.NewV7()), StoreID: r.StoreID, OrderID: r.OrderID, System: r.System,
		Status: order.AttemptPending, Action: &action, Message: msg,
		OccurredAt: r.CreatedAt, RecordedAt: r.CreatedAt, RequestID: &id,
	}
}

// AbandonedAttempt is the error attempt recorded when r is given up at now
// for cause; storage records it in the transaction that fails r.
func AbandonedAttempt(r Request, cause Cause, maxDeliveries int, now time.Time) *order.Attempt {
	action, code := ActionAbandoned, string(cause)
	msg := "Reenvio abandonado: nenhum conector respondeu dentro do prazo"
	if cause == MaxDeliveries {
		msg = "Reenvio abandonado: o conector recebeu o pedido " + strconv.Itoa(maxDeliveries) +
			" vezes sem responder"
	}
	id := r.ID
	return &order.Attempt{
		ID: uuid.Must(uuid.NewV7()), StoreID: r.StoreID, OrderID: r.OrderID, System: r.System,
		Status: order.AttemptError, Action: &action, Message: msg, ErrorCode: &code,
		OccurredAt: now, RecordedAt: now, RequestID: &id,
	}
}

// Answers reports whether an attempt of status answers an open request.
func Answers(status order.AttemptStatus) bool {
	return status == order.AttemptSuccess || status == order.AttemptError
}
