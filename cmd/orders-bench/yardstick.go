package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/orders-api/orders-api/internal/order"
)

// yardstick runs the service's statements for each workload in-process
// with pgx: no HTTP, no JSON, no GORM or database/sql. Its throughput is
// what the database gives at that concurrency on this machine.
type yardstick struct {
	pool *pgxpool.Pool
	ids  []uuid.UUID
}

// appName marks the yardstick's connections in pg_stat_activity.
const appName = "orders-bench-yardstick"

func newYardstick(ctx context.Context, dbURL string, conns int, ids []uuid.UUID) (*yardstick, error) {
	cfg, err := pgxpool.ParseConfig(dbURL)
	if err != nil {
		return nil, err
	}
	cfg.MaxConns, cfg.MinConns = int32(conns), int32(conns)
	cfg.ConnConfig.RuntimeParams["application_name"] = appName
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &yardstick{pool: pool, ids: ids}, nil
}

func (y *yardstick) close() { y.pool.Close() }

// op is one operation of a workload, run by one worker with its own state.
type op func(ctx context.Context, r *rand.Rand, w *workerState) error

// workerState is what a worker keeps between operations: W3's page walk,
// W4's connector (1 + its index, 0 until given).
type workerState struct {
	after     *order.OrderKey
	depth     int
	connector int
}

// runOps runs fn from conns workers for d and measures it: the loop of
// both yardsticks.
func runOps(ctx context.Context, conns int, d time.Duration, fn op) measurement {
	var rec recorder
	ctx, cancel := context.WithTimeout(ctx, d+10*time.Second)
	defer cancel()
	start := time.Now()
	stop := start.Add(d)
	done := make(chan struct{})
	for i := range conns {
		go func() {
			defer func() { done <- struct{}{} }()
			r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), uint64(i)))
			var w workerState
			var lat []time.Duration
			var errors int64
			var first error
			for time.Now().Before(stop) && ctx.Err() == nil {
				t := time.Now()
				if err := fn(ctx, r, &w); err != nil {
					errors++
					if first == nil {
						first = err
					}
					continue
				}
				lat = append(lat, time.Since(t))
			}
			rec.merge(lat, errors, first)
		}()
	}
	for range conns {
		<-done
	}
	m := rec.measure(time.Since(start))
	m.firstErr = rec.first
	return m
}

// history is W2: one random order's history, 50 a page. The service's
// Service.Attempts checks that the order exists only when the page is
// empty, which never happens here: every seeded order has attempts.
func (y *yardstick) history(ctx context.Context, r *rand.Rand, _ *workerState) error {
	id := y.ids[r.IntN(len(y.ids))]
	rows, err := y.pool.Query(ctx, serviceSQL.OrderHistory, storeID, id, 51)
	if err != nil {
		return err
	}
	_, err = pgx.CollectRows(rows, scanAttempt)
	return err
}

// failing is W3 (lean: W3-lean, the statements of the sparse fields): a
// page of failing orders and their states, walking up to maxDepth pages
// before starting again at the first.
func (y *yardstick) failing(maxDepth int, lean bool) op {
	first, next, scan := serviceSQL.OrdersByIntegration, serviceSQL.OrdersByIntegrationAfter, scanOrder
	if lean {
		first, next, scan = serviceSQL.OrdersByIntegrationLean, serviceSQL.OrdersByIntegrationLeanAfter, scanLeanOrder
	}
	return func(ctx context.Context, r *rand.Rand, w *workerState) error {
		var rows pgx.Rows
		var err error
		if w.after == nil {
			rows, err = y.pool.Query(ctx, first, storeID, "error", 51)
			w.depth = 1
		} else {
			rows, err = y.pool.Query(ctx, next, storeID, "error", w.after.Time, w.after.ID, 51)
			w.depth++
		}
		if err != nil {
			return err
		}
		page, err := pgx.CollectRows(rows, scan)
		if err != nil {
			return err
		}
		ids := make([]uuid.UUID, len(page))
		for i, o := range page {
			ids[i] = o.id
		}
		if len(ids) > 0 {
			if err := y.states(ctx, y.pool, ids); err != nil {
				return err
			}
		}
		w.after = nil
		if len(page) > 50 && w.depth < maxDepth {
			w.after = &order.OrderKey{Time: page[49].placed, ID: page[49].id}
		}
		return nil
	}
}

// querier is a pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

func (y *yardstick) states(ctx context.Context, q querier, ids []uuid.UUID) error {
	rows, err := q.Query(ctx, serviceSQL.States, storeID, ids)
	if err != nil {
		return err
	}
	_, err = pgx.CollectRows(rows, scanState)
	return err
}

// scannedOrder is an order row as the service reads it.
type scannedOrder struct {
	id                          uuid.UUID
	store, number, status, name string
	email, document             *string
	currency                    string
	total                       int64
	items                       []byte
	placed, created, updated    time.Time
	integration                 string
	lastAttempt                 *time.Time
}

func scanOrder(row pgx.CollectableRow) (scannedOrder, error) {
	var o scannedOrder
	err := row.Scan(&o.id, &o.store, &o.number, &o.status, &o.name, &o.email, &o.document, &o.currency, &o.total,
		&o.items, &o.placed, &o.created, &o.updated, &o.integration, &o.lastAttempt)
	return o, err
}

// scanLeanOrder scans a row of W3-lean's statements: the columns of
// database.LeanFields.
func scanLeanOrder(row pgx.CollectableRow) (scannedOrder, error) {
	var o scannedOrder
	err := row.Scan(&o.id, &o.number, &o.status, &o.name, &o.email, &o.document, &o.total, &o.placed)
	return o, err
}

func scanState(row pgx.CollectableRow) (order.SystemState, error) {
	var s order.SystemState
	var id uuid.UUID
	var status string
	err := row.Scan(&id, &s.System, &status, &s.Message, &s.ErrorCode, &s.LastAttemptAt, &s.LastSeq, &s.Attempts)
	s.Status = order.AttemptStatus(status)
	return s, err
}

func scanAttempt(row pgx.CollectableRow) (order.Attempt, error) {
	var a order.Attempt
	var status string
	var det []byte
	err := row.Scan(&a.ID, &a.Seq, &a.StoreID, &a.OrderID, &a.System, &status, &a.Action, &a.Message, &a.ErrorCode,
		&a.ExternalID, &a.OccurredAt, &a.RecordedAt, &det)
	a.Status, a.Details = order.AttemptStatus(status), det
	return a, err
}

// errNoRow is an operation that found nothing where the service would have.
func errNoRow(what string) error { return fmt.Errorf("yardstick: no %s", what) }
