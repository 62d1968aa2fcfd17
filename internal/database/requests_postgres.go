package database

// The re-integration statements that PostgreSQL says its own way: row
// locks, SKIP LOCKED, arrays.
const (
	// pgLeaseSQL leases up to $4 open requests of a store ($1) and system
	// ($2) available at $3, oldest available first. FOR UPDATE SKIP LOCKED:
	// concurrent lease calls, on any replica, each take other rows, and a
	// row being answered or swept is not leased under it. Each row gets the
	// hash of its rank in $6 and, as available_at, its lease's end $5: an
	// expired lease is leasable again through the same index range.
	// Requests at $7 deliveries are left to the sweep, which gives them up.
	pgLeaseSQL = `WITH picked AS (
			SELECT id, row_number() OVER (ORDER BY available_at, id) AS n FROM (
				SELECT id, available_at FROM integration_requests
				WHERE store_id = $1 AND system = $2 AND state IN ('queued', 'leased') AND available_at <= $3
					AND deliveries < $7
				ORDER BY available_at, id
				LIMIT $4
				FOR UPDATE SKIP LOCKED) p)
		UPDATE integration_requests r SET state = 'leased', deliveries = r.deliveries + 1, leased_until = $5,
			available_at = $5, lease_hash = h.hash
		FROM picked JOIN unnest($6::bytea[]) WITH ORDINALITY AS h(hash, n) ON h.n = picked.n
		WHERE r.id = picked.id
		RETURNING picked.n, ` + requestColumnsR

	// pgLockRequestSQL locks one request for a release or an extend.
	pgLockRequestSQL = `SELECT ` + requestColumns + `, lease_hash FROM integration_requests
		WHERE store_id = $1 AND id = $2 FOR UPDATE`

	// pgLockAnsweredSQL locks the requests a batch of attempts names, in id
	// order (no deadlock between batches), before the orders are locked.
	pgLockAnsweredSQL = `SELECT id, order_id, system, state FROM integration_requests
		WHERE store_id = $1 AND id = ANY($2) ORDER BY id FOR UPDATE`

	// pgRequeueSQL puts expired leases with deliveries left back to queued.
	pgRequeueSQL = `WITH picked AS (
			SELECT id FROM integration_requests
			WHERE state = 'leased' AND available_at <= $1 AND deliveries < $2
			ORDER BY available_at LIMIT $3 FOR UPDATE SKIP LOCKED)
		UPDATE integration_requests r SET state = 'queued', leased_until = NULL, lease_hash = NULL
		FROM picked WHERE r.id = picked.id`

	// pgGiveUpSQL picks the requests to give up and fails them, returning
	// them: their last lease ended ($2 deliveries), or, open and not held,
	// created before $3. SKIP LOCKED: a request another sweeper or a
	// connector holds is skipped, so each is failed once.
	pgGiveUpSQL = `WITH picked AS (
			SELECT id, 'reintegration.max_deliveries' AS cause FROM integration_requests
			WHERE state = 'leased' AND available_at <= $1 AND deliveries >= $2
			ORDER BY available_at LIMIT $4 FOR UPDATE SKIP LOCKED),
		old AS (
			SELECT id, 'reintegration.expired' AS cause FROM integration_requests
			WHERE state IN ('queued', 'leased') AND created_at < $3 AND available_at <= $1
				AND id NOT IN (SELECT id FROM picked)
			ORDER BY created_at LIMIT $4 FOR UPDATE SKIP LOCKED),
		failed AS (SELECT * FROM picked UNION ALL SELECT * FROM old)
		UPDATE integration_requests r SET state = 'failed', leased_until = NULL, lease_hash = NULL,
			completed_at = $1
		FROM failed WHERE r.id = failed.id
		RETURNING failed.cause, ` + requestColumnsR
)

// requestColumnsR is requestColumns qualified by r.
const requestColumnsR = `r.id, r.store_id, r.order_id, r.system, r.state, r.reason, r.requested_by, r.trigger,
	r.job_id, r.deliveries, r.available_at, r.leased_until, r.attempt_id, r.created_at, r.completed_at`
