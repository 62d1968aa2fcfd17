package database

import "github.com/orders-api/orders-api/internal/database/pgstore"

// Statements are the texts of the statements that the service sends to
// PostgreSQL for the workloads of SPEC 8, which the benchmark's yardstick
// (cmd/orders-bench) runs itself (see pgstore.Statements).
type Statements = pgstore.Statements

// PostgresStatements returns the statements as the service sends them to
// PostgreSQL, byte for byte.
func PostgresStatements() Statements { return pgstore.PostgresStatements() }
