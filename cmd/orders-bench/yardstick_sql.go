package main

import "github.com/orders-api/orders-api/internal/database"

// serviceSQL is the statements the service issues for each workload, taken
// from internal/database, so that the yardstick runs them byte for byte
// (pgx prepares each distinct text once per connection, so identical texts
// get identical plans and costs). Every run checks them: it samples
// pg_stat_activity while the service is under load and reports any
// statement the service sent that the yardstick did not, and the reverse
// (see activity.go).
var serviceSQL = database.PostgresStatements()
