package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// W4's queue and its check. Each side of the row (the service, then the
// same SQL) starts with the queue topped up to the same number of queued
// requests, and each side logs what it answered, which the check holds
// against the table afterwards.

// w4SeedSQL queues a request of system $2 for up to $3 orders of store $1
// that have no open one for it, as a connector finds them after a bulk
// "Reenviar todos": queued, never leased, available a minute ago. The
// partial unique index of one open request per order and system decides
// (ON CONFLICT ... DO NOTHING), so a request still open from the previous
// side is kept and not doubled. The requests' own pending attempts
// ("Reenvio solicitado") are left out: nothing in a lease or an answer reads
// them.
const w4SeedSQL = `INSERT INTO integration_requests (id, store_id, order_id, system, state, reason, requested_by,
		trigger, deliveries, available_at, created_at)
	SELECT gen_random_uuid(), $1, o.id, $2, 'queued', 'benchmark W4', 'bench', 'manual', 0,
		now() - interval '1 minute', now()
	FROM orders o
	WHERE o.store_id = $1 AND NOT EXISTS (SELECT 1 FROM integration_requests r
		WHERE r.order_id = o.id AND r.system = $2 AND r.state IN ('queued', 'leased'))
	LIMIT $3
	ON CONFLICT (order_id, system) WHERE state IN ('queued', 'leased') DO NOTHING`

// w4Queue tops the queue of the bench store up to n leasable requests,
// n/3 for each system (the connectors are spread evenly over them; at most
// one per order and system), and returns how many are queued now.
func w4Queue(ctx context.Context, dbURL string, n int) (int64, error) {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return 0, err
	}
	defer conn.Close(context.Background())
	var total int64
	const countSQL = `SELECT count(*) FROM integration_requests WHERE store_id = $1 AND system = $2 AND state = 'queued'`
	for _, system := range systems {
		var queued int64
		if err := conn.QueryRow(ctx, countSQL, storeID, system).Scan(&queued); err != nil {
			return 0, fmt.Errorf("count queued requests: %w", err)
		}
		if missing := int64(n/len(systems)) - queued; missing > 0 {
			tag, err := conn.Exec(ctx, w4SeedSQL, storeID, system, missing)
			if err != nil {
				return 0, fmt.Errorf("queue requests: %w", err)
			}
			queued += tag.RowsAffected()
		}
		total += queued
	}
	if _, err := conn.Exec(ctx, "ANALYZE integration_requests"); err != nil {
		return 0, fmt.Errorf("analyze requests: %w", err)
	}
	return total, nil
}

// w4Log is what one side leased and answered: each request's attempt, the
// requests leased twice, and the leases that came back empty.
type w4Log struct {
	answered atomic.Int64 // answers recorded: the row's rate
	dry      atomic.Int64 // leases that found nothing
	mu       sync.Mutex
	attempt  map[uuid.UUID]uuid.UUID // request -> the attempt that answered it
	again    int                     // requests leased again after this side answered them
}

func newW4Log() *w4Log { return &w4Log{attempt: map[uuid.UUID]uuid.UUID{}} }

// leased notes a request just leased; one already answered is counted.
func (l *w4Log) leased(rid uuid.UUID) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.attempt[rid]; ok {
		l.again++
	}
}

// ranDry counts a lease that found nothing and waits a little, as a
// connector's long poll would, rather than loading the other side's
// measurement with empty leases; it returns errW4Dry.
func (l *w4Log) ranDry(ctx context.Context) error {
	l.dry.Add(1)
	select {
	case <-ctx.Done():
	case <-time.After(50 * time.Millisecond):
	}
	return errW4Dry
}

// answer notes that attempt aid answered request rid.
func (l *w4Log) answer(rid, aid uuid.UUID) {
	l.mu.Lock()
	l.attempt[rid] = aid
	l.mu.Unlock()
	l.answered.Add(1)
}

// w4CheckSQL counts, among the answered requests $1 with their attempts $2,
// those that are not done with that attempt; then the requests of the
// store answered (success or error) by more than one attempt.
const w4CheckSQL = `SELECT
	(SELECT count(*) FROM unnest($1::uuid[], $2::uuid[]) AS a(rid, aid)
		LEFT JOIN integration_requests r ON r.id = a.rid
		WHERE r.id IS NULL OR r.state <> 'done' OR r.attempt_id IS DISTINCT FROM a.aid),
	(SELECT count(*) FROM (SELECT request_id FROM integration_attempts
		WHERE store_id = $3 AND request_id IS NOT NULL AND status IN ('success', 'error')
		GROUP BY request_id HAVING count(*) > 1) twice)`

// w4Check holds the logs of both sides against the database: every
// answered request done with its attempt, none answered twice, none leased
// again once answered.
func w4Check(ctx context.Context, dbURL string, logs ...*w4Log) (string, bool, error) {
	var rids, aids []uuid.UUID
	again := 0
	for _, l := range logs {
		l.mu.Lock()
		for r, a := range l.attempt {
			rids, aids = append(rids, r), append(aids, a)
		}
		again += l.again
		l.mu.Unlock()
	}
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return "", false, err
	}
	defer conn.Close(context.Background())
	var wrong, twice int64
	if err := conn.QueryRow(ctx, w4CheckSQL, rids, aids, storeID).Scan(&wrong, &twice); err != nil {
		return "", false, fmt.Errorf("check W4's answers: %w", err)
	}
	ok := len(rids) > 0 && wrong == 0 && twice == 0 && again == 0
	return fmt.Sprintf("W4: %d requests answered (both sides): %d not done with their attempt, %d answered twice, "+
		"%d leased again after their answer", len(rids), wrong, twice, again), ok, nil
}
