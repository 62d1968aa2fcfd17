package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"
	"golang.org/x/sync/errgroup"

	"github.com/orders-api/orders-api/internal/database"
)

// createDatabase drops and recreates the database name on the server of
// base, then applies the service's own migrations to it. It returns its URL.
func createDatabase(ctx context.Context, base, name string) (string, error) {
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		return "", fmt.Errorf("connect to %s: %w", redact(base), err)
	}
	defer conn.Close(context.Background())
	ident := pgx.Identifier{name}.Sanitize()
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+ident+" WITH (FORCE)"); err != nil {
		return "", fmt.Errorf("drop database %s: %w", name, err)
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+ident); err != nil {
		return "", fmt.Errorf("create database %s: %w", name, err)
	}
	dbURL, err := withDatabase(base, name)
	if err != nil {
		return "", err
	}
	db, err := database.Open(ctx, dbURL, slog.New(slog.DiscardHandler))
	if err != nil {
		return "", err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return "", fmt.Errorf("migrate %s: %w", name, err)
	}
	return dbURL, nil
}

// dropDatabase drops the database name on the server of base.
func dropDatabase(ctx context.Context, base, name string) error {
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
	return err
}

// withDatabase returns base pointing at database name.
func withDatabase(base, name string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("bad database URL: %w", err)
	}
	u.Path = "/" + name
	return u.String(), nil
}

// redact returns a URL without its password, for messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(bad URL)"
	}
	return u.Redacted()
}

// seedTables loads d into the migrated database at dbURL with COPY. The
// secondary indexes are dropped for the load and made again from their own
// definitions, and foreign keys are not checked row by row (the data is
// consistent by construction); then the tables are vacuumed and analyzed,
// as autovacuum would have done on a live database, and checkpointed.
func seedTables(ctx context.Context, dbURL string, d dataset, log io.Writer) error {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	defs, err := dropSecondaryIndexes(ctx, conn)
	if err != nil {
		return err
	}
	start := time.Now()
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return copyTable(gctx, dbURL, "orders", orderColumns, ordersSource(d)) })
	g.Go(func() error { return copyTable(gctx, dbURL, "order_integrations", stateColumns, statesSource(d)) })
	g.Go(func() error { return copyTable(gctx, dbURL, "integration_attempts", attemptColumns, attemptsSource(d)) })
	if err := g.Wait(); err != nil {
		return err
	}
	fmt.Fprintf(log, "  copied %d orders, %d states, %d attempts in %v\n", len(d.orders), len(d.states),
		len(d.attempts), time.Since(start).Round(time.Millisecond))
	// COPY ran without triggers (session_replication_role): the states'
	// counts of the statistics (migration 00004) are made here, once.
	if _, err := conn.Exec(ctx, `INSERT INTO integration_state_counts (store_id, system, status, n)
		SELECT store_id, system, status, count(*) FROM order_integrations GROUP BY store_id, system, status`); err != nil {
		return fmt.Errorf("count the states: %w", err)
	}
	if _, err := conn.Exec(ctx, `SELECT setval(pg_get_serial_sequence('integration_attempts', 'seq'), $1)`,
		max(int64(len(d.attempts)), 1)); err != nil {
		return fmt.Errorf("set the seq sequence: %w", err)
	}
	start = time.Now()
	if err := createIndexes(ctx, dbURL, defs); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, "VACUUM (ANALYZE) orders, order_integrations, integration_attempts"); err != nil {
		return fmt.Errorf("vacuum: %w", err)
	}
	// Write the loaded pages out now, not in the background of the first
	// measurements (checkpoint_completion_target spreads it over minutes).
	if _, err := conn.Exec(ctx, "CHECKPOINT"); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	fmt.Fprintf(log, "  rebuilt %d indexes, vacuumed, analyzed and checkpointed in %v\n", len(defs),
		time.Since(start).Round(time.Millisecond))
	return nil
}

// dropSecondaryIndexes drops the non-unique indexes of the three big tables
// and returns their definitions.
func dropSecondaryIndexes(ctx context.Context, conn *pgx.Conn) ([]string, error) {
	rows, err := conn.Query(ctx, `SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index
		WHERE indrelid IN ('orders'::regclass, 'order_integrations'::regclass, 'integration_attempts'::regclass)
			AND NOT indisprimary AND NOT indisunique`)
	if err != nil {
		return nil, fmt.Errorf("list indexes: %w", err)
	}
	type index struct{ name, def string }
	idx, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (index, error) {
		var i index
		return i, r.Scan(&i.name, &i.def)
	})
	if err != nil {
		return nil, fmt.Errorf("list indexes: %w", err)
	}
	defs := make([]string, len(idx))
	for i, x := range idx {
		if _, err := conn.Exec(ctx, "DROP INDEX "+x.name); err != nil {
			return nil, fmt.Errorf("drop index %s: %w", x.name, err)
		}
		defs[i] = x.def
	}
	return defs, nil
}

