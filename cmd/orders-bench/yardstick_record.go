package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/orders-api/orders-api/internal/order"
)

// record is W1 (size 1) and the batches: the transaction of
// database.RecordAttempts, inside the idempotency statements when withKey
// is set, as the service runs them for a POST with an Idempotency-Key.
func (y *yardstick) record(size int, withKey bool) op {
	return func(ctx context.Context, r *rand.Rand, _ *workerState) error {
		now := time.Now().UTC().Truncate(time.Microsecond)
		system := systems[r.IntN(len(systems))]
		batch := make([]*order.Attempt, size)
		for i := range batch {
			batch[i] = benchAttempt(r, y.ids[r.IntN(len(y.ids))], system, now)
		}
		tx, err := y.pool.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(context.Background())
		key := fmt.Sprintf("yard-%d", r.Uint64())
		if withKey {
			if err := idemCheck(ctx, tx, key); err != nil {
				return err
			}
		}
		if err := recordTx(ctx, tx, batch); err != nil {
			return err
		}
		if withKey {
			body := responseBody(batch)
			fp := sha256.Sum256(body)
			status := 201
			if size > 1 {
				status = 200
			}
			if _, err := tx.Exec(ctx, serviceSQL.IdempotencySave, storeID, key, fp[:], status, "application/json", "",
				body, now); err != nil {
				return err
			}
		}
		return tx.Commit(ctx)
	}
}

// idemCheck takes the key's lock and reads its stored outcome, as the
// idempotency middleware does before running the handler.
func idemCheck(ctx context.Context, tx pgx.Tx, key string) error {
	var locked bool
	if err := tx.QueryRow(ctx, serviceSQL.IdempotencyLock, storeID, key).Scan(&locked); err != nil {
		return err
	}
	if !locked {
		return errNoRow("idempotency lock")
	}
	rows, err := tx.Query(ctx, serviceSQL.IdempotencyRead, storeID, key)
	if err != nil {
		return err
	}
	rows.Close()
	return rows.Err()
}

// lockedRow is a row of serviceSQL.LockOrders.
type lockedRow struct {
	placed time.Time
	status string
	last   *time.Time
}

// recordTx is database.RecordAttempts on PostgreSQL: insert (scoped to the
// store), lock the orders, read their states, write.
func recordTx(ctx context.Context, tx pgx.Tx, batch []*order.Attempt) error {
	ids := make([]uuid.UUID, len(batch))
	for i, a := range batch {
		ids[i] = a.OrderID
	}
	if err := insertAttempts(ctx, tx, batch); err != nil {
		return err
	}
	locked, err := lockOrders(ctx, tx, ids)
	if err != nil {
		return err
	}
	lockedIDs := make([]uuid.UUID, 0, len(locked))
	for id := range locked {
		lockedIDs = append(lockedIDs, id)
	}
	current, err := readStates(ctx, tx, lockedIDs)
	if err != nil {
		return err
	}
	return writeStates(ctx, tx, batch, locked, current)
}

func lockOrders(ctx context.Context, tx pgx.Tx, ids []uuid.UUID) (map[uuid.UUID]lockedRow, error) {
	rows, err := tx.Query(ctx, serviceSQL.LockOrders, storeID, ids)
	if err != nil {
		return nil, err
	}
	locked := map[uuid.UUID]lockedRow{}
	var id uuid.UUID
	var l lockedRow
	_, err = pgx.ForEachRow(rows, []any{&id, &l.placed, &l.status, &l.last}, func() error {
		locked[id] = l
		return nil
	})
	if err == nil && len(locked) == 0 {
		err = errNoRow("order to lock")
	}
	return locked, err
}

func readStates(ctx context.Context, tx pgx.Tx, ids []uuid.UUID) (map[order.StateKey]order.SystemState, error) {
	rows, err := tx.Query(ctx, serviceSQL.States, storeID, ids)
	if err != nil {
		return nil, err
	}
	out := map[order.StateKey]order.SystemState{}
	var id uuid.UUID
	var s order.SystemState
	_, err = pgx.ForEachRow(rows, []any{&id, &s.System, &s.Status, &s.Message, &s.ErrorCode, &s.LastAttemptAt,
		&s.LastSeq, &s.Attempts}, func() error {
		out[order.StateKey{Order: id, System: s.System}] = s
		return nil
	})
	return out, err
}

