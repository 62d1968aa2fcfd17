package pgstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/orders-api/orders-api/internal/database/sqldb"
)

// query runs a raw query of ctx's connection (see conn) and scans each row
// into a T through its columns. It is the read path of the hot queries:
// explicit scans cost a third less than GORM's reflective Scan, and outside
// a transaction the query runs on pgx itself (see onPgx).
func query[T any, P sqldb.Row[T]](ctx context.Context, db *DB, text string, args ...any) ([]T, error) {
	return queryOf[T, P](ctx, db, 0, text, args...)
}

// queryOf is query of a SELECT list without the columns of skip (see
// sqldb.ListOf), which it leaves zero.
func queryOf[T any, P sqldb.Row[T]](ctx context.Context, db *DB, skip sqldb.Skip, text string, args ...any) ([]T, error) {
	args = pgArgs(args)
	g := db.conn(ctx)
	if pool, ok := g.Statement.ConnPool.(*sql.DB); ok && g.Error == nil {
		if out, err, ok := onPgx[T, P](ctx, pool, skip, text, args); ok {
			return out, err
		}
	}
	rows, err := g.Raw(text, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return sqldb.ScanAllOf[T, P](rows, nil, skip)
}

// errNotPgx stops onPgx on a connection that is not pgx's.
var errNotPgx = errors.New("database: not a pgx connection")

// onPgx runs the query on the pgx connection under one of pool's, and
// scans with pgx's own decoding (UUIDs as [16]byte, see pgDest): no GORM
// statement, no database/sql row conversion of each value, which with the
// UUIDs' text round trips took a third of the CPU of a page of orders
// (docs/PERFORMANCE.md). The pool still hands out and checks connections.
// ok is false when the driver is not pgx's: the caller goes the usual way.
func onPgx[T any, P sqldb.Row[T]](ctx context.Context, pool *sql.DB, skip sqldb.Skip, text string,
	args []any) (out []T, err error, ok bool) {
	conn, err := pool.Conn(ctx)
	if err != nil {
		return nil, err, true
	}
	defer conn.Close()
	err = conn.Raw(func(driverConn any) error {
		pc, isPgx := driverConn.(interface{ Conn() *pgx.Conn })
		if !isPgx {
			return errNotPgx
		}
		rows, err := pc.Conn().Query(ctx, text, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		out, err = sqldb.ScanAllOf[T, P](rows, pgDest, skip)
		return err
	})
	if errors.Is(err, errNotPgx) {
		return nil, nil, false
	}
	return out, err, true
}

// pgArgs returns args with the UUIDs as [16]byte, which pgx sends as they
// are. A uuid.UUID is a driver.Valuer, so pgx would format each one as text
// and parse it back: a tenth of the CPU of a page of 50 orders, whose
// states are read by an array of their ids.
func pgArgs(args []any) []any {
	out := args
	for i, a := range args {
		var v any
		switch id := a.(type) {
		case uuid.UUID:
			v = [16]byte(id)
		case []uuid.UUID:
			v = pgUUIDs(id)
		default:
			continue
		}
		if &out[0] == &args[0] {
			out = append([]any(nil), args...)
		}
		out[i] = v
	}
	return out
}

// pgDest changes each *uuid.UUID of dest to a *[16]byte, which pgx fills
// from the binary value; a uuid.UUID is an sql.Scanner, which pgx would
// feed the UUID as text, for it to parse.
func pgDest(dest []any) {
	for i, d := range dest {
		if id, ok := d.(*uuid.UUID); ok {
			dest[i] = (*[16]byte)(id)
		}
	}
}

// pgUUIDs returns ids as a uuid[] argument that pgx encodes without text.
func pgUUIDs(ids []uuid.UUID) [][16]byte {
	out := make([][16]byte, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
