package main

import (
	"io"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/orders-api/orders-api/internal/testdb"
)

// TestSeedStatisticsColumns seeds a small data set with COPY and checks
// what the statistics read against the history itself: each state's
// first_success_at is its earliest success, and the states' counts
// (integration_state_counts) are the states by status.
func TestSeedStatisticsColumns(t *testing.T) {
	t.Parallel()
	url := testdb.New(t)
	d := generate(200, 2_000, time.Now().UTC(), 7)
	if err := seedTables(t.Context(), url, d, io.Discard); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	var wrongFirst, wrongCounts, withFirst int
	err = conn.QueryRow(t.Context(), `SELECT
		(SELECT count(*) FROM order_integrations s LEFT JOIN (
			SELECT order_id, system, min(occurred_at) AS at FROM integration_attempts
			WHERE status = 'success' GROUP BY order_id, system) f USING (order_id, system)
		WHERE s.first_success_at IS DISTINCT FROM f.at),
		(SELECT count(*) FROM (
			SELECT store_id, system, status, count(*) AS n FROM order_integrations GROUP BY 1, 2, 3) s
			FULL JOIN (SELECT store_id, system, status, sum(n) AS n FROM integration_state_counts
				GROUP BY 1, 2, 3) c USING (store_id, system, status)
		WHERE s.n IS DISTINCT FROM c.n),
		(SELECT count(*) FROM order_integrations WHERE first_success_at IS NOT NULL)`).
		Scan(&wrongFirst, &wrongCounts, &withFirst)
	if err != nil {
		t.Fatal(err)
	}
	if wrongFirst != 0 || wrongCounts != 0 || withFirst == 0 {
		t.Errorf("%d states with a wrong first_success_at, %d wrong counts, %d with a first success",
			wrongFirst, wrongCounts, withFirst)
	}
}
