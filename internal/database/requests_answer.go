package database

import (
	"context"
	"slices"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
)

// answerSQL makes an open request done, answered by an attempt.
const answerSQL = `UPDATE integration_requests SET state = 'done', attempt_id = $2, completed_at = $3,
		leased_until = NULL, lease_hash = NULL
	WHERE id = $1 AND state IN ('queued', 'leased')`

// answeredRequest is what answering needs of a request.
type answeredRequest struct {
	ID      uuid.UUID
	OrderID uuid.UUID
	System  string
	State   string
}

// answering wraps record (RecordAttempts' engine part) for the attempts
// that name a request (SPEC 9.2): it locks those requests first (in id
// order, before record locks the orders, as every writer of requests
// does), refuses (422 naming request_id) an attempt whose request is not
// of the store, of its order and of its system, records the others, then
// makes each open request done with the first success or error attempt
// that answers it, all in ctx's transaction. A pending attempt, or one for
// a final request, changes no request.
func (s orderStore) answering(ctx context.Context, storeID string, attempts []*order.Attempt, results []error,
	record func(attempts []*order.Attempt, results []error) error) error {
	ids := requestIDs(attempts)
	if len(ids) == 0 {
		return record(attempts, results)
	}
	reqs, err := s.lockAnswered(ctx, storeID, ids)
	if err != nil {
		return err
	}
	batch := make([]*order.Attempt, 0, len(attempts))
	index := make([]int, 0, len(attempts))
	for i, a := range attempts {
		if a.RequestID != nil {
			r, ok := reqs[*a.RequestID]
			if !ok || r.OrderID != a.OrderID || r.System != a.System {
				results[i] = request.ErrNotAnswerable()
				continue
			}
		}
		batch, index = append(batch, a), append(index, i)
	}
	sub := make([]error, len(batch))
	if len(batch) > 0 {
		if err := record(batch, sub); err != nil {
			return err
		}
	}
	for j, e := range sub {
		results[index[j]] = e
	}
	return s.answer(ctx, batch, sub, reqs)
}

// answer makes done the open requests that stored attempts answer.
func (s orderStore) answer(ctx context.Context, batch []*order.Attempt, stored []error,
	reqs map[uuid.UUID]answeredRequest) error {
	conn := s.db.conn(ctx)
	for j, a := range batch {
		if stored[j] != nil || a.RequestID == nil || !request.Answers(a.Status) {
			continue
		}
		r := reqs[*a.RequestID]
		if request.State(r.State).Final() {
			continue
		}
		if err := conn.Exec(answerSQL, r.ID, a.ID, a.RecordedAt).Error; err != nil {
			return classify(err, "answer an integration request")
		}
		r.State = string(request.Done)
		reqs[r.ID] = r // a later attempt of the batch finds it final
	}
	return nil
}

// lockAnswered locks the requests ids of storeID and returns them by id.
func (s orderStore) lockAnswered(ctx context.Context, storeID string, ids []uuid.UUID) (map[uuid.UUID]answeredRequest, error) {
	rows, err := scanRows(s.db.conn(ctx), func(r *answeredRequest) []any {
		return []any{&r.ID, &r.OrderID, &r.System, &r.State}
	}, s.db.pick(pgLockAnsweredSQL, sqliteLockAnsweredSQL), storeID, ids)
	if err != nil {
		return nil, classify(err, "lock integration requests")
	}
	out := make(map[uuid.UUID]answeredRequest, len(rows))
	for _, r := range rows {
		out[r.ID] = r
	}
	return out, nil
}

// requestIDs returns the distinct requests that attempts name, sorted.
func requestIDs(attempts []*order.Attempt) []uuid.UUID {
	var ids []uuid.UUID
	for _, a := range attempts {
		if a.RequestID != nil && !slices.Contains(ids, *a.RequestID) {
			ids = append(ids, *a.RequestID)
		}
	}
	slices.SortFunc(ids, func(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) })
	return ids
}
