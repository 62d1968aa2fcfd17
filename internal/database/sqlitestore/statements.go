package sqlitestore

// RequestStatements are the re-integration statements of SQLite, for the
// tests of their plans.
type RequestStatements struct {
	PickLease, Requeue, GiveUp, LockAnswered, OrdersByID string
}

// SQLiteRequestStatements returns them as the store sends them.
func SQLiteRequestStatements() RequestStatements {
	return RequestStatements{PickLease: pickLeaseSQL, Requeue: requeueSQL, GiveUp: giveUpSQL,
		LockAnswered: lockAnsweredSQL, OrdersByID: ordersByIDSQL}
}
