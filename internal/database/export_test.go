package database

import (
	"github.com/orders-api/orders-api/internal/database/pgstore"
	"github.com/orders-api/orders-api/internal/database/sqldb"
)

// Internals exported to the tests of package database_test.
var (
	Classify      = pgstore.Classify
	OrdersQuery   = sqldb.OrdersQuery
	AttemptsQuery = sqldb.AttemptsQuery

	// The statements of TestListPlans besides the lists.
	StatesSQL            = pgstore.StatesSQL()
	OrderExistsSQL       = sqldb.OrderExistsSQL
	AttemptStoresSQL     = sqldb.AttemptStoresSQL
	DeleteOldAttemptsSQL = pgstore.DeleteOldAttemptsSQL
)
