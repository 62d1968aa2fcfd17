package database_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/database"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
	"github.com/orders-api/orders-api/internal/testdb"
)

// seedRequests adds 50,000 integration requests to seedLarge's orders, one
// per order for bling: 1 in 50 queued, 1 in 50 leased, the rest done.
const seedRequests = `
INSERT INTO integration_requests (id, store_id, order_id, system, state, trigger, deliveries, available_at,
	leased_until, attempt_id, created_at, completed_at)
SELECT gen_random_uuid(), o.store_id, o.id, 'bling',
	CASE WHEN o.i % 50 = 0 THEN 'queued' WHEN o.i % 50 = 1 THEN 'leased' ELSE 'done' END, 'manual', 1,
	o.placed_at + interval '5 minutes', CASE WHEN o.i % 50 = 1 THEN o.placed_at + interval '5 minutes' END,
	CASE WHEN o.i % 50 > 1 THEN gen_random_uuid() END, o.placed_at, CASE WHEN o.i % 50 > 1 THEN o.placed_at END
FROM (SELECT id, store_id, placed_at, row_number() OVER (ORDER BY id) AS i FROM orders) o;
ANALYZE integration_requests;`

// TestRequestPlans checks on a seeded database that re-integration's
// statements need no sequential scan of orders, order_integrations,
// integration_attempts or integration_requests: the lease, the request
// lists and reads, the answer's lock, the sweep, a bulk job's dry run
// (the same selection fixes its set) and chunk, and GET /orders with
// error_code. Custom and generic plans; -v shows them.
func TestRequestPlans(t *testing.T) {
	testdb.RequirePostgres(t, "PostgreSQL's EXPLAIN plans of re-integration (TestSQLiteRequestPlans checks SQLite's)")
	if testing.Short() {
		t.Skip("seeds 300,000 attempts")
	}
	t.Parallel()
	_, url := openURL(t)
	conn := rawConn(t, url)
	ctx := context.Background()
	if _, err := conn.Exec(ctx, seedLarge); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, seedRequests); err != nil {
		t.Fatal(err)
	}
	var some, rid uuid.UUID
	if err := conn.QueryRow(ctx, "SELECT order_id, id FROM integration_requests WHERE store_id = 'big' ORDER BY id LIMIT 1").Scan(&some, &rid); err != nil {
		t.Fatal(err)
	}
	queries := requestQueries(some, rid)
	for _, name := range slices.Sorted(maps.Keys(queries)) {
		q := queries[name]
		t.Run(name, func(t *testing.T) {
			if strings.HasPrefix(name, "bulk ") { // as JobStore.walkIndexes sets it
				if _, err := conn.Exec(ctx, "SET enable_seqscan = off"); err != nil {
					t.Fatal(err)
				}
				defer func() { _, _ = conn.Exec(ctx, "RESET enable_seqscan") }()
			}
			for _, generic := range []bool{false, true} {
				plan := explainRolledBack(t, conn, q.text, q.args, generic)
				t.Logf("generic %v: %s\n%s", generic, q.text, plan)
				for _, table := range []string{"orders", "order_integrations", "integration_attempts", "integration_requests"} {
					if strings.Contains(plan, "Seq Scan on "+table) {
						t.Errorf("generic %v: sequential scan of %s", generic, table)
					}
				}
			}
		})
	}
}

// requestQueries returns the statements of TestRequestPlans, by name.
func requestQueries(some, rid uuid.UUID) map[string]sqlQuery {
	now := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	st := func(s request.State) *request.State { return &s }
	is := func(v order.IntegrationStatus) *order.IntegrationStatus { return &v }
	after := &request.Key{CreatedAt: time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), ID: rid}
	lists := map[string]request.Filter{
		"requests all":           {},
		"requests next page":     {After: after},
		"requests of an order":   {OrderID: &some},
		"requests system":        {System: ptr("bling")},
		"requests queued":        {State: st(request.Queued)},
		"requests leased":        {State: st(request.Leased)},
		"requests failed":        {State: st(request.Failed)},
		"requests window":        {CreatedAfter: ptr(now.Add(-24 * time.Hour)), CreatedBefore: &now},
		"requests system failed": {System: ptr("bling"), State: st(request.Failed), After: after},
	}
	out := map[string]sqlQuery{
		"lease":            {database.LeaseSQL, []any{"big", "bling", now, 10, now.Add(5 * time.Minute), "{}", 5}},
		"requeue (sweep)":  {database.RequeueSQL, []any{now, 5, 100}},
		"give up (sweep)":  {database.GiveUpSQL, []any{now, 5, now.Add(-72 * time.Hour), 100}},
		"answer lock":      {database.LockAnsweredSQL, []any{"big", []uuid.UUID{rid}}},
		"open request":     {database.OpenRequestSQL, []any{some, "bling"}},
		"get request":      {database.GetRequestSQL, []any{"big", rid}},
		"job chunk":        {database.ChunkOrdersSQL, []any{uuid.New(), 400, 200}},
		"orders in store":  {database.OrdersInStoreSQL, []any{"big", []uuid.UUID{some}}},
		"orders of leases": {database.OrdersByIDSQL, []any{"big", []uuid.UUID{some}}},
	}
	for name, f := range lists {
		f.Limit = 50
		text, args := database.RequestsQuery("big", f, now)
		out[name] = sqlQuery{text, args}
	}
	code := ptr("customer.document_missing")
	orders := map[string]order.OrderFilter{
		"orders error code":               {ErrorCode: code},
		"orders error code next page":     {ErrorCode: code, After: &order.OrderKey{Time: after.CreatedAt, ID: some}},
		"orders error code and status":    {ErrorCode: code, IntegrationStatus: is(order.IntegrationError)},
		"orders system error code":        {System: ptr("bling"), ErrorCode: code},
		"orders system error code status": {System: ptr("bling"), IntegrationStatus: is(order.IntegrationError), ErrorCode: code},
		"orders error code by updated":    {ErrorCode: code, Sort: order.SortUpdatedDesc},
	}
	for name, f := range orders {
		if f.Sort == "" {
			f.Sort = order.SortPlacedDesc
		}
		f.Limit = 50
		text, args := database.OrdersQuery("big", f)
		out[name] = sqlQuery{text, args}
	}
	bulk := map[string]order.OrderFilter{
		"bulk system":                 {},
		"bulk error":                  {IntegrationStatus: is(order.IntegrationError)},
		"bulk error code":             {IntegrationStatus: is(order.IntegrationError), ErrorCode: code},
		"bulk never sent in a window": {IntegrationStatus: is(order.IntegrationNone), PlacedAfter: ptr(now.Add(-72 * time.Hour)), PlacedBefore: &now},
		"bulk paid error":             {Status: ptr(order.StatusPaid), IntegrationStatus: is(order.IntegrationError)},
	}
	for name, f := range bulk {
		f.System, f.Sort = ptr("bling"), order.SortPlacedDesc
		text, args := database.BulkCountQuery("big", f)
		out[name] = sqlQuery{text, args}
	}
	return out
}
