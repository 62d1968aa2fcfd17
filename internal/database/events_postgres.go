package database

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/orders-api/orders-api/internal/order"
)

// On PostgreSQL an attempt's position is (txid, seq): txid is the inserting
// transaction's pg_current_xact_id() (the column's default), so every
// attempt of one transaction shares it. An attempt is final, and sent, only
// below the frontier of the reading statement's snapshot (pgFrontier): the
// smallest transaction id still in flight in this database, or the
// snapshot's xmax. Every transaction below it has ended (or runs in another
// database, so it can't insert here), and new ones get larger ids, so no
// attempt can still commit at a position already passed. seq alone would
// not do: it is taken at insert, and a transaction that took a smaller seq
// may commit after a larger one was sent, and be skipped by a resume.
//
// The frontier is not the snapshot's xmin, which is cluster-wide: a long
// transaction in another database (a bulk load, a migration) would hold
// every stream back. An in-flight id is known to be another database's
// when pg_stat_activity, read after the snapshot, shows it on a backend of
// another database; one that ended meanwhile, or that is hidden, counts as
// ours: the frontier is then lower than it could be, never higher.
const (
	pgFrontier = `(WITH s AS MATERIALIZED (SELECT pg_current_snapshot() AS snap)
		SELECT coalesce(
			(SELECT min(x) FROM s, pg_snapshot_xip(s.snap) AS x
				WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.backend_xid = x::xid
					AND a.datname IS NOT NULL AND a.datname <> current_database())),
			(SELECT pg_snapshot_xmax(s.snap) FROM s)))`

	pgTailSQL = `SELECT txid::text, seq FROM integration_attempts
		WHERE txid < ` + pgFrontier + ` ORDER BY txid DESC, seq DESC LIMIT 1`

	pgFetchSQL = `SELECT ` + attemptColumns + `, txid::text FROM integration_attempts
		WHERE (txid, seq) > ($1::text::xid8, $2) AND txid < ` + pgFrontier + `
		ORDER BY txid, seq LIMIT $3`

	// pgHeldSQL reports whether committed attempts wait behind an older
	// transaction still in flight: the hub reads again shortly. It compares
	// the greatest txid (the last entry of integration_attempts_txid_idx) with
	// the frontier: a range condition on it would be estimated at a third of
	// the table and read the table whole.
	pgHeldSQL = `SELECT coalesce((SELECT txid FROM integration_attempts ORDER BY txid DESC, seq DESC LIMIT 1)
		>= ` + pgFrontier + `, false)`

	// notifyChannel is the channel of migration 00004's trigger: one
	// notification per transaction that recorded attempts, the store id as
	// payload.
	notifyChannel = "integration_attempts"
)

// pgEvents is the event source on PostgreSQL.
type pgEvents struct{ db *DB }

// eventRow is an attempt with its transaction id, as text.
type eventRow struct {
	attemptRow
	Tx string
}

// dest returns the scan destinations of attemptColumns and the txid.
func (r *eventRow) dest() []any { return append(r.attemptRow.dest(), &r.Tx) }

// toEvents converts rows to events.
func toEvents(rows []eventRow) ([]order.Event, error) {
	events := make([]order.Event, len(rows))
	for i, r := range rows {
		tx, err := strconv.ParseUint(r.Tx, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("database: unable to read a transaction id %q: %w", r.Tx, err)
		}
		events[i] = order.Event{Pos: order.EventPos{Tx: tx, Seq: r.Seq}, Attempt: toAttempt(r.attemptRow)}
	}
	return events, nil
}

func (p pgEvents) tail(ctx context.Context) (order.EventPos, error) {
	type tailRow struct {
		tx  string
		seq int64
	}
	rows, err := scanRows(p.db.conn(ctx), func(r *tailRow) []any { return []any{&r.tx, &r.seq} }, pgTailSQL)
	if err != nil {
		return order.EventPos{}, classify(err, "read the stream's tail")
	}
	if len(rows) == 0 {
		return order.EventPos{}, nil
	}
	tx, err := strconv.ParseUint(rows[0].tx, 10, 64)
	if err != nil {
		return order.EventPos{}, fmt.Errorf("database: unable to read a transaction id %q: %w", rows[0].tx, err)
	}
	return order.EventPos{Tx: tx, Seq: rows[0].seq}, nil
}

