package database

import "context"

// firstSuccessSQL lowers first_success_at of the given states: $1 store,
// $2 order ids, $3 systems, $4 times.
const firstSuccessSQL = `UPDATE order_integrations oi SET first_success_at = u.at
	FROM unnest($2::uuid[], $3::text[], $4::timestamptz[]) AS u(order_id, system, at)
	WHERE oi.store_id = $1 AND oi.order_id = u.order_id AND oi.system = u.system
		AND (oi.first_success_at IS NULL OR oi.first_success_at > u.at)`

// firstSuccessArrays is recordFirstSuccesses on PostgreSQL: one statement.
func (s orderStore) firstSuccessArrays(ctx context.Context, storeID string, f firstSuccesses) error {
	err := s.db.conn(ctx).Exec(firstSuccessSQL, storeID, pgUUIDs(f.orderIDs), f.systems, f.at).Error
	return classify(err, "write first successes")
}
