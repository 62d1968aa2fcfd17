package database_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/orders-api/orders-api/internal/database"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/testdb"
)

// seedLarge fills store "big" with 45,000 orders and 270,000 attempts (and
// another store with the rest of 50,000 / 300,000), their states and
// summaries, then analyzes the tables. The secondary indexes are dropped
// for the load and made again from their own definitions, which is twice as
// fast as maintaining them row by row.
const seedLarge = `
SET maintenance_work_mem = '256MB';
SET synchronous_commit = off;
CREATE TEMP TABLE index_defs AS SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def
FROM pg_index WHERE indrelid IN ('orders'::regclass, 'order_integrations'::regclass, 'integration_attempts'::regclass)
	AND NOT indisprimary AND NOT indisunique;
DO $$ DECLARE d record; BEGIN FOR d IN SELECT * FROM index_defs LOOP EXECUTE 'DROP INDEX ' || d.name; END LOOP; END $$;

INSERT INTO orders (id, store_id, number, status, customer_name, currency, total_cents, items,
	placed_at, created_at, updated_at)
SELECT gen_random_uuid(), CASE WHEN i % 10 = 0 THEN 'other' ELSE 'big' END, 'N' || i,
	(ARRAY['pending','paid','invoiced','shipped','delivered','canceled'])[1 + i % 6], 'Ana', 'BRL', 1000, '[]',
	timestamptz '2026-01-01' + i * interval '1 minute', timestamptz '2026-01-01' + i * interval '1 minute',
	timestamptz '2026-03-01' + (i * 7919 % 50000) * interval '1 minute'
FROM generate_series(1, 50000) i;

INSERT INTO integration_attempts (id, store_id, order_id, system, status, message, error_code, occurred_at, recorded_at)
SELECT gen_random_uuid(), o.store_id, o.id, (ARRAY['bling','tiny','omie','sap'])[1 + (abs(hashtext(o.number)) + g * g) % 4],
	(ARRAY['success','success','error','pending'])[1 + (abs(hashtext(o.number || g)) % 4)], 'message',
	CASE WHEN g = 3 THEN 'customer.document_missing' END, o.placed_at + g * interval '1 minute', now()
FROM orders o, generate_series(1, 6) g;

INSERT INTO order_integrations (order_id, system, store_id, status, message, error_code, last_attempt_at,
	last_seq, attempts, placed_at)
SELECT DISTINCT ON (a.order_id, a.system) a.order_id, a.system, a.store_id, a.status, a.message, a.error_code,
	a.occurred_at, a.seq, count(*) OVER (PARTITION BY a.order_id, a.system), o.placed_at
FROM integration_attempts a JOIN orders o ON o.id = a.order_id
ORDER BY a.order_id, a.system, a.occurred_at DESC, a.seq DESC;

UPDATE orders o SET integration_status = s.status, last_attempt_at = s.last
FROM (SELECT order_id, CASE WHEN bool_or(status = 'error') THEN 'error' WHEN bool_or(status = 'pending') THEN 'pending'
	ELSE 'success' END AS status, max(last_attempt_at) AS last FROM order_integrations GROUP BY order_id) s
WHERE o.id = s.order_id;

DO $$ DECLARE d record; BEGIN FOR d IN SELECT * FROM index_defs LOOP EXECUTE d.def; END LOOP; END $$;
ANALYZE;`

// TestListPlans checks on a seeded database that no query the service
// issues to list or to read a page's summaries needs a sequential scan of
// orders, order_integrations or integration_attempts: GET /orders with each
// filter and each sort, first and next pages; one order's history and the
// store-wide history with each filter; the states of a page; the 404 probe
// of a history; and the retention statements. Each is checked with the
// custom plan and with the generic plan of a prepared statement. Run with
// -v to see the plans.
func TestListPlans(t *testing.T) {
	testdb.RequirePostgres(t, "checks PostgreSQL's EXPLAIN plans (TestSQLitePlans checks SQLite's)")
	if testing.Short() {
		t.Skip("seeds 300,000 attempts")
	}
	t.Parallel()
	_, url := openURL(t)
	conn := rawConn(t, url)
	ctx := context.Background()
	start := time.Now()
	if _, err := conn.Exec(ctx, seedLarge); err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded in %v", time.Since(start).Round(time.Millisecond))
	var some uuid.UUID
	if err := conn.QueryRow(ctx, "SELECT id FROM orders WHERE store_id = 'big' ORDER BY number LIMIT 1").Scan(&some); err != nil {
		t.Fatal(err)
	}
	queries := listQueries(some)
	maps.Copy(queries, pageQueries(t, conn, some))
	maps.Copy(queries, retentionQueries())
	for _, name := range slices.Sorted(maps.Keys(queries)) {
		q := queries[name]
		t.Run(name, func(t *testing.T) {
			for _, generic := range []bool{false, true} {
				plan := explainRolledBack(t, conn, q.text, q.args, generic)
				t.Logf("generic %v: %s\n%s", generic, q.text, plan)
				for _, table := range []string{"orders", "order_integrations", "integration_attempts"} {
					if strings.Contains(plan, "Seq Scan on "+table) {
						t.Errorf("generic %v: sequential scan of %s", generic, table)
					}
				}
			}
		})
	}
}

