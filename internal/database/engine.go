package database

// isSQLite reports whether db is on the embedded SQLite file rather than
// PostgreSQL: the one place where the code of SPEC 10 (statistics, export,
// events, first successes) picks its engine's statements.
func (db *DB) isSQLite() bool { return db.readers != nil }
