package database_test

import (
	"context"
	"maps"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/database"
	"github.com/orders-api/orders-api/internal/testdb"
)

// TestSQLitePlans checks the plans of the list queries, of the reads of
// RecordAttempts and of retention, on SQLite: each walks an index in the
// order of its page (no scan of a table, no sort of a result), so that a
// page costs the same at any table size. The fixed statistics of the migration make the plans
// the same on an empty database as on a full one. Run with -v to see them.
func TestSQLitePlans(t *testing.T) {
	testdb.RequireSQLite(t, "SQLite's query plans (TestListPlans checks PostgreSQL's)")
	t.Parallel()
	_, url := openURL(t)
	raw := rawDB(t, url)
	some := uuid.Must(uuid.NewV7())
	queries := listQueries(some)
	ids := `["` + some.String() + `"]`
	queries["states of orders"] = sqlQuery{database.SQLiteStatesSQL, []any{"big", ids}}
	queries["lock orders"] = sqlQuery{database.SQLiteLockOrdersSQL, []any{"big", ids}}
	maps.Copy(queries, retentionQueries())
	del := queries["retention delete batch"]
	queries["retention delete batch"] = sqlQuery{database.SQLiteDeleteOldSQL, del.args}
	want := map[string]string{ // the index some queries must use
		"history of an order (W2)": "integration_attempts_order_idx",
		"orders error (W3)":        "orders_integration_placed_idx",
		"orders error next page":   "orders_integration_placed_idx",
		"states of orders":         "sqlite_autoindex_order_integrations_1",
		"lock orders":              "sqlite_autoindex_orders_1",
	}
	tables := map[string]bool{"orders": true, "o": true, "order_integrations": true, "oi": true,
		"integration_attempts": true, "a": true}
	for name, q := range queries {
		t.Run(name, func(t *testing.T) {
			plan := sqlitePlan(t, raw, q)
			t.Logf("%s\n%s", q.text, plan)
			for _, line := range strings.Split(plan, "\n") {
				if f := strings.Fields(line); len(f) == 2 && f[0] == "SCAN" && tables[f[1]] { // not USING an index
					t.Errorf("a scan of a table: %s", line)
				}
			}
			if strings.Contains(plan, "TEMP B-TREE") && name != "lock orders" { // lock orders sorts its few ids
				t.Error("the result is sorted instead of read in index order")
			}
			if idx := want[name]; idx != "" && !strings.Contains(plan, "INDEX "+idx+" ") {
				t.Errorf("the plan does not use %s", idx)
			}
		})
	}
}

// sqlitePlan returns the lines of EXPLAIN QUERY PLAN of q.
func sqlitePlan(t *testing.T, raw rawQueries, q sqlQuery) string {
	t.Helper()
	rows, err := raw.db.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+q.text, q.args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}
