package sqldb

// Query is an engine's raw query on the connection of one call, scanned into
// rows of T through T's columns: pgstore's (pgx outside a transaction) or
// sqlitestore's (its reader or its writer). The helpers that run the same
// statements on both engines take one, so that each engine's method is a
// line that names its connection.
type Query[T any] func(text string, args ...any) ([]T, error)

// Classify is an engine's error mapping (pgstore.Classify,
// sqlitestore.Classify), which the helpers apply to what they run.
type Classify func(err error, action string) error
