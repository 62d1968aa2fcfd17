package main

import (
	"io"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/orders-api/orders-api/internal/testdb"
)

// w4DB returns a migrated test database seeded with a small data set.
func w4DB(t *testing.T) string {
	t.Helper()
	dbURL := testdb.New(t)
	d := generate(100, 1000, time.Now().UTC().Add(-time.Hour).Truncate(time.Second), 4)
	if err := seedTables(t.Context(), dbURL, d, io.Discard); err != nil {
		t.Fatal(err)
	}
	return dbURL
}

// w4Scalar runs a query of one integer.
func w4Scalar(t *testing.T, dbURL, sql string, args ...any) int64 {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	var n int64
	if err := conn.QueryRow(t.Context(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

const w4OpenTwice = `SELECT count(*) FROM (SELECT 1 FROM integration_requests WHERE state IN ('queued', 'leased')
	GROUP BY order_id, system HAVING count(*) > 1) x`

func TestW4QueueTopsUpEachSystemWithOneOpenRequestPerOrder(t *testing.T) {
	dbURL := w4DB(t)
	ctx := t.Context()
	queued, err := w4Queue(ctx, dbURL, 90)
	if err != nil {
		t.Fatal(err)
	}
	if queued != 90 {
		t.Fatalf("queued %d, want 90", queued)
	}
	for _, s := range systems {
		if n := w4Scalar(t, dbURL, `SELECT count(*) FROM integration_requests WHERE system = $1`, s); n != 30 {
			t.Errorf("%s: %d requests, want 30", s, n)
		}
	}
	if queued, err = w4Queue(ctx, dbURL, 90); err != nil || queued != 90 {
		t.Fatalf("again: queued %d, %v; want 90 and nothing new", queued, err)
	}
	if n := w4Scalar(t, dbURL, `SELECT count(*) FROM integration_requests`); n != 90 {
		t.Fatalf("%d requests after a second top-up of a full queue, want 90", n)
	}
	// answered and leased ones: the top-up replaces the answered, keeps the leased
	w4Scalar(t, dbURL, `WITH d AS (UPDATE integration_requests SET state = 'done', completed_at = now()
		WHERE id IN (SELECT id FROM integration_requests WHERE system = 'bling' ORDER BY id LIMIT 10) RETURNING 1),
		l AS (UPDATE integration_requests SET state = 'leased', available_at = now() + interval '5 minutes'
		WHERE id IN (SELECT id FROM integration_requests WHERE system = 'tiny' ORDER BY id LIMIT 5) RETURNING 1)
		SELECT (SELECT count(*) FROM d) + (SELECT count(*) FROM l)`)
	if queued, err = w4Queue(ctx, dbURL, 90); err != nil || queued != 90 {
		t.Fatalf("after answers: queued %d, %v; want 90", queued, err)
	}
	if n := w4Scalar(t, dbURL, w4OpenTwice); n != 0 {
		t.Fatalf("%d orders and systems with two open requests", n)
	}
	if n := w4Scalar(t, dbURL, `SELECT count(*) FROM integration_requests WHERE state IN ('queued', 'leased')`); n != 95 {
		t.Fatalf("%d open requests, want 95 (90 queued, 5 leased)", n)
	}
}

func TestW4SameSQLAnswersEachLeasedRequestOnce(t *testing.T) {
	dbURL := w4DB(t)
	ctx := t.Context()
	if _, err := w4Queue(ctx, dbURL, 150); err != nil {
		t.Fatal(err)
	}
	y, err := newYardstick(ctx, dbURL, 6, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer y.close()
	x := &w4Yard{y: y, log: newW4Log()}
	var wg sync.WaitGroup
	errs := make(chan error, 6*2)
	for i := range 6 { // two connectors per system, two rounds of 10 each: 120 of the 150 requests
		wg.Go(func() {
			r, w := rand.New(rand.NewPCG(uint64(i), 1)), &workerState{connector: i + 1}
			for range 2 {
				errs <- x.round(ctx, r, w)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := x.log.answered.Load(); got != 120 {
		t.Fatalf("answered %d, want 120", got)
	}
	msg, ok, err := w4Check(ctx, dbURL, x.log)
	if err != nil || !ok {
		t.Fatalf("check: %s, %v", msg, err)
	}
	if n := w4Scalar(t, dbURL, `SELECT count(*) FROM integration_requests WHERE state = 'done'`); n != 120 {
		t.Fatalf("%d requests done, want 120", n)
	}
	// the check sees a request that is not done, and one answered twice
	w4Scalar(t, dbURL, `WITH q AS (UPDATE integration_requests SET state = 'queued'
		WHERE id = (SELECT id FROM integration_requests WHERE state = 'done' ORDER BY id LIMIT 1) RETURNING 1)
		SELECT count(*) FROM q`)
	w4Scalar(t, dbURL, `WITH c AS (INSERT INTO integration_attempts (id, store_id, order_id, system, status, message,
			occurred_at, recorded_at, request_id)
		SELECT gen_random_uuid(), store_id, order_id, system, 'success', 'again', now(), now(), request_id
		FROM integration_attempts WHERE request_id IS NOT NULL ORDER BY id LIMIT 1 RETURNING 1)
		SELECT count(*) FROM c`)
	msg, ok, err = w4Check(ctx, dbURL, x.log)
	if err != nil || ok {
		t.Fatalf("check after the damage passed: %s, %v", msg, err)
	}
	const want = "W4: 120 requests answered (both sides): 1 not done with their attempt, 1 answered twice, " +
		"0 leased again after their answer"
	if msg != want {
		t.Fatalf("check: %q, want %q", msg, want)
	}
}
