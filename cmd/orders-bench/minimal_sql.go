package main

// The minimal yardstick's schema and statements: the least SQL that does the
// jobs of W1, W2 and W3 under the rules of SPEC 5.3, on tables of its own in
// a database of its own. Against it, the same-SQL yardstick shows what the
// service's SQL design costs, and the service what its HTTP path costs on
// top. Its choices:
//   - The per-system states live in the order's row, in one jsonb column
//     (systems: {"bling": {"status", "message", "error_code", "at", "seq",
//     "n"}}), next to the summary columns (integration_status,
//     last_attempt_at): an attempt updates one row, and a page of orders
//     reads its states without a second query.
//   - Only the indexes the three jobs need: the orders' primary key (W1),
//     (store_id, integration_status, placed_at DESC, id DESC) for W3, and
//     (order_id, occurred_at DESC, seq DESC) on the attempts for W2. None of
//     the service's other filters (?system=, ?error_code=, the store-wide
//     history, sorts by updated_at) is served, and no key on the attempts.
//   - W1 is one statement: the sequence number first (the later record wins
//     a tie of occurred_at, as in the service), then the order's update,
//     which locks its row and recomputes its state from the row it locked
//     (so concurrent posts for one order lose nothing, and a late older
//     attempt only counts), then the attempt's insert. With an
//     Idempotency-Key, the key's row is inserted first, and the rest runs
//     only when it was new.

// minimalSchema is the minimal database's tables, without their secondary
// indexes (minimalIndexes, built after the seed's COPY).
const minimalSchema = `CREATE TABLE orders (
	id                 uuid        PRIMARY KEY,
	store_id           text        NOT NULL,
	number             text        NOT NULL,
	status             text        NOT NULL,
	customer_name      text        NOT NULL,
	customer_email     text,
	customer_document  text,
	currency           text        NOT NULL,
	total_cents        bigint      NOT NULL,
	items              json        NOT NULL,
	placed_at          timestamptz NOT NULL,
	created_at         timestamptz NOT NULL,
	updated_at         timestamptz NOT NULL,
	integration_status text        NOT NULL DEFAULT 'none',
	last_attempt_at    timestamptz,
	systems            jsonb       NOT NULL DEFAULT '{}'
) WITH (fillfactor = 90);
CREATE SEQUENCE attempt_seq;
CREATE TABLE integration_attempts (
	id          uuid        NOT NULL,
	seq         bigint      NOT NULL,
	store_id    text        NOT NULL,
	order_id    uuid        NOT NULL,
	system      text        NOT NULL,
	status      text        NOT NULL,
	action      text,
	message     text        NOT NULL,
	error_code  text,
	external_id text,
	occurred_at timestamptz NOT NULL,
	recorded_at timestamptz NOT NULL,
	details     json
);
CREATE TABLE idempotency_keys (
	store_id    text        NOT NULL,
	key         text        NOT NULL,
	fingerprint bytea       NOT NULL,
	status      integer     NOT NULL,
	body        bytea       NOT NULL,
	created_at  timestamptz NOT NULL,
	PRIMARY KEY (store_id, key)
)`

// minimalIndexes returns the secondary indexes of the three jobs.
func minimalIndexes() []string {
	return []string{
		`CREATE INDEX orders_integration_idx ON orders (store_id, integration_status, placed_at DESC, id DESC)`,
		`CREATE INDEX attempts_order_idx ON integration_attempts (order_id, occurred_at DESC, seq DESC)`,
	}
}

// minimalUpdateSQL is the order's update of W1, the CTE "o": the state of
// system $4 becomes the attempt when it is newer by (occurred_at, seq)
// than the state's, and counts it either way; the summary follows from the
// states. $1 store, $3 order, $5 status, $7 message, $8 error code, $10
// occurred_at; the sequence number comes from the CTE "a".
const minimalUpdateSQL = `UPDATE orders o SET (systems, integration_status, last_attempt_at) = (
		SELECT n.s, (SELECT CASE WHEN bool_or(e.v->>'status' = 'error') THEN 'error'
				WHEN bool_or(e.v->>'status' = 'pending') THEN 'pending' ELSE 'success' END
			FROM jsonb_each(n.s) AS e(k, v)),
			greatest(o.last_attempt_at, $10::timestamptz)
		FROM (SELECT o.systems || jsonb_build_object($4::text, CASE
			WHEN o.systems -> $4 IS NULL THEN jsonb_build_object('status', $5::text, 'message', $7::text,
				'error_code', $8::text, 'at', $10::timestamptz, 'seq', a.seq, 'n', 1)
			WHEN ($10::timestamptz, a.seq) > ((o.systems -> $4 ->> 'at')::timestamptz, (o.systems -> $4 ->> 'seq')::bigint)
				THEN jsonb_build_object('status', $5::text, 'message', $7::text, 'error_code', $8::text,
					'at', $10::timestamptz, 'seq', a.seq, 'n', (o.systems -> $4 ->> 'n')::bigint + 1)
			ELSE jsonb_set(o.systems -> $4, '{n}', to_jsonb((o.systems -> $4 ->> 'n')::bigint + 1))
			END) AS s) AS n)
	FROM a WHERE o.store_id = $1 AND o.id = $3
	RETURNING a.seq`

