package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// sqliteTime is how a time is stored in SQLite: UTC, fixed width, to the
// microsecond PostgreSQL keeps, so that text order is time order for years
// 0001-9999. The driver reads it back into a time.Time in UTC from columns
// declared DATETIME.
const sqliteTime = "2006-01-02T15:04:05.000000Z"

// argPool is GORM's connection pool on one of the pools of the file: it
// stores Go values the SQLite way (see sqliteArgs), so that the statements
// take what they take on PostgreSQL. On the readers, it begins no
// transaction: GORM has no BeginTx to call there.
type argPool struct{ db *sql.DB }

// PrepareContext prepares on the pool (GORM only prepares when asked to).
func (p argPool) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return p.db.PrepareContext(ctx, query)
}

// ExecContext runs a statement without rows.
func (p argPool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return p.db.ExecContext(ctx, query, sqliteArgs(args)...)
}

// QueryContext runs a query.
func (p argPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return p.db.QueryContext(ctx, query, sqliteArgs(args)...)
}

// QueryRowContext runs a query for one row.
func (p argPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return p.db.QueryRowContext(ctx, query, sqliteArgs(args)...)
}

// GetDBConn returns the pool, for GORM's DB().
func (p argPool) GetDBConn() (*sql.DB, error) { return p.db, nil }

// writePool is argPool on the one-connection writer, where transactions
// begin.
type writePool struct{ argPool }

// BeginTx begins a transaction on the writer (BEGIN IMMEDIATE).
func (p writePool) BeginTx(ctx context.Context, opts *sql.TxOptions) (gorm.ConnPool, error) {
	tx, err := p.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &sqliteTx{tx}, nil
}

// sqliteTx is a transaction of the writer, storing values like argPool.
type sqliteTx struct{ tx *sql.Tx }

// PrepareContext prepares in the transaction.
func (t *sqliteTx) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return t.tx.PrepareContext(ctx, query)
}

// ExecContext runs a statement without rows in the transaction.
func (t *sqliteTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, query, sqliteArgs(args)...)
}

// QueryContext runs a query in the transaction.
func (t *sqliteTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, query, sqliteArgs(args)...)
}

// QueryRowContext runs a one-row query in the transaction.
func (t *sqliteTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, query, sqliteArgs(args)...)
}

// Commit commits the transaction.
func (t *sqliteTx) Commit() error { return t.tx.Commit() }

// Rollback rolls the transaction back.
func (t *sqliteTx) Rollback() error { return t.tx.Rollback() }

// sqliteArgs returns args as SQLite stores them: times as sqliteTime text
// (the driver's own format has a variable width and keeps the offset), and
// id lists, which PostgreSQL takes as arrays, as JSON arrays for json_each.
// Other values go to database/sql as they are.
func sqliteArgs(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case time.Time:
			out[i] = v.UTC().Format(sqliteTime)
		case *time.Time:
			if v != nil {
				out[i] = v.UTC().Format(sqliteTime)
			}
		case []uuid.UUID:
			b, _ := json.Marshal(v) // a uuid always marshals
			out[i] = string(b)
		default:
			out[i] = a
		}
	}
	return out
}

// jsonText returns a JSON document as SQLite stores it, as text (a []byte
// would be a BLOB, which SQLite's JSON functions take for JSONB), or nil.
func jsonText(doc json.RawMessage) any {
	if doc == nil {
		return nil
	}
	return string(doc)
}
