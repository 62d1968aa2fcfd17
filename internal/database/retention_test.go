package database_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/orders-api/orders-api/internal/database"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/testdb"
)

// retentionSeed stores, in two stores, orders whose histories straddle
// cutoff: some attempts before it, some after, and orders whose every
// attempt (so whose state) is before it. It returns the stores and the
// number of attempts before the cutoff in each.
func retentionSeed(t *testing.T, s order.Store, cutoff time.Time) (stores []string, old map[string]int64) {
	t.Helper()
	old = map[string]int64{}
	for range 2 {
		store := newStoreID()
		stores = append(stores, store)
		for i := range 5 {
			o := createOrder(t, s, store, "R"+string(rune('0'+i)), cutoff.Add(-600*24*time.Hour))
			var batch []*order.Attempt
			for j := range 4 {
				when := cutoff.Add(-time.Duration(100+j) * 24 * time.Hour) // before the cutoff
				if i%2 == 0 && j >= 2 {
					when = cutoff.Add(time.Duration(j) * time.Hour) // after it
				} else {
					old[store]++
				}
				status := []order.AttemptStatus{order.AttemptError, order.AttemptPending, order.AttemptSuccess}[(i+j)%3]
				batch = append(batch, newAttempt(o, []string{"bling", "tiny"}[j%2], status, when))
			}
			record(t, s, store, batch...)
		}
	}
	slices.Sort(stores)
	return stores, old
}

// snapshot returns the orders and their states as stored, as JSON text.
func snapshot(t *testing.T, conn *pgx.Conn) string {
	t.Helper()
	var out string
	err := conn.QueryRow(context.Background(), `SELECT
		(SELECT json_agg(o ORDER BY o.id)::text FROM orders o) || (SELECT json_agg(s ORDER BY s.order_id, s.system)::text
		FROM order_integrations s)`).Scan(&out)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// attemptCounts returns how many attempts occurred before and since cutoff.
func attemptCounts(t *testing.T, conn *pgx.Conn, cutoff time.Time) (before, since int64) {
	t.Helper()
	err := conn.QueryRow(context.Background(), `SELECT count(*) FILTER (WHERE occurred_at < $1),
		count(*) FILTER (WHERE occurred_at >= $1) FROM integration_attempts`, cutoff).Scan(&before, &since)
	if err != nil {
		t.Fatal(err)
	}
	return before, since
}

func TestRetentionDeletesOldAttemptsOnly(t *testing.T) {
	t.Parallel()
	testdb.RequirePostgres(t, "checks the tables with PostgreSQL's SQL (json_agg); TestSQLiteRetention covers SQLite")
	db, url := openURL(t)
	conn := rawConn(t, url)
	ctx := context.Background()
	cutoff := base.Add(-400 * 24 * time.Hour)
	stores, old := retentionSeed(t, db.Orders(), cutoff)
	summaries := snapshot(t, conn)
	_, recent := attemptCounts(t, conn, cutoff)

	got, err := db.AttemptStores(ctx)
	if err != nil || !slices.Equal(got, stores) {
		t.Fatalf("AttemptStores = %v, %v; want %v", got, err, stores)
	}
	for _, store := range stores { // the dry run's count
		n, err := db.CountAttemptsBefore(ctx, store, cutoff)
		if err != nil || n != old[store] {
			t.Errorf("CountAttemptsBefore(%s) = %d, %v; want %d", store, n, err, old[store])
		}
	}
	if before, _ := attemptCounts(t, conn, cutoff); before != old[stores[0]]+old[stores[1]] {
		t.Fatalf("counting deleted something: %d attempts before the cutoff", before)
	}

	for _, store := range stores {
		var total int64
		for range 20 { // batches of 3 until a short one
			n, err := db.DeleteAttemptsBefore(ctx, store, cutoff, 3)
			if err != nil {
				t.Fatal(err)
			}
			total += n
			if n < 3 {
				break
			}
		}
		if total != old[store] {
			t.Errorf("store %s: deleted %d attempts, want %d", store, total, old[store])
		}
	}
	before, since := attemptCounts(t, conn, cutoff)
	if before != 0 || since != recent {
		t.Errorf("after retention: %d attempts before the cutoff (want 0), %d since (want %d)", before, since, recent)
	}
	if after := snapshot(t, conn); after != summaries {
		t.Errorf("retention changed orders or states:\nbefore %s\nafter  %s", summaries, after)
	}
}

func TestRetentionOnAnEmptyDatabase(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	stores, err := db.AttemptStores(context.Background())
	if err != nil || len(stores) != 0 {
		t.Fatalf("AttemptStores = %v, %v; want none", stores, err)
	}
	n, err := db.DeleteAttemptsBefore(context.Background(), "nobody", base, 10)
	if err != nil || n != 0 {
		t.Fatalf("DeleteAttemptsBefore = %d, %v; want 0", n, err)
	}
}

// retentionQueries are the retention statements that must walk an index,
// for TestListPlans. The dry run's count is not one of them: counting most
// of a store, a sequential scan is the right plan.
func retentionQueries() map[string]sqlQuery {
	cutoff := time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	return map[string]sqlQuery{
		"retention stores":       {database.AttemptStoresSQL, nil},
		"retention delete batch": {database.DeleteOldAttemptsSQL, []any{"big", cutoff, 5000}},
	}
}
