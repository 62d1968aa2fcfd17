package database

// Internals exported to the tests of package database_test.
var (
	Classify      = classify
	OrdersQuery   = ordersQuery
	AttemptsQuery = attemptsQuery

	// The statements of TestListPlans besides the lists.
	StatesSQL            = statesSQL
	OrderExistsSQL       = orderExistsSQL
	AttemptStoresSQL     = attemptStoresSQL
	DeleteOldAttemptsSQL = deleteOldAttemptsSQL
)
