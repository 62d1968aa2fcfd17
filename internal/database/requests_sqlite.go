package database

// The re-integration statements of SQLite. Its write transactions exclude
// each other (one writer), so a read then a write in one transaction needs
// no row locks: what it read stays true until it commits.
const (
	sqlitePickLeaseSQL = `SELECT id FROM integration_requests
		WHERE store_id = $1 AND system = $2 AND state IN ('queued', 'leased') AND available_at <= $3
			AND deliveries < $5
		ORDER BY available_at, id LIMIT $4`

	sqliteLeaseOneSQL = `UPDATE integration_requests SET state = 'leased', deliveries = deliveries + 1,
			leased_until = $2, available_at = $2, lease_hash = $3
		WHERE id = $1
		RETURNING ` + requestColumns

	sqliteLockRequestSQL = `SELECT ` + requestColumns + `, lease_hash FROM integration_requests
		WHERE store_id = $1 AND id = $2`

	sqliteLockAnsweredSQL = `SELECT id, order_id, system, state FROM integration_requests
		WHERE store_id = $1 AND id IN (SELECT value FROM json_each($2)) ORDER BY id`

	sqliteRequeueSQL = `UPDATE integration_requests SET state = 'queued', leased_until = NULL, lease_hash = NULL
		WHERE id IN (SELECT id FROM integration_requests
			WHERE state = 'leased' AND available_at <= $1 AND deliveries < $2
			ORDER BY available_at LIMIT $3)`

	sqliteGiveUpSQL = `WITH picked AS (
			SELECT id, 'reintegration.max_deliveries' AS cause FROM integration_requests
			WHERE state = 'leased' AND available_at <= $1 AND deliveries >= $2
			ORDER BY available_at LIMIT $4),
		old AS (
			SELECT id, 'reintegration.expired' AS cause FROM integration_requests
			WHERE state IN ('queued', 'leased') AND created_at < $3 AND available_at <= $1
				AND id NOT IN (SELECT id FROM picked)
			ORDER BY created_at LIMIT $4)
		SELECT id, cause FROM picked UNION ALL SELECT id, cause FROM old`

	sqliteFailOneSQL = `UPDATE integration_requests SET state = 'failed', leased_until = NULL, lease_hash = NULL,
			completed_at = $2
		WHERE id = $1
		RETURNING ` + requestColumns

	sqliteOrdersByIDSQL = `SELECT ` + orderColumns + ` FROM orders o
		WHERE o.store_id = $1 AND o.id IN (SELECT value FROM json_each($2))`
)
