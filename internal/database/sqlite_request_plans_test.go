package database_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/database"
	"github.com/orders-api/orders-api/internal/testdb"
)

// TestSQLiteRequestPlans checks re-integration's statements on SQLite, as
// TestRequestPlans does on PostgreSQL: none scans a table without an
// index; the lease walks the lease index.
func TestSQLiteRequestPlans(t *testing.T) {
	testdb.RequireSQLite(t, "SQLite's plans of re-integration (TestRequestPlans checks PostgreSQL's)")
	t.Parallel()
	_, url := openURL(t)
	raw := rawDB(t, url)
	some := uuid.Must(uuid.NewV7())
	now := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC).Format("2006-01-02T15:04:05.000000Z")
	queries := requestQueries(some, some)
	ids := `["` + some.String() + `"]`
	for _, name := range []string{"lease", "requeue (sweep)", "give up (sweep)", "answer lock", "orders in store",
		"orders of leases"} {
		delete(queries, name)
	}
	queries["lease pick"] = sqlQuery{database.SQLitePickLeaseSQL, []any{"big", "bling", now, 10, 5}}
	queries["requeue (sweep)"] = sqlQuery{database.SQLiteRequeueSQL, []any{now, 5, 100}}
	queries["give up (sweep)"] = sqlQuery{database.SQLiteGiveUpSQL, []any{now, 5, now, 100}}
	queries["answer lock"] = sqlQuery{database.SQLiteLockAnsweredSQL, []any{"big", ids}}
	queries["orders of leases"] = sqlQuery{database.SQLiteOrdersByIDSQL, []any{"big", ids}}
	tables := map[string]bool{"orders": true, "o": true, "order_integrations": true, "oi": true,
		"integration_attempts": true, "integration_requests": true, "r": true, "bulk_jobs": true}
	for name, q := range queries {
		t.Run(name, func(t *testing.T) {
			plan := sqlitePlan(t, raw, q)
			t.Logf("%s\n%s", q.text, plan)
			for _, line := range strings.Split(plan, "\n") {
				if f := strings.Fields(line); len(f) == 2 && f[0] == "SCAN" && tables[f[1]] {
					t.Errorf("a scan of a table: %s", line)
				}
			}
			if name == "lease pick" && !strings.Contains(plan, "integration_requests_lease_idx") {
				t.Errorf("the lease does not walk integration_requests_lease_idx")
			}
		})
	}
}
