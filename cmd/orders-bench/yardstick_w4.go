package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	mrand "math/rand/v2"
	"slices"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/orders-api/orders-api/internal/order"
)

// W4's same SQL: what the service runs for a lease and for each answer,
// with the service's statements (serviceSQL.Lease, ...), in-process.

// w4Lease is what the service gives a lease: 300 s (the API's default) and
// REQUEST_MAX_DELIVERIES' default of 5.
const (
	w4LeaseFor      = 300 * time.Second
	w4MaxDeliveries = 5
)

// w4Yard is the same-SQL side of W4.
type w4Yard struct {
	y      *yardstick
	log    *w4Log
	worker atomic.Int64
}

// leasedRequest is what a lease row gives the connector.
type leasedRequest struct{ id, orderID uuid.UUID }

// round is one lease and its answers, as the service runs them.
func (x *w4Yard) round(ctx context.Context, r *mrand.Rand, w *workerState) error {
	if w.connector == 0 {
		w.connector = int(x.worker.Add(1))
	}
	system := systems[(w.connector-1)%len(systems)]
	leased, err := x.lease(ctx, system)
	if err != nil {
		return err
	}
	if len(leased) == 0 {
		return x.log.ranDry(ctx)
	}
	for _, l := range leased {
		x.log.leased(l.id)
	}
	for _, l := range leased {
		aid, err := x.answer(ctx, r, system, l)
		if err != nil {
			return err
		}
		x.log.answer(l.id, aid)
	}
	return nil
}

// lease is RequestStore.Lease: the lease statement in its transaction,
// then the leased orders and their states after the commit.
func (x *w4Yard) lease(ctx context.Context, system string) ([]leasedRequest, error) {
	now := time.Now().UTC().Truncate(time.Microsecond)
	hashes := make([][]byte, w4Limit)
	for i := range hashes {
		var token [32]byte
		_, _ = rand.Read(token[:])
		h := sha256.Sum256(token[:])
		hashes[i] = h[:]
	}
	tx, err := x.y.pool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(context.Background())
	rows, err := tx.Query(ctx, serviceSQL.Lease, storeID, system, now, w4Limit, now.Add(w4LeaseFor), hashes, w4MaxDeliveries)
	if err != nil {
		return nil, err
	}
	leased, err := collectLeased(rows)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, err
	}
	if len(leased) == 0 {
		return nil, nil
	}
	ids := make([]uuid.UUID, len(leased))
	for i, l := range leased {
		ids[i] = l.orderID
	}
	orders, err := x.y.pool.Query(ctx, serviceSQL.LeasedOrders, storeID, ids)
	if err != nil {
		return nil, err
	}
	if _, err := pgx.CollectRows(orders, rowValues); err != nil {
		return nil, err
	}
	return leased, x.y.states(ctx, x.y.pool, ids)
}

// collectLeased reads the lease's rows (every column, as the service
// does) in rank order.
func collectLeased(rows pgx.Rows) ([]leasedRequest, error) {
	col := map[string]int{}
	for i, f := range rows.FieldDescriptions() {
		col[f.Name] = i
	}
	type ranked struct {
		n int64
		l leasedRequest
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ranked, error) {
		v, err := row.Values()
		if err != nil {
			return ranked{}, err
		}
		n, _ := v[col["n"]].(int64)
		id, _ := v[col["id"]].([16]byte)
		oid, _ := v[col["order_id"]].([16]byte)
		return ranked{n: n, l: leasedRequest{id: id, orderID: oid}}, nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b ranked) int { return int(a.n - b.n) })
	leased := make([]leasedRequest, len(out))
	for i, o := range out {
		leased[i] = o.l
	}
	return leased, nil
}

// answer is one POST of a success attempt with request_id and an
// Idempotency-Key: the key's lock and lookup, the request's lock, the
// record, the request made done, the key's outcome, in one transaction.
func (x *w4Yard) answer(ctx context.Context, r *mrand.Rand, system string, l leasedRequest) (uuid.UUID, error) {
	now := time.Now().UTC().Truncate(time.Microsecond)
	a := benchAttempt(r, l.orderID, system, now)
	ext := "ERP-1"
	a.Status, a.Message, a.ErrorCode, a.Details, a.ExternalID = order.AttemptSuccess, "Pedido exportado para o ERP", nil, nil, &ext
	a.RequestID = &l.id
	tx, err := x.y.pool.Begin(ctx)
	if err != nil {
		return uuid.UUID{}, err
	}
	defer tx.Rollback(context.Background())
	key := "answer-" + l.id.String()
	if err := idemCheck(ctx, tx, key); err != nil {
		return uuid.UUID{}, err
	}
	locked, err := tx.Query(ctx, serviceSQL.LockAnswered, storeID, []uuid.UUID{l.id})
	if err != nil {
		return uuid.UUID{}, err
	}
	if n, err := pgx.CollectRows(locked, rowValues); err != nil || len(n) != 1 {
		if err == nil {
			err = errNoRow("request to answer")
		}
		return uuid.UUID{}, err
	}
	batch := []*order.Attempt{a}
	if err := recordTx(ctx, tx, batch); err != nil {
		return uuid.UUID{}, err
	}
	if _, err := tx.Exec(ctx, serviceSQL.Answer, l.id, a.ID, a.RecordedAt); err != nil {
		return uuid.UUID{}, err
	}
	body := responseBody(batch)
	fp := sha256.Sum256(body)
	if _, err := tx.Exec(ctx, serviceSQL.IdempotencySave, storeID, key, fp[:], 201, "application/json", "",
		body, now); err != nil {
		return uuid.UUID{}, err
	}
	return a.ID, tx.Commit(ctx)
}

// rowValues reads every column of a row, decoded.
func rowValues(row pgx.CollectableRow) ([]any, error) { return row.Values() }