// createIndexes runs the index definitions on two connections.
func createIndexes(ctx context.Context, dbURL string, defs []string) error {
	work := make(chan string, len(defs))
	for _, d := range defs {
		work <- d
	}
	close(work)
	g, gctx := errgroup.WithContext(ctx)
	for range 2 {
		g.Go(func() error {
			conn, err := pgx.Connect(gctx, dbURL)
			if err != nil {
				return err
			}
			defer conn.Close(context.Background())
			if _, err := conn.Exec(gctx, "SET maintenance_work_mem = '256MB'"); err != nil {
				return err
			}
			for def := range work {
				if _, err := conn.Exec(gctx, def); err != nil {
					return fmt.Errorf("%s: %w", def, err)
				}
			}
			return nil
		})
	}
	return g.Wait()
}

// copyTable copies src into table on a connection of its own, without
// foreign-key triggers (session_replication_role = replica, which needs a
// superuser such as postgres) and without waiting for the WAL flush.
func copyTable(ctx context.Context, dbURL, table string, cols []string, src pgx.CopyFromSource) error {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "SET session_replication_role = replica; SET synchronous_commit = off"); err != nil {
		return fmt.Errorf("copy %s: %w (the benchmark seeds as a superuser, like postgres)", table, err)
	}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{table}, cols, src); err != nil {
		return fmt.Errorf("copy %s: %w", table, err)
	}
	return nil
}

var (
	orderColumns = []string{"id", "store_id", "number", "status", "customer_name", "customer_email",
		"customer_document", "currency", "total_cents", "items", "placed_at", "created_at", "updated_at",
		"integration_status", "last_attempt_at"}
	stateColumns = []string{"order_id", "system", "store_id", "status", "message", "error_code",
		"last_attempt_at", "last_seq", "attempts", "placed_at", "first_success_at"}
	attemptColumns = []string{"id", "seq", "store_id", "order_id", "system", "status", "action", "message",
		"error_code", "external_id", "occurred_at", "recorded_at", "details"}
)

// rowSource is a pgx.CopyFromSource of n rows made by row.
type rowSource struct {
	n, i int
	row  func(i int) []any
}

func (s *rowSource) Next() bool             { s.i++; return s.i <= s.n }
func (s *rowSource) Values() ([]any, error) { return s.row(s.i - 1), nil }
func (s *rowSource) Err() error             { return nil }

func ordersSource(d dataset) pgx.CopyFromSource {
	return &rowSource{n: len(d.orders), row: func(i int) []any { return orderRow(d, i) }}
}

// orderRow is order i's row of orderColumns.
func orderRow(d dataset, i int) []any {
	o := d.orders[i]
	email := fmt.Sprintf("cliente%d@example.com", i)
	return []any{[16]byte(o.id), storeID, o.number, o.status, "Cliente " + o.number, email, nil, "BRL",
		o.total, string(o.items), o.placed, o.placed.Add(time.Second), o.updated,
		string(o.summary.Status), o.summary.LastAttemptAt}
}

func statesSource(d dataset) pgx.CopyFromSource {
	return &rowSource{n: len(d.states), row: func(i int) []any {
		s := d.states[i]
		o := d.orders[s.order]
		return []any{[16]byte(o.id), s.state.System, storeID, string(s.state.Status), s.state.Message,
			s.state.ErrorCode, s.state.LastAttemptAt, s.state.LastSeq, s.state.Attempts, o.placed, s.firstSuccess}
	}}
}

func attemptsSource(d dataset) pgx.CopyFromSource {
	return &rowSource{n: len(d.attempts), row: func(i int) []any {
		a := d.attempts[i]
		var external *string
		if a.status == "success" {
			e := fmt.Sprintf("ERP-%d", a.seq)
			external = &e
		}
		var det any
		if b := details(a.status, a.variant); b != nil {
			det = string(b)
		}
		return []any{[16]byte(a.id), a.seq, storeID, [16]byte(d.orders[a.order].id), systems[a.system],
			string(a.status), "order.export", message(a.status, a.variant), errorCode(a.status, a.variant),
			external, a.occurred, a.recorded, det}
	}}
}
