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
	var out []T
	err := db.run(ctx, text, args, func(rows sqldb.Rows, adapt func([]any)) (err error) {
		out, err = sqldb.ScanAll[T, P](rows, adapt)
		return err
	})
	return out, err
}

// values is query for rows of one column.
func values[V any](ctx context.Context, db *DB, text string, args ...any) ([]V, error) {
	var out []V
	err := db.run(ctx, text, args, func(rows sqldb.Rows, _ func([]any)) (err error) {
		out, err = sqldb.ScanValues[V](rows)
		return err
	})
	return out, err
}

// scanner scans the rows of a query, changing its targets with adapt (nil:
// none) before each row.
type scanner func(rows sqldb.Rows, adapt func([]any)) error

// run runs a query on ctx's connection and hands its rows to scan: on pgx,
// with pgDest; through database/sql (in a transaction), as they are.
func (db *DB) run(ctx context.Context, text string, args []any, scan scanner) error {
	args = pgArgs(args)
	g := db.conn(ctx)
	if pool, ok := g.Statement.ConnPool.(*sql.DB); ok && g.Error == nil {
		if err, ok := onPgx(ctx, pool, text, args, scan); ok {
			return err
		}
	}
	rows, err := g.Raw(text, args...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	return scan(rows, nil)
}

// errNotPgx stops onPgx on a connection that is not pgx's.
var errNotPgx = errors.New("database: not a pgx connection")

// onPgx runs the query on the pgx connection under one of pool's, and
// scans with pgx's own decoding: no GORM statement, no database/sql row
// conversion of each value, which with the UUIDs' text round trips took a
// third of the CPU of a page of orders (docs/PERFORMANCE.md). The pool still
// hands out and checks connections.
// ok is false when the driver is not pgx's: the caller goes the usual way.
func onPgx(ctx context.Context, pool *sql.DB, text string, args []any, scan scanner) (err error, ok bool) {
	conn, err := pool.Conn(ctx)
	if err != nil {
		return err, true
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
		return scan(rows, pgDest)
	})
	if errors.Is(err, errNotPgx) {
		return nil, false
	}
	return err, true
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
