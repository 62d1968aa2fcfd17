package pgstore

import (
	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/database/sqldb"
	"github.com/orders-api/orders-api/internal/order"
)

// Statements are the texts of the statements that the service sends to
// PostgreSQL for the workloads of SPEC 8. The benchmark's yardstick
// (cmd/orders-bench) runs these texts itself with pgx and checks them
// against what the service's connections run, so it takes them from here
// rather than from a copy that could drift.
type Statements struct {
	// OrderHistory is one order's attempts, newest first (Attempts with an
	// order id): $1 store, $2 order, $3 limit.
	OrderHistory string
	// OrdersByIntegration is a first page of the orders in one integration
	// status, newest placed first (Orders): $1 store, $2 status, $3 limit.
	// OrdersByIntegrationAfter is a next page: $3 and $4 the placed_at and
	// id it starts after, $5 limit.
	OrdersByIntegration, OrdersByIntegrationAfter string
	// OrdersByIntegrationLean and OrdersByIntegrationLeanAfter are the
	// same pages with W3-lean's sparse fields (LeanFields): the columns of
	// those fields alone, without items; the same arguments.
	OrdersByIntegrationLean, OrdersByIntegrationLeanAfter string
	// States reads the states of a list of orders: $1 store, $2 order ids.
	States string
	// InsertAttempts, LockOrders, States and WriteStates are RecordAttempts,
	// in that order (see orderStore.RecordAttempts).
	InsertAttempts, LockOrders, WriteStates string
	// IdempotencyLock, IdempotencyRead and IdempotencySave are an
	// Idempotency-Key's lock, stored outcome and new outcome.
	IdempotencyLock, IdempotencyRead, IdempotencySave string
	// Lease, LeasedOrders, LockAnswered and Answer are W4's (SPEC 9): a
	// lease (RequestStore.Lease, then LeasedOrders and States), and an
	// answer's lock of its request and its update, around RecordAttempts.
	Lease, LeasedOrders, LockAnswered, Answer string
}

// LeanFields are W3-lean's sparse fields (SPEC 8), the order list
// screen's: number, status, customer, total_cents, placed_at, integration.
const LeanFields = order.Fields(order.FieldNumber | order.FieldStatus | order.FieldCustomer |
	order.FieldTotalCents | order.FieldPlacedAt | order.FieldIntegration)

// PostgresStatements returns the statements as the service sends them to
// PostgreSQL, byte for byte.
func PostgresStatements() Statements {
	id, status := uuid.UUID{}, order.IntegrationError
	history, _ := sqldb.AttemptsQuery("", order.AttemptFilter{OrderID: &id})
	byStatus := order.OrderFilter{IntegrationStatus: &status}
	first, _ := sqldb.OrdersQuery("", byStatus)
	byStatus.After = &order.OrderKey{}
	next, _ := sqldb.OrdersQuery("", byStatus)
	byStatus.Fields = LeanFields
	leanNext, _ := sqldb.OrdersQuery("", byStatus)
	byStatus.After = nil
	leanFirst, _ := sqldb.OrdersQuery("", byStatus)
	return Statements{
		OrderHistory: history, OrdersByIntegration: first, OrdersByIntegrationAfter: next,
		OrdersByIntegrationLean: leanFirst, OrdersByIntegrationLeanAfter: leanNext,
		States:         statesSQL,
		InsertAttempts: insertAttemptsSQL, LockOrders: lockOrdersSQL, WriteStates: writeStatesSQL,
		IdempotencyLock: LockKeySQL, IdempotencyRead: sqldb.ResponseSQL, IdempotencySave: sqldb.SaveResponseSQL,
		Lease: leaseSQL, LeasedOrders: ordersByIDSQL, LockAnswered: lockAnsweredSQL, Answer: sqldb.AnswerSQL,
	}
}

// RequestStatements are the re-integration statements that PostgreSQL
// says its own way, for the tests of their plans.
type RequestStatements struct {
	Lease, Requeue, GiveUp, LockAnswered, OrdersInStore, OrdersByID string
}

// PostgresRequestStatements returns them as the store sends them.
func PostgresRequestStatements() RequestStatements {
	return RequestStatements{Lease: leaseSQL, Requeue: requeueSQL, GiveUp: giveUpSQL, LockAnswered: lockAnsweredSQL,
		OrdersInStore: ordersInStoreSQL, OrdersByID: ordersByIDSQL}
}
