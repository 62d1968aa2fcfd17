package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/orders-api/orders-api/internal/order"
)

// minimal is the second yardstick: the minimal SQL for each job
// (minimal_sql.go) on its own tables, run in-process with pgx like the
// same-SQL yardstick, with as many goroutines on a pool of the same size.
type minimal struct {
	pool *pgxpool.Pool
	ids  []uuid.UUID
}

// minimalAppName marks the minimal yardstick's connections in pg_stat_activity.
const minimalAppName = "orders-bench-minimal"

func newMinimal(ctx context.Context, dbURL string, conns int, ids []uuid.UUID) (*minimal, error) {
	cfg, err := pgxpool.ParseConfig(dbURL)
	if err != nil {
		return nil, err
	}
	cfg.MaxConns, cfg.MinConns = int32(conns), int32(conns)
	cfg.ConnConfig.RuntimeParams["application_name"] = minimalAppName
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("minimal yardstick: %w", err)
	}
	return &minimal{pool: pool, ids: ids}, nil
}

func (m *minimal) close() { m.pool.Close() }

// record is W1: one attempt on a random order in one statement (one round
// trip, its own transaction), with a fresh Idempotency-Key when withKey is
// set, whose outcome (the same stand-in body as the same-SQL yardstick's)
// the statement stores.
func (m *minimal) record(withKey bool) op {
	return func(ctx context.Context, r *rand.Rand, _ *workerState) error {
		now := time.Now().UTC().Truncate(time.Microsecond)
		a := benchAttempt(r, m.ids[r.IntN(len(m.ids))], systems[r.IntN(len(systems))], now)
		args := []any{storeID, a.ID, a.OrderID, a.System, string(a.Status), a.Action, a.Message, a.ErrorCode,
			a.ExternalID, a.OccurredAt, a.RecordedAt, a.Details}
		sql := minimalRecordSQL
		if withKey {
			body := responseBody([]*order.Attempt{a})
			fp := sha256.Sum256(body)
			args = append(args, fmt.Sprintf("min-%d", r.Uint64()), fp[:], body)
			sql = minimalRecordKeySQL
		}
		return recordMinimal(ctx, m.pool, sql, args)
	}
}

// recordMinimal runs a W1 statement and checks that it recorded the attempt.
func recordMinimal(ctx context.Context, q querier, sql string, args []any) error {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return err
	}
	seqs, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	if len(seqs) != 1 {
		return errNoRow("order (or the key was known)")
	}
	return nil
}

// history is W2: one random order's 50 newest attempts (and one more, for
// the next page's existence).
func (m *minimal) history(ctx context.Context, r *rand.Rand, _ *workerState) error {
	rows, err := m.pool.Query(ctx, minimalHistorySQL, storeID, m.ids[r.IntN(len(m.ids))], 51)
	if err != nil {
		return err
	}
	_, err = pgx.CollectRows(rows, scanMinimalAttempt)
	return err
}

// failing is W3 (lean: W3-lean's columns): the 50 newest placed orders in
// error with their states, walking next pages by keyset up to maxDepth.
func (m *minimal) failing(maxDepth int, lean bool) op {
	cols, scan := minimalOrderColumns, scanMinimalOrder
	if lean {
		cols, scan = minimalLeanColumns, scanMinimalLean
	}
	first, next := minimalPageSQL(cols), minimalNextSQL(cols)
	return func(ctx context.Context, _ *rand.Rand, w *workerState) error {
		var rows pgx.Rows
		var err error
		if w.after == nil {
			rows, err = m.pool.Query(ctx, first, storeID, "error", 51)
			w.depth = 1
		} else {
			rows, err = m.pool.Query(ctx, next, storeID, "error", w.after.Time, w.after.ID, 51)
			w.depth++
		}
		if err != nil {
			return err
		}
		page, err := pgx.CollectRows(rows, scan)
		if err != nil {
			return err
		}
		w.after = nil
		if len(page) > 50 && w.depth < maxDepth {
			w.after = &order.OrderKey{Time: page[49].placed, ID: page[49].id}
		}
		return nil
	}
}

// minimalOrder is a row of W3's page: the order, its summary and its
// states (systems, as the JSON the database sends).
type minimalOrder struct {
	scannedOrder
	systems []byte
}

func scanMinimalOrder(row pgx.CollectableRow) (minimalOrder, error) {
	var o minimalOrder
	err := row.Scan(&o.id, &o.number, &o.status, &o.name, &o.email, &o.document, &o.currency, &o.total,
		&o.items, &o.placed, &o.created, &o.updated, &o.integration, &o.lastAttempt, &o.systems)
	return o, err
}

func scanMinimalLean(row pgx.CollectableRow) (minimalOrder, error) {
	var o minimalOrder
	err := row.Scan(&o.id, &o.number, &o.status, &o.name, &o.email, &o.document, &o.total, &o.placed,
		&o.integration, &o.lastAttempt, &o.systems)
	return o, err
}

func scanMinimalAttempt(row pgx.CollectableRow) (order.Attempt, error) {
	var a order.Attempt
	var status string
	var det []byte
	err := row.Scan(&a.ID, &a.Seq, &a.OrderID, &a.System, &status, &a.Action, &a.Message, &a.ErrorCode,
		&a.ExternalID, &a.OccurredAt, &a.RecordedAt, &det)
	a.Status, a.Details = order.AttemptStatus(status), det
	return a, err
}

// checkMinimal reports whether the minimal database's states and summaries
// are those its history gives: the minimal W1 keeps the rules of SPEC 5.3
// under the run's concurrent load.
func checkMinimal(ctx context.Context, dbURL string) (string, bool, error) {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return "", false, err
	}
	defer conn.Close(context.Background())
	var fromHistory, stored, states, summaries int64
	if err := conn.QueryRow(ctx, minimalConsistencySQL).Scan(&fromHistory, &stored, &states, &summaries); err != nil {
		return "", false, fmt.Errorf("minimal consistency check: %w", err)
	}
	ok := fromHistory == stored && states == 0 && summaries == 0
	return fmt.Sprintf("minimal yardstick after the run: %d states recomputed from its history vs %d stored: %d differ; %d order summaries differ",
		fromHistory, stored, states, summaries), ok, nil
}
