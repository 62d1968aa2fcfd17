package pgstore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/orders-api/orders-api/internal/database/sqldb"
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

	// pgHeldSQL reports whether committed attempts wait behind an older
	// transaction still in flight: the hub reads again shortly. It compares
	// the greatest txid (the last entry of integration_attempts_txid_idx) with
	// the frontier: a range condition on it would be estimated at a third of
	// the table and read the table whole.
	pgHeldSQL = `SELECT coalesce((SELECT txid FROM integration_attempts ORDER BY txid DESC, seq DESC LIMIT 1)
		>= ` + pgFrontier + `, false)`

	// attemptsChannel is the channel of migration 00004's trigger: one
	// notification per transaction that recorded attempts, the store id as
	// payload. The live stream listens to it on a session of its own,
	// apart from the request notifications (listen.go).
	attemptsChannel = "integration_attempts"
)

// pgFetchSQL reads the final attempts after a position: $1 and $2 the
// position, $3 how many.
var pgFetchSQL = `SELECT ` + sqldb.AttemptColumns() + `, txid::text FROM integration_attempts
		WHERE (txid, seq) > ($1::text::xid8, $2) AND txid < ` + pgFrontier + `
		ORDER BY txid, seq LIMIT $3`

// pgEvents is the event source on PostgreSQL.
type pgEvents struct{ db *DB }

// tailRow is a row of pgTailSQL.
type tailRow struct {
	Tx  string
	Seq int64
}

// Columns lists tailRow's columns and their scan targets.
func (r *tailRow) Columns(c sqldb.Columns) sqldb.Columns {
	return c.Add("txid::text", &r.Tx).Add("seq", &r.Seq)
}

// Tail implements sqldb.EventSource.
func (p pgEvents) Tail(ctx context.Context) (order.EventPos, error) {
	rows, err := query[tailRow](ctx, p.db, pgTailSQL)
	if err != nil {
		return order.EventPos{}, Classify(err, "read the stream's tail")
	}
	if len(rows) == 0 {
		return order.EventPos{}, nil
	}
	tx, err := sqldb.ParseTxID(rows[0].Tx)
	if err != nil {
		return order.EventPos{}, err
	}
	return order.EventPos{Tx: tx, Seq: rows[0].Seq}, nil
}

// Fetch implements sqldb.EventSource.
func (p pgEvents) Fetch(ctx context.Context, pos order.EventPos, limit int) ([]order.Event, bool, error) {
	rows, err := query[sqldb.EventRow](ctx, p.db, pgFetchSQL, strconv.FormatUint(pos.Tx, 10), pos.Seq, limit)
	if err != nil {
		return nil, false, Classify(err, "read new attempts")
	}
	events, err := sqldb.ToEvents(rows)
	if err != nil || len(events) == limit {
		return events, false, err
	}
	held, err := query[sqldb.Value[bool]](ctx, p.db, pgHeldSQL)
	if err != nil {
		return nil, false, Classify(err, "read new attempts")
	}
	return events, len(held) == 1 && held[0].V, nil
}

// CatchUp implements sqldb.EventSource.
func (p pgEvents) CatchUp(ctx context.Context, storeID string, f order.StreamFilter, after, upTo order.EventPos,
	limit int) ([]order.Event, error) {
	text, args := sqldb.CatchUpQuery(storeID, f, "txid::text", "txid, seq", limit, func(arg func(any) string) string {
		return "(txid, seq) > (" + arg(strconv.FormatUint(after.Tx, 10)) + "::text::xid8, " + arg(after.Seq) +
			") AND (txid, seq) <= (" + arg(strconv.FormatUint(upTo.Tx, 10)) + "::text::xid8, " + arg(upTo.Seq) + ")"
	})
	rows, err := query[sqldb.EventRow](ctx, p.db, text, args...)
	if err != nil {
		return nil, Classify(err, "read attempts to resume")
	}
	return sqldb.ToEvents(rows)
}

// Listen holds a session connection of its own (not one of the pool's) that
// LISTENs to attemptsChannel, and wakes the hub on each notification, and once
// after each (re)connection for what it may have missed; the hub's poll
// covers the time it is down.
func (p pgEvents) Listen(ctx context.Context, wake func(), log *slog.Logger) {
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
	if _, err := conn.Exec(ctx, "LISTEN "+attemptsChannel); err != nil {
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
		return nil, Classify(err, "connect the listener")
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