type sqlQuery struct {
	text string
	args []any
}

// listQueries returns the list queries to check, by name: GET /orders with
// each filter and sort (and a next page), the history of an order and the
// store-wide history with each filter (and a next page).
func listQueries(some uuid.UUID) map[string]sqlQuery {
	is := func(v order.IntegrationStatus) *order.IntegrationStatus { return &v }
	st := func(v order.AttemptStatus) *order.AttemptStatus { return &v }
	mid := &order.OrderKey{Time: time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), ID: some}
	midUpdated := &order.OrderKey{Time: time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC), ID: some}
	orders := map[string]order.OrderFilter{
		"orders default":               {},
		"orders error (W3)":            {IntegrationStatus: is(order.IntegrationError)},
		"orders error next page (W3)":  {IntegrationStatus: is(order.IntegrationError), After: mid},
		"orders pending":               {IntegrationStatus: is(order.IntegrationPending)},
		"orders none":                  {IntegrationStatus: is(order.IntegrationNone), After: mid},
		"orders status":                {Status: ptr(order.StatusPaid), After: mid},
		"orders updated":               {Sort: order.SortUpdatedDesc, After: midUpdated},
		"orders updated asc":           {Sort: order.SortUpdatedAsc},
		"orders updated asc next page": {Sort: order.SortUpdatedAsc, After: midUpdated},
		"orders placed asc":            {Sort: order.SortPlacedAsc},
		"orders placed asc next page":  {Sort: order.SortPlacedAsc, After: mid},
		"orders updated after":         {UpdatedAfter: ptr(time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC))},
		"orders updated after by updated": {UpdatedAfter: ptr(time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)),
			Sort: order.SortUpdatedAsc},
		"orders number":             {Number: ptr("N123")},
		"orders number by updated":  {Number: ptr("N123"), Sort: order.SortUpdatedDesc},
		"orders system":             {System: ptr("bling"), After: mid},
		"orders system error":       {System: ptr("bling"), IntegrationStatus: is(order.IntegrationError)},
		"orders system none":        {System: ptr("bling"), IntegrationStatus: is(order.IntegrationNone)},
		"orders system updated":     {System: ptr("sap"), Sort: order.SortUpdatedAsc},
		"orders system error asc":   {System: ptr("tiny"), IntegrationStatus: is(order.IntegrationError), Sort: order.SortPlacedAsc},
		"orders system none window": {System: ptr("omie"), IntegrationStatus: is(order.IntegrationNone), PlacedBefore: &mid.Time},
		"orders system error by updated": {System: ptr("tiny"), IntegrationStatus: is(order.IntegrationError),
			Sort: order.SortUpdatedDesc, After: midUpdated},
		"orders placed window":         {PlacedAfter: ptr(time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)), PlacedBefore: &mid.Time},
		"orders placed after asc":      {PlacedAfter: ptr(time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)), Sort: order.SortPlacedAsc},
		"orders status and error desc": {Status: ptr(order.StatusCanceled), IntegrationStatus: is(order.IntegrationError)},
		"orders error by updated":      {IntegrationStatus: is(order.IntegrationError), Sort: order.SortUpdatedDesc},
		"orders status by updated asc": {Status: ptr(order.StatusShipped), Sort: order.SortUpdatedAsc, After: midUpdated},
	}
	next := &order.AttemptKey{OccurredAt: mid.Time, Seq: 1 << 40}
	attempts := map[string]order.AttemptFilter{
		"history of an order (W2)":  {OrderID: &some},
		"history next page":         {OrderID: &some, After: next},
		"history system":            {OrderID: &some, System: ptr("bling")},
		"history status":            {OrderID: &some, Status: st(order.AttemptError)},
		"history error code":        {OrderID: &some, ErrorCode: ptr("customer.document_missing")},
		"history window":            {OrderID: &some, OccurredAfter: ptr(mid.Time.Add(-time.Hour)), OccurredBefore: &mid.Time},
		"attempts all":              {},
		"attempts next page":        {After: next},
		"attempts system":           {System: ptr("sap")},
		"attempts system next page": {System: ptr("sap"), After: next},
		"attempts system errors":    {System: ptr("bling"), Status: st(order.AttemptError), OccurredAfter: &mid.Time},
		"attempts status":           {Status: st(order.AttemptPending), After: next},
		"attempts error code":       {ErrorCode: ptr("customer.document_missing")},
		"attempts error code next":  {ErrorCode: ptr("customer.document_missing"), After: next},
		"attempts occurred after":   {OccurredAfter: &mid.Time},
		"attempts occurred before":  {OccurredBefore: &mid.Time},
		"attempts system code window": {System: ptr("tiny"), ErrorCode: ptr("customer.document_missing"),
			OccurredAfter: ptr(mid.Time.Add(-24 * time.Hour)), OccurredBefore: &mid.Time},
	}
	out := map[string]sqlQuery{}
	for name, f := range orders {
		if f.Sort == "" {
			f.Sort = order.SortPlacedDesc
		}
		f.Limit = 50
		text, args := database.OrdersQuery("big", f)
		out[name] = sqlQuery{text, args}
	}
	for name, f := range attempts {
		f.Limit = 50
		text, args := database.AttemptsQuery("big", f)
		out[name] = sqlQuery{text, args}
	}
	return out
}

