package database

import "context"

// sqliteFirstSuccessSQL lowers one state's first_success_at: $1 store,
// $2 order, $3 system, $4 time (fixed-width text, so text order is time
// order).
const sqliteFirstSuccessSQL = `UPDATE order_integrations SET first_success_at = $4
	WHERE store_id = $1 AND order_id = $2 AND system = $3
		AND (first_success_at IS NULL OR first_success_at > $4)`

// firstSuccessRows is recordFirstSuccesses on SQLite: one statement per
// state, in process.
func (s orderStore) firstSuccessRows(ctx context.Context, storeID string, f firstSuccesses) error {
	conn := s.db.conn(ctx)
	for i := range f.orderIDs {
		if err := conn.Exec(sqliteFirstSuccessSQL, storeID, f.orderIDs[i], f.systems[i], f.at[i]).Error; err != nil {
			return classify(err, "write first successes")
		}
	}
	return nil
}