func (p pgEvents) fetch(ctx context.Context, pos order.EventPos, limit int) ([]order.Event, bool, error) {
	conn := p.db.conn(ctx)
	rows, err := scanRows(conn, (*eventRow).dest, pgFetchSQL, strconv.FormatUint(pos.Tx, 10), pos.Seq, limit)
	if err != nil {
		return nil, false, classify(err, "read new attempts")
	}
	events, err := toEvents(rows)
	if err != nil || len(events) == limit {
		return events, false, err
	}
	held, err := scanRows(conn, func(b *bool) []any { return []any{b} }, pgHeldSQL)
	if err != nil {
		return nil, false, classify(err, "read new attempts")
	}
	return events, len(held) == 1 && held[0], nil
}

func (p pgEvents) catchUp(ctx context.Context, storeID string, f order.StreamFilter, after, upTo order.EventPos,
	limit int) ([]order.Event, error) {
	var q query
	q.where("store_id = %s", storeID)
	q.where("(txid, seq) > (%s::text::xid8, %s)", strconv.FormatUint(after.Tx, 10), after.Seq)
	q.where("(txid, seq) <= (%s::text::xid8, %s)", strconv.FormatUint(upTo.Tx, 10), upTo.Seq)
	streamFilter(&q, f)
	text := `SELECT ` + attemptColumns + `, txid::text FROM integration_attempts ` + q.clause() +
		` ORDER BY txid, seq LIMIT ` + q.arg(limit)
	rows, err := scanRows(p.db.conn(ctx), (*eventRow).dest, text, q.args...)
	if err != nil {
		return nil, classify(err, "read attempts to resume")
	}
	return toEvents(rows)
}

// streamFilter adds a stream's filters to q.
func streamFilter(q *query, f order.StreamFilter) {
	whereIf(q, "order_id = %s", f.OrderID)
	whereIf(q, "system = %s", f.System)
	if f.Status != nil {
		q.where("status = %s", string(*f.Status))
	}
}

// listen holds a session connection of its own (not one of the pool's) that
// LISTENs to notifyChannel, and wakes the hub on each notification, and once
// after each (re)connection for what it may have missed; the hub's poll
// covers the time it is down.
func (p pgEvents) listen(ctx context.Context, wake func(), log *slog.Logger) {
	for ctx.Err() == nil {
		err := p.listenOnce(ctx, wake)
		if ctx.Err() != nil {
			return
		}
		log.WarnContext(ctx, "live stream: notifications lost, polling until they return", slog.Any("error", err))
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

// listenOnce listens until the connection fails or ctx is done.
func (p pgEvents) listenOnce(ctx context.Context, wake func()) error {
	cfg, err := p.connConfig(ctx)
	if err != nil {
		return err
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("database: unable to connect the listener: %w", err)
	}
	defer func() { _ = conn.Close(context.Background()) }()
	if _, err := conn.Exec(ctx, "LISTEN "+notifyChannel); err != nil {
		return fmt.Errorf("database: unable to listen: %w", err)
	}
	wake()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return fmt.Errorf("database: notification lost: %w", err)
		}
		wake()
	}
}

// errNoPgxConfig is connConfig's error when the pool is not pgx's.
var errNoPgxConfig = errors.New("database: the pool has no pgx connection")

// connConfig returns a copy of the configuration of the pool's connections.
func (p pgEvents) connConfig(ctx context.Context) (*pgx.ConnConfig, error) {
	c, err := p.db.sql.Conn(ctx)
	if err != nil {
		return nil, classify(err, "connect the listener")
	}
	defer c.Close()
	var cfg *pgx.ConnConfig
	err = c.Raw(func(driverConn any) error {
		pc, ok := driverConn.(interface{ Conn() *pgx.Conn })
		if !ok {
			return errNoPgxConfig
		}
		cfg = pc.Conn().Config().Copy()
		return nil
	})
	return cfg, err
}
