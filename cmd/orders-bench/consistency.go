package main

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// consistencySQL recomputes every system's state from the history (its
// attempt with the greatest occurred_at, then seq, and the count) and every
// order's summary from the states, and counts what differs from what the
// service stored while under load.
const consistencySQL = `WITH latest AS (
	SELECT DISTINCT ON (order_id, system) order_id, system, status, message, error_code, occurred_at, seq,
		count(*) OVER (PARTITION BY order_id, system) AS n
	FROM integration_attempts ORDER BY order_id, system, occurred_at DESC, seq DESC)
SELECT
	(SELECT count(*) FROM latest),
	(SELECT count(*) FROM order_integrations),
	(SELECT count(*) FROM latest l JOIN order_integrations s USING (order_id, system)
		WHERE s.status <> l.status OR s.message <> l.message OR s.error_code IS DISTINCT FROM l.error_code
			OR s.last_attempt_at <> l.occurred_at OR s.last_seq <> l.seq OR s.attempts <> l.n),
	(SELECT count(*) FROM orders o JOIN (
		SELECT order_id, CASE WHEN bool_or(status = 'error') THEN 'error' WHEN bool_or(status = 'pending') THEN 'pending'
			ELSE 'success' END AS status, max(last_attempt_at) AS last
		FROM order_integrations GROUP BY order_id) x ON x.order_id = o.id
		WHERE o.integration_status <> x.status OR o.last_attempt_at IS DISTINCT FROM x.last)`

// checkConsistency reports whether the states and summaries the service
// wrote under concurrent load are those the history gives.
func checkConsistency(ctx context.Context, dbURL string) (string, bool, error) {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return "", false, err
	}
	defer conn.Close(context.Background())
	var fromHistory, stored, states, summaries int64
	if err := conn.QueryRow(ctx, consistencySQL).Scan(&fromHistory, &stored, &states, &summaries); err != nil {
		return "", false, err
	}
	ok := fromHistory == stored && states == 0 && summaries == 0
	return fmt.Sprintf("after the run, %d states recomputed from the history vs %d stored: %d differ; %d order summaries differ",
		fromHistory, stored, states, summaries), ok, nil
}
