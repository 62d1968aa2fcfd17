package pgstore

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/orders-api/orders-api/internal/database/sqldb"
	"github.com/orders-api/orders-api/internal/order"
)

// lockOrdersSQL locks RecordAttempts' orders: $1 store, $2 the order ids.
var lockOrdersSQL = `SELECT ` + sqldb.LockedOrderColumns() + ` FROM orders
		WHERE store_id = $1 AND id = ANY($2) ORDER BY id FOR NO KEY UPDATE`

// The statements of RecordAttempts besides insertAttemptsSQL and
// lockOrdersSQL. Rows travel as parallel arrays, so each text is constant
// whatever the batch size and pgx prepares it once per connection.
const (
	// writeStatesSQL upserts the touched states and, in the same statement,
	// sets the summaries that changed (never updated_at: SPEC 5).
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
)

// lockOrders locks the orders of attempts that are in storeID and returns
// them by id.
func (s orderStore) lockOrders(ctx context.Context, storeID string,
	attempts []*order.Attempt) (map[uuid.UUID]sqldb.LockedOrder, error) {
	rows, err := query[sqldb.LockedOrder](ctx, s.db, lockOrdersSQL, storeID, sqldb.AttemptOrderIDs(attempts))
	if err != nil {
		return nil, Classify(err, "lock orders")
	}
	return sqldb.ByID(rows), nil
}

// attemptArrays are attempts as the parallel arrays of insertAttemptsSQL.
type attemptArrays struct {
	ids, orderIDs               []uuid.UUID
	systems, statuses, messages []string
	actions, codes, externals   []*string
	occurred, recorded          []time.Time
	details                     [][]byte
	requests                    []pgtype.UUID // request_id, NULL when none
}

// add appends a as one element of every array.
func (c *attemptArrays) add(a *order.Attempt) {
	c.ids = append(c.ids, a.ID)
	c.orderIDs = append(c.orderIDs, a.OrderID)
	c.systems = append(c.systems, a.System)
	c.statuses = append(c.statuses, string(a.Status))
	c.actions = append(c.actions, a.Action)
	c.messages = append(c.messages, a.Message)
	c.codes = append(c.codes, a.ErrorCode)
	c.externals = append(c.externals, a.ExternalID)
	c.occurred = append(c.occurred, a.OccurredAt)
	c.recorded = append(c.recorded, a.RecordedAt)
	c.details = append(c.details, a.Details)
	c.requests = append(c.requests, sqldb.NullUUID(a.RequestID))
}

// writeStates upserts the touched states and sets the changed summaries.
func (s orderStore) writeStates(ctx context.Context, storeID string, touched map[order.StateKey]order.SystemState,
	locked map[uuid.UUID]sqldb.LockedOrder, changed map[uuid.UUID]order.Summary) error {
	var st stateArrays
	for k, state := range touched {
		st.add(k, state, locked[k.Order].PlacedAt)
	}
	var sums summaryArrays
	for id, sum := range changed {
		sums.ids, sums.statuses = append(sums.ids, id), append(sums.statuses, string(sum.Status))
		sums.lastAt = append(sums.lastAt, sum.LastAttemptAt)
	}
	err := s.db.conn(ctx).Exec(writeStatesSQL, storeID, pgUUIDs(st.orderIDs), st.systems, st.statuses, st.messages,
		st.codes, st.lastAt, st.seqs, st.counts, st.placedAt, pgUUIDs(sums.ids), sums.statuses, sums.lastAt).Error
	return Classify(err, "write integration states")
}

// stateArrays are states as the parallel arrays of writeStatesSQL.
type stateArrays struct {
	orderIDs                    []uuid.UUID
	systems, statuses, messages []string
	codes                       []*string
	lastAt, placedAt            []time.Time
	seqs, counts                []int64
}

// add appends the state k, of an order placed at placedAt, to every array.
func (c *stateArrays) add(k order.StateKey, st order.SystemState, placedAt time.Time) {
	c.orderIDs = append(c.orderIDs, k.Order)
	c.systems = append(c.systems, k.System)
	c.statuses = append(c.statuses, string(st.Status))
	c.messages = append(c.messages, st.Message)
	c.codes = append(c.codes, st.ErrorCode)
	c.lastAt = append(c.lastAt, st.LastAttemptAt)
	c.seqs = append(c.seqs, st.LastSeq)
	c.counts = append(c.counts, st.Attempts)
	c.placedAt = append(c.placedAt, placedAt)
}

// summaryArrays are the orders' new summaries as arrays of writeStatesSQL.
type summaryArrays struct {
	ids      []uuid.UUID
	statuses []string
	lastAt   []*time.Time
}
