package database

import "github.com/orders-api/orders-api/internal/database/sqlitestore"

// The SQLite statements exported to the tests of package database_test.
var (
	SQLiteStatesSQL     = sqlitestore.StatesSQL()
	SQLiteLockOrdersSQL = sqlitestore.LockOrdersSQL()
	SQLiteDeleteOldSQL  = sqlitestore.DeleteOldAttemptsSQL
)