// minimalInsertSQL is the attempt's insert of W1, after the update: $2 id,
// $6 action, $9 external id, $11 recorded_at, $12 details.
const minimalInsertSQL = `
INSERT INTO integration_attempts (id, seq, store_id, order_id, system, status, action, message, error_code,
	external_id, occurred_at, recorded_at, details)
SELECT $2, o.seq, $1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 FROM o
RETURNING seq`

// minimalRecordSQL is W1 without an Idempotency-Key: it returns the
// attempt's seq, or no row when the order is not the store's.
const minimalRecordSQL = `WITH a AS MATERIALIZED (SELECT nextval('attempt_seq') AS seq),
o AS (` + minimalUpdateSQL + `)` + minimalInsertSQL

// minimalRecordKeySQL is W1 with an Idempotency-Key ($13, with the
// request's fingerprint $14 and the response $15): the key's outcome is
// stored first, for an order of the store, and the attempt is recorded only
// when the key was new (a key in flight in another transaction makes this
// one wait for it, then find it). No row: a known key or an unknown order.
const minimalRecordKeySQL = `WITH k AS (
	INSERT INTO idempotency_keys (store_id, key, fingerprint, status, body, created_at)
	SELECT $1, $13, $14, 201, $15, $11::timestamptz WHERE EXISTS (SELECT FROM orders WHERE store_id = $1 AND id = $3)
	ON CONFLICT DO NOTHING RETURNING 1),
a AS MATERIALIZED (SELECT nextval('attempt_seq') AS seq FROM k),
o AS (` + minimalUpdateSQL + `)` + minimalInsertSQL

// minimalHistorySQL is W2: $1 store, $2 order, $3 limit.
const minimalHistorySQL = `SELECT id, seq, order_id, system, status, action, message, error_code, external_id,
	occurred_at, recorded_at, details
FROM integration_attempts WHERE store_id = $1 AND order_id = $2 ORDER BY occurred_at DESC, seq DESC LIMIT $3`

// The columns of W3's page: the whole order, and W3-lean's (SPEC 8:
// fields=number,status,customer,total_cents,placed_at,integration, and the
// id, always there).
const (
	minimalOrderColumns = `id, number, status, customer_name, customer_email, customer_document, currency,
	total_cents, items, placed_at, created_at, updated_at, integration_status, last_attempt_at, systems`
	minimalLeanColumns = `id, number, status, customer_name, customer_email, customer_document, total_cents,
	placed_at, integration_status, last_attempt_at, systems`
)

// minimalPageSQL and minimalNextSQL are W3's first page ($1 store, $2
// integration status, $3 limit) and its next pages (after $3 placed_at, $4
// id; $5 limit) of the columns cols.
func minimalPageSQL(cols string) string {
	return `SELECT ` + cols + ` FROM orders WHERE store_id = $1 AND integration_status = $2
ORDER BY placed_at DESC, id DESC LIMIT $3`
}

func minimalNextSQL(cols string) string {
	return `SELECT ` + cols + ` FROM orders WHERE store_id = $1 AND integration_status = $2
	AND (placed_at, id) < ($3, $4) ORDER BY placed_at DESC, id DESC LIMIT $5`
}

// minimalConsistencySQL recomputes every system's state from the minimal
// database's history and every order's summary from them, and counts what
// differs from the stored systems and summary columns.
const minimalConsistencySQL = `WITH latest AS (
	SELECT DISTINCT ON (order_id, system) order_id, system, status, message, error_code, occurred_at, seq,
		count(*) OVER (PARTITION BY order_id, system) AS n
	FROM integration_attempts ORDER BY order_id, system, occurred_at DESC, seq DESC),
stored AS (SELECT o.id AS order_id, e.key AS system, e.value AS v FROM orders o, jsonb_each(o.systems) AS e)
SELECT
	(SELECT count(*) FROM latest),
	(SELECT count(*) FROM stored),
	(SELECT count(*) FROM latest l JOIN stored s USING (order_id, system)
		WHERE s.v->>'status' <> l.status OR s.v->>'message' <> l.message
			OR s.v->>'error_code' IS DISTINCT FROM l.error_code OR (s.v->>'at')::timestamptz <> l.occurred_at
			OR (s.v->>'seq')::bigint <> l.seq OR (s.v->>'n')::bigint <> l.n),
	(SELECT count(*) FROM orders o LEFT JOIN (
		SELECT order_id, CASE WHEN bool_or(status = 'error') THEN 'error' WHEN bool_or(status = 'pending') THEN 'pending'
			ELSE 'success' END AS status, max(occurred_at) AS last
		FROM latest GROUP BY order_id) x ON x.order_id = o.id
		WHERE o.integration_status <> coalesce(x.status, 'none') OR o.last_attempt_at IS DISTINCT FROM x.last)`
