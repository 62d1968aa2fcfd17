package main

import (
	"context"
	"io"
	"math/rand/v2"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/testdb"
)

// minimalDB returns a pool on the minimal schema, created in a schema of
// its own in a fresh test database and seeded with a small generated data set.
func minimalDB(t *testing.T) (*pgxpool.Pool, string, dataset) {
	t.Helper()
	ctx := t.Context()
	base := testdb.New(t)
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "CREATE SCHEMA minimal"); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", "minimal")
	u.RawQuery = q.Encode()
	dbURL := u.String()
	if err := createMinimalSchema(ctx, dbURL); err != nil {
		t.Fatal(err)
	}
	d := generate(200, 2000, time.Now().UTC().Add(-time.Hour).Truncate(time.Second), 3)
	if err := seedMinimal(ctx, dbURL, d, io.Discard); err != nil {
		t.Fatal(err)
	}
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool, dbURL, d
}

// post records one attempt with the minimal W1 statement.
func post(ctx context.Context, q querier, orderID uuid.UUID, system string, status order.AttemptStatus,
	msg string, occurred time.Time) error {
	now := time.Now().UTC().Truncate(time.Microsecond)
	return recordMinimal(ctx, q, minimalRecordSQL, []any{storeID, uuid.Must(uuid.NewV7()), orderID, system,
		string(status), &exportAction, msg, nil, nil, occurred, now, nil})
}

// stateOf reads an order's summary and the state of one system.
func stateOf(t *testing.T, pool *pgxpool.Pool, id uuid.UUID, system string) (string, minimalState) {
	t.Helper()
	var status string
	var st minimalState
	err := pool.QueryRow(t.Context(), `SELECT integration_status, systems -> $2 FROM orders WHERE id = $1`, id,
		system).Scan(&status, &st)
	if err != nil {
		t.Fatal(err)
	}
	return status, st
}

func mustConsistent(t *testing.T, dbURL string) {
	t.Helper()
	msg, ok, err := checkMinimal(t.Context(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Fatal(msg)
	}
}

// TestMinimalRecordRules checks that the minimal W1 statement keeps SPEC
// 5.3's rules: the latest occurred_at wins, a tie goes to the later record,
// a late older attempt only counts, and the summary follows the states.
func TestMinimalRecordRules(t *testing.T) {
	t.Parallel()
	pool, dbURL, d := minimalDB(t)
	ctx := t.Context()
	mustConsistent(t, dbURL) // the seed's states are those of its history
	id := d.orders[0].id
	at := time.Now().UTC().Truncate(time.Second)
	if err := post(ctx, pool, id, "sap", order.AttemptError, "newer", at); err != nil {
		t.Fatal(err)
	}
	if err := post(ctx, pool, id, "sap", order.AttemptSuccess, "late and older", at.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	status, st := stateOf(t, pool, id, "sap")
	if status != "error" || st.Status != "error" || st.Message != "newer" || st.N != 2 || !st.At.Equal(at) {
		t.Fatalf("after a late older success: summary %s, state %+v; want error, the newer attempt, n 2", status, st)
	}
	if err := post(ctx, pool, id, "sap", order.AttemptSuccess, "same time, recorded later", at); err != nil {
		t.Fatal(err)
	}
	if _, st = stateOf(t, pool, id, "sap"); st.Status != "success" || st.N != 3 {
		t.Fatalf("after a tie recorded later: state %+v; want success, n 3", st)
	}
	if err := post(ctx, pool, uuid.Must(uuid.NewV7()), "sap", order.AttemptSuccess, "x", at); err == nil {
		t.Fatal("an unknown order: recorded")
	}
	mustConsistent(t, dbURL)
}

// TestMinimalRecordKey checks that a known Idempotency-Key records nothing.
func TestMinimalRecordKey(t *testing.T) {
	t.Parallel()
	pool, dbURL, d := minimalDB(t)
	a := benchAttempt(rand.New(rand.NewPCG(1, 2)), d.orders[1].id, "bling", time.Now().UTC())
	args := []any{storeID, a.ID, a.OrderID, a.System, string(a.Status), a.Action, a.Message, a.ErrorCode,
		a.ExternalID, a.OccurredAt, a.RecordedAt, a.Details, "key-1", []byte("fp"), []byte("{}")}
	if err := recordMinimal(t.Context(), pool, minimalRecordKeySQL, args); err != nil {
		t.Fatal(err)
	}
	args[1] = uuid.Must(uuid.NewV7())
	if err := recordMinimal(t.Context(), pool, minimalRecordKeySQL, args); err == nil {
		t.Fatal("the same key twice: recorded twice")
	}
	var n int
	if err := pool.QueryRow(t.Context(), "SELECT count(*) FROM integration_attempts WHERE order_id = $1 AND occurred_at = $2",
		a.OrderID, a.OccurredAt).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d attempts recorded under one key (%v); want 1", n, err)
	}
	mustConsistent(t, dbURL)
}

// TestMinimalConcurrent posts concurrently to one order, at times out of
// order, and checks that no count or state was lost, and that the check
// finds a summary that is wrong.
func TestMinimalConcurrent(t *testing.T) {
	t.Parallel()
	pool, dbURL, d := minimalDB(t)
	ctx := t.Context()
	id := d.orders[2].id
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	base := time.Now().UTC().Truncate(time.Second)
	for w := range 8 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), 9))
			for range 25 {
				st := []order.AttemptStatus{order.AttemptSuccess, order.AttemptError, order.AttemptPending}[r.IntN(3)]
				if err := post(ctx, pool, id, systems[r.IntN(2)], st, "m", base.Add(-time.Duration(r.IntN(5))*time.Second)); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	mustConsistent(t, dbURL)
	if _, err := pool.Exec(ctx, `UPDATE orders SET integration_status = 'none' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if msg, ok, err := checkMinimal(ctx, dbURL); err != nil || ok {
		t.Fatalf("a wrong summary: check says %q (%v)", msg, err)
	}
}

// TestMinimalReads runs W2, W3 and W3-lean's statements on the seed.
func TestMinimalReads(t *testing.T) {
	t.Parallel()
	pool, _, d := minimalDB(t)
	ids := make([]uuid.UUID, len(d.orders))
	for i, o := range d.orders {
		ids[i] = o.id
	}
	m := &minimal{pool: pool, ids: ids}
	r := rand.New(rand.NewPCG(5, 6))
	if err := m.history(t.Context(), r, &workerState{}); err != nil {
		t.Fatal(err)
	}
	var failing int
	for _, o := range d.orders {
		if o.summary.Status == order.IntegrationError {
			failing++
		}
	}
	for _, lean := range []bool{false, true} {
		var w workerState
		walk := m.failing(5, lean)
		if err := walk(t.Context(), r, &w); err != nil {
			t.Fatal(err)
		}
		if (w.after != nil) != (failing > 50) {
			t.Fatalf("lean %v: %d failing orders, next page %v", lean, failing, w.after)
		}
	}
}
