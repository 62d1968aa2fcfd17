package database

// The SQLite statements exported to the tests of package database_test.
const (
	SQLiteStatesSQL     = sqliteStatesSQL
	SQLiteLockOrdersSQL = sqliteLockOrdersSQL
	SQLiteDeleteOldSQL  = sqliteDeleteOldAttemptsSQL
)
