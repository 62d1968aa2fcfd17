package database

import (
	"github.com/orders-api/orders-api/internal/database/pgstore"
	"github.com/orders-api/orders-api/internal/database/sqldb"
	"github.com/orders-api/orders-api/internal/database/sqlitestore"
)

// Re-integration internals exported to TestRequestPlans.
var (
	RequestsQuery    = sqldb.RequestsQuery
	LeaseSQL         = pgstore.PostgresRequestStatements().Lease
	RequeueSQL       = pgstore.PostgresRequestStatements().Requeue
	GiveUpSQL        = pgstore.PostgresRequestStatements().GiveUp
	LockAnsweredSQL  = pgstore.PostgresRequestStatements().LockAnswered
	OpenRequestSQL   = sqldb.OpenRequestSQL()
	GetRequestSQL    = sqldb.GetRequestSQL()
	ChunkOrdersSQL   = sqldb.ChunkOrdersSQL
	OrdersInStoreSQL = pgstore.PostgresRequestStatements().OrdersInStore
	OrdersByIDSQL    = pgstore.PostgresRequestStatements().OrdersByID

	// BulkCountQuery is the dry run's statement for f (with f.System).
	BulkCountQuery = sqldb.CountBulkQuery
)

// The SQLite statements of re-integration, for TestSQLiteRequestPlans.
var (
	SQLitePickLeaseSQL    = sqlitestore.SQLiteRequestStatements().PickLease
	SQLiteRequeueSQL      = sqlitestore.SQLiteRequestStatements().Requeue
	SQLiteGiveUpSQL       = sqlitestore.SQLiteRequestStatements().GiveUp
	SQLiteLockAnsweredSQL = sqlitestore.SQLiteRequestStatements().LockAnswered
	SQLiteOrdersByIDSQL   = sqlitestore.SQLiteRequestStatements().OrdersByID
)
