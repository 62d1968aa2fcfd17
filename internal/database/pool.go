package database

import "database/sql"

// Pool returns the connection pool under GORM, for its statistics (the
// metrics of the pool). Statements go through the stores, never through it.
func (db *DB) Pool() *sql.DB { return db.sql }
