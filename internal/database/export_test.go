package database

// Internals exported to the tests of package database_test.
var (
	Classify      = classify
	OrdersQuery   = ordersQuery
	AttemptsQuery = attemptsQuery
)