func insertAttempts(ctx context.Context, tx pgx.Tx, batch []*order.Attempt) error {
	n := len(batch)
	ids, orderIDs := make([]uuid.UUID, n), make([]uuid.UUID, n)
	sys, status, msg := make([]string, n), make([]string, n), make([]string, n)
	action, code, ext := make([]*string, n), make([]*string, n), make([]*string, n)
	occ, rec := make([]time.Time, n), make([]time.Time, n)
	det := make([][]byte, n)
	var reqs []*uuid.UUID // request_id: nil (no array) unless an attempt has one (W4's answers)
	for i, a := range batch {
		ids[i], orderIDs[i], sys[i], status[i], msg[i] = a.ID, a.OrderID, a.System, string(a.Status), a.Message
		action[i], code[i], ext[i], occ[i], rec[i], det[i] = a.Action, a.ErrorCode, a.ExternalID, a.OccurredAt, a.RecordedAt, a.Details
		if a.RequestID != nil {
			if reqs == nil {
				reqs = make([]*uuid.UUID, n)
			}
			reqs[i] = a.RequestID
		}
	}
	rows, err := tx.Query(ctx, serviceSQL.InsertAttempts, storeID, ids, orderIDs, sys, status, action, msg, code, ext,
		occ, rec, det, reqs)
	if err != nil {
		return err
	}
	seqs := make(map[uuid.UUID]int64, n)
	var id uuid.UUID
	var seq int64
	if _, err := pgx.ForEachRow(rows, []any{&id, &seq}, func() error { seqs[id] = seq; return nil }); err != nil {
		return err
	}
	for _, a := range batch {
		a.Seq = seqs[a.ID]
	}
	return nil
}

// writeStates folds the batch into the states, as the service does, and
// writes the touched states and the changed summaries.
func writeStates(ctx context.Context, tx pgx.Tx, batch []*order.Attempt, locked map[uuid.UUID]lockedRow,
	states map[order.StateKey]order.SystemState) error {
	touched := order.Fold(states, batch)
	byOrder := order.ByOrder(states)
	var oIDs, sIDs []uuid.UUID
	var sSys, sStatus, sMsg, oStatus []string
	var sCode []*string
	var sLast, sPlaced []time.Time
	var oLast []*time.Time
	var sSeq, sCount []int64
	for k, st := range touched {
		sIDs, sSys, sStatus, sMsg = append(sIDs, k.Order), append(sSys, k.System), append(sStatus, string(st.Status)), append(sMsg, st.Message)
		sCode, sLast, sSeq, sCount = append(sCode, st.ErrorCode), append(sLast, st.LastAttemptAt), append(sSeq, st.LastSeq), append(sCount, st.Attempts)
		sPlaced = append(sPlaced, locked[k.Order].placed)
	}
	for id, list := range byOrder {
		sum, l := order.Summarize(list), locked[id]
		if string(sum.Status) != l.status || !sameTime(sum.LastAttemptAt, l.last) {
			oIDs, oStatus, oLast = append(oIDs, id), append(oStatus, string(sum.Status)), append(oLast, sum.LastAttemptAt)
		}
	}
	_, err := tx.Exec(ctx, serviceSQL.WriteStates, storeID, sIDs, sSys, sStatus, sMsg, sCode, sLast, sSeq, sCount, sPlaced,
		oIDs, oStatus, oLast)
	return err
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// benchAttempt returns an attempt as the wrk scripts post it: 85% success,
// 10% error with a code and details, 5% pending, occurring now.
func benchAttempt(r *rand.Rand, orderID uuid.UUID, system string, now time.Time) *order.Attempt {
	a := &order.Attempt{ID: uuid.Must(uuid.NewV7()), StoreID: storeID, OrderID: orderID, System: system,
		Action: &exportAction, OccurredAt: now.Truncate(time.Second), RecordedAt: now}
	switch x := r.IntN(100); {
	case x < 10:
		a.Status, a.Message, a.ErrorCode = order.AttemptError, "Cliente sem CPF: campo obrigatório no ERP", &errorCodes[0]
		a.Details = []byte(`{"http_status":422,"response":"{\"erro\":\"customer.document_missing\"}"}`)
	case x < 15:
		a.Status, a.Message = order.AttemptPending, "Aguardando retorno do ERP"
	default:
		ext := fmt.Sprintf("ERP-%d", r.IntN(1<<30))
		a.Status, a.Message, a.ExternalID = order.AttemptSuccess, "Pedido exportado para o ERP", &ext
	}
	return a
}

var exportAction = "order.export"

// responseBody is a stand-in for the response the service stores under an
// Idempotency-Key: the same size and shape (one JSON record per attempt).
func responseBody(batch []*order.Attempt) []byte {
	var b []byte
	if len(batch) > 1 {
		b = append(b, `{"results":[`...)
	}
	for i, a := range batch {
		if i > 0 {
			b = append(b, ',')
		}
		if len(batch) > 1 {
			b = append(b, `{"status":201,"attempt":`...)
		}
		b = fmt.Appendf(b, `{"id":"%s","order_id":"%s","system":"%s","status":"%s","action":"order.export","message":"%s","error_code":null,"external_id":null,"occurred_at":"%s","recorded_at":"%s","details":null}`,
			a.ID, a.OrderID, a.System, a.Status, a.Message, a.OccurredAt.Format(time.RFC3339), a.RecordedAt.Format(time.RFC3339Nano))
		if len(batch) > 1 {
			b = append(b, '}')
		}
	}
	if len(batch) > 1 {
		b = append(b, "]}"...)
	}
	return b
}
