package database

import (
	"strconv"

	"github.com/orders-api/orders-api/internal/order"
)

// Re-integration internals exported to TestRequestPlans.
var (
	RequestsQuery    = requestsQuery
	LeaseSQL         = pgLeaseSQL
	RequeueSQL       = pgRequeueSQL
	GiveUpSQL        = pgGiveUpSQL
	LockAnsweredSQL  = pgLockAnsweredSQL
	OpenRequestSQL   = openRequestSQL
	GetRequestSQL    = getRequestSQL
	ChunkOrdersSQL   = chunkOrdersSQL
	OrdersInStoreSQL = ordersInStoreSQL
	OrdersByIDSQL    = ordersByIDSQL
)

// BulkCountQuery is the dry run's statement for f (with f.System).
func BulkCountQuery(storeID string, f order.OrderFilter) (string, []any) {
	text, args := selection(storeID, f)
	args = append(args, *f.System)
	return `SELECT count(*), count(r.id) FROM (` + text + `) m
		LEFT JOIN integration_requests r ON r.order_id = m.id AND r.system = $` + strconv.Itoa(len(args)) +
		` AND r.state IN ('queued', 'leased')`, args
}

// The SQLite statements of re-integration, for TestSQLiteRequestPlans.
var (
	SQLitePickLeaseSQL    = sqlitePickLeaseSQL
	SQLiteRequeueSQL      = sqliteRequeueSQL
	SQLiteGiveUpSQL       = sqliteGiveUpSQL
	SQLiteLockAnsweredSQL = sqliteLockAnsweredSQL
	SQLiteOrdersByIDSQL   = sqliteOrdersByIDSQL
)
