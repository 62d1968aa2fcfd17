package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
	"golang.org/x/sync/errgroup"
)

// minimalSuffix names the minimal yardstick's database after the main one:
// orders_bench_minimal.
const minimalSuffix = "_minimal"

// createMinimalDatabase drops and recreates the database name on the
// server of base with the minimal schema (minimal_sql.go), and returns its URL.
func createMinimalDatabase(ctx context.Context, base, name string) (string, error) {
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
	if err := createMinimalSchema(ctx, dbURL); err != nil {
		return "", fmt.Errorf("minimal schema in %s: %w", name, err)
	}
	return dbURL, nil
}

// createMinimalSchema creates the minimal tables in the database of dbURL.
func createMinimalSchema(ctx context.Context, dbURL string) error {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(ctx, minimalSchema)
	return err
}

// seedMinimal loads d, the data set of the main database, into the minimal
// one with COPY: the same orders (with their states in systems) and
// attempts, seq included; then its indexes and VACUUM ANALYZE (the caller
// checkpoints).
func seedMinimal(ctx context.Context, dbURL string, d dataset, log io.Writer) error {
	start := time.Now()
	systemsJSON, err := orderSystems(d)
	if err != nil {
		return err
	}
	cols := append(append([]string{}, orderColumns...), "systems")
	orders := &rowSource{n: len(d.orders), row: func(i int) []any { return append(orderRow(d, i), systemsJSON[i]) }}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return copyTable(gctx, dbURL, "orders", cols, orders) })
	g.Go(func() error { return copyTable(gctx, dbURL, "integration_attempts", attemptColumns, attemptsSource(d)) })
	if err := g.Wait(); err != nil {
		return err
	}
	if err := createIndexes(ctx, dbURL, minimalIndexes()); err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, `SELECT setval('attempt_seq', $1)`, max(int64(len(d.attempts)), 1)); err != nil {
		return fmt.Errorf("set attempt_seq: %w", err)
	}
	if _, err := conn.Exec(ctx, "VACUUM (ANALYZE) orders, integration_attempts"); err != nil {
		return fmt.Errorf("vacuum: %w", err)
	}
	fmt.Fprintf(log, "  minimal tables: copied %d orders (their states in systems), %d attempts, indexed in %v\n",
		len(d.orders), len(d.attempts), time.Since(start).Round(time.Millisecond))
	return nil
}

// minimalState is a system's state in the minimal orders.systems column.
type minimalState struct {
	Status    string    `json:"status"`
	Message   string    `json:"message"`
	ErrorCode *string   `json:"error_code"`
	At        time.Time `json:"at"`
	Seq       int64     `json:"seq"`
	N         int64     `json:"n"`
}

// orderSystems returns each order's systems column, by order index.
func orderSystems(d dataset) ([]string, error) {
	byOrder := make([]map[string]minimalState, len(d.orders))
	for _, s := range d.states {
		if byOrder[s.order] == nil {
			byOrder[s.order] = map[string]minimalState{}
		}
		byOrder[s.order][s.state.System] = minimalState{Status: string(s.state.Status), Message: s.state.Message,
			ErrorCode: s.state.ErrorCode, At: s.state.LastAttemptAt.UTC(), Seq: s.state.LastSeq, N: s.state.Attempts}
	}
	out := make([]string, len(d.orders))
	for i, m := range byOrder {
		if m == nil {
			out[i] = "{}"
			continue
		}
		b, err := json.Marshal(m)
		if err != nil {
			return nil, fmt.Errorf("systems of order %d: %w", i, err)
		}
		out[i] = string(b)
	}
	return out, nil
}

// checkpoint writes the loaded pages out now, not in the background of the
// first measurements.
func checkpoint(ctx context.Context, dbURL string) error {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "CHECKPOINT"); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}