// pageQueries returns the reads around a list: the states of a page of 51
// orders, and the existence probe of an empty history.
func pageQueries(t *testing.T, conn *pgx.Conn, some uuid.UUID) map[string]sqlQuery {
	t.Helper()
	rows, err := conn.Query(context.Background(),
		"SELECT id FROM orders WHERE store_id = 'big' AND integration_status = 'error' ORDER BY placed_at DESC LIMIT 51")
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
	if err != nil {
		t.Fatal(err)
	}
	return map[string]sqlQuery{
		"states of a page (W3)": {database.StatesSQL, []any{"big", ids}},
		"order exists (404)":    {database.OrderExistsSQL, []any{"big", some}},
	}
}

// explainRolledBack is explain in a transaction that is rolled back, so
// that EXPLAIN ANALYZE of a DELETE deletes nothing.
func explainRolledBack(t *testing.T, conn *pgx.Conn, text string, args []any, generic bool) string {
	t.Helper()
	ctx := context.Background()
	if _, err := conn.Exec(ctx, "BEGIN"); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if _, err := conn.Exec(ctx, "ROLLBACK"); err != nil {
			t.Fatal(err)
		}
	}()
	return explain(t, conn, text, args, generic)
}

// explain returns the plan of text run with args: the custom plan for
// these values, or the generic plan that a prepared statement (as pgx makes
// them) may switch to after five executions.
func explain(t *testing.T, conn *pgx.Conn, text string, args []any, generic bool) string {
	t.Helper()
	ctx := context.Background()
	mode, stmt := "auto", "EXPLAIN (ANALYZE, COSTS OFF) "+text
	if generic {
		name := fmt.Sprintf("p%d", time.Now().UnixNano())
		mode, stmt = "force_generic_plan", "EXPLAIN (ANALYZE, COSTS OFF) EXECUTE "+name
		if len(args) > 0 {
			stmt += "(" + literals(args) + ")"
		}
		if _, err := conn.Exec(ctx, "PREPARE "+name+" AS "+text); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := conn.Exec(ctx, "SET plan_cache_mode = "+mode); err != nil {
		t.Fatal(err)
	}
	if generic {
		args = nil
	}
	rows, err := conn.Query(ctx, stmt, args...)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

// literals returns args as SQL literals, for EXECUTE.
func literals(args []any) string {
	out := make([]string, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case int, int64:
			out[i] = fmt.Sprint(v)
		case time.Time:
			out[i] = "'" + v.Format(time.RFC3339Nano) + "'"
		case []uuid.UUID:
			ids := make([]string, len(v))
			for j, id := range v {
				ids[j] = id.String()
			}
			out[i] = "'{" + strings.Join(ids, ",") + "}'"
		default:
			out[i] = "'" + strings.ReplaceAll(fmt.Sprint(v), "'", "''") + "'"
		}
	}
	return strings.Join(out, ", ")
}
