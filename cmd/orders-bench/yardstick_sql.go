package main

// The statements the service issues for each workload, copied from
// internal/database byte for byte (pgx prepares each distinct text once per
// connection, so identical texts get identical plans and costs). Every run
// checks them: it samples pg_stat_activity while the service is under load
// and reports any statement the service sent that the yardstick did not,
// and the reverse (see activity.go).
const (
	orderCols = `o.id, o.store_id, o.number, o.status, o.customer_name, o.customer_email,
	o.customer_document, o.currency, o.total_cents, o.items, o.placed_at, o.created_at, o.updated_at,
	o.integration_status, o.last_attempt_at`
	stateCols   = "order_id, system, status, message, error_code, last_attempt_at, last_seq, attempts"
	attemptCols = `id, seq, store_id, order_id, system, status, action, message, error_code,
	external_id, occurred_at, recorded_at, details`

	// W2: one order's history (database.attemptsQuery with an order id).
	historySQL = `SELECT ` + attemptCols + ` FROM integration_attempts WHERE store_id = $1 AND order_id = $2 ORDER BY occurred_at DESC, seq DESC LIMIT $3`

	// W3: a page of failing orders (database.ordersQuery), then their states.
	failingFirstSQL = `SELECT ` + orderCols + ` FROM orders o WHERE o.store_id = $1 AND o.integration_status = $2 ORDER BY o.placed_at DESC, o.id DESC LIMIT $3`
	failingNextSQL  = `SELECT ` + orderCols + ` FROM orders o WHERE o.store_id = $1 AND o.integration_status = $2 AND (o.placed_at, o.id) < ($3, $4) ORDER BY o.placed_at DESC, o.id DESC LIMIT $5`
	statesSQL       = `SELECT ` + stateCols + ` FROM order_integrations WHERE store_id = $1 AND order_id = ANY($2)`

	// W1 and batches: database.RecordAttempts (recordInsertingFirst).
	lockOrdersSQL = `SELECT id, placed_at, integration_status, last_attempt_at FROM orders
		WHERE store_id = $1 AND id = ANY($2) ORDER BY id FOR NO KEY UPDATE`

	// insertScopedSQL is database.insertScopedSQL: on PostgreSQL the attempts
	// go in first, then their orders are locked.
	insertScopedSQL = `INSERT INTO integration_attempts (id, store_id, order_id, system, status, action,
		message, error_code, external_id, occurred_at, recorded_at, details)
	SELECT u.id, $1, u.order_id, u.system, u.status, u.action, u.message, u.error_code, u.external_id,
		u.occurred_at, u.recorded_at, u.details
	FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
		$9::text[], $10::timestamptz[], $11::timestamptz[], $12::json[]) WITH ORDINALITY
		AS u(id, order_id, system, status, action, message, error_code, external_id, occurred_at, recorded_at, details, ord)
	WHERE EXISTS (SELECT 1 FROM orders o WHERE o.store_id = $1 AND o.id = u.order_id)
	ORDER BY u.ord
	RETURNING id, seq`

	writeStatesSQL = `WITH upsert AS (
			INSERT INTO order_integrations (order_id, system, store_id, status, message, error_code,
				last_attempt_at, last_seq, attempts, placed_at)
			SELECT u.order_id, u.system, $1, u.status, u.message, u.error_code, u.last_attempt_at, u.last_seq,
				u.attempts, u.placed_at
			FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[],
				$8::bigint[], $9::bigint[], $10::timestamptz[])
				AS u(order_id, system, status, message, error_code, last_attempt_at, last_seq, attempts, placed_at)
			ON CONFLICT (order_id, system) DO UPDATE SET store_id = EXCLUDED.store_id, status = EXCLUDED.status,
				message = EXCLUDED.message, error_code = EXCLUDED.error_code,
				last_attempt_at = EXCLUDED.last_attempt_at, last_seq = EXCLUDED.last_seq,
				attempts = EXCLUDED.attempts, placed_at = EXCLUDED.placed_at)
		UPDATE orders o SET integration_status = v.status, last_attempt_at = v.last_attempt_at
		FROM unnest($11::uuid[], $12::text[], $13::timestamptz[]) AS v(id, status, last_attempt_at)
		WHERE o.store_id = $1 AND o.id = v.id`

	// Idempotency-Key: database.idempotencyStore (Lock, Response, SaveResponse by GORM).
	idemLockSQL = `SELECT pg_try_advisory_xact_lock(hashtextextended($1 || ':' || $2, 0))`
	idemReadSQL = `SELECT store_id, key, fingerprint, status, content_type, location, body, created_at
		FROM idempotency_keys WHERE store_id = $1 AND key = $2`
	idemSaveSQL = `INSERT INTO "idempotency_keys" ("store_id","key","fingerprint","status","content_type","location","body","created_at") VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`
)

// w2SQL is what the service runs for one W2 request.
var w2SQL = []string{historySQL}
