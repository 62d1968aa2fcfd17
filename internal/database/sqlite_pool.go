package database

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// sqliteTime is how a time is stored in SQLite: UTC, fixed width, to the
// microsecond PostgreSQL keeps, so that text order is time order for years
// 0001-9999. The driver reads it back into a time.Time in UTC from columns
// declared DATETIME.
const sqliteTime = "2006-01-02T15:04:05.000000Z"

// sqlitePool is GORM's connection pool on SQLite: writes and transactions
// go to the one-connection writer, reads outside transactions to the
// readers (see openSQLite). It also stores Go values the SQLite way (see
// sqliteArgs), so that the shared code passes what it passes to PostgreSQL.
type sqlitePool struct {
	writer, readers *sql.DB
}

// PrepareContext prepares on the writer (GORM only prepares when asked to).
func (p *sqlitePool) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return p.writer.PrepareContext(ctx, query)
}

// ExecContext runs a statement without rows: always a write.
func (p *sqlitePool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return p.writer.ExecContext(ctx, query, sqliteArgs(args)...)
}

// QueryContext runs a SELECT on a reader, anything else (INSERT ...
// RETURNING) on the writer.
func (p *sqlitePool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return p.route(query).QueryContext(ctx, query, sqliteArgs(args)...)
}

// QueryRowContext is QueryContext for one row.
func (p *sqlitePool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return p.route(query).QueryRowContext(ctx, query, sqliteArgs(args)...)
}

// BeginTx begins a transaction on the writer (BEGIN IMMEDIATE).
func (p *sqlitePool) BeginTx(ctx context.Context, opts *sql.TxOptions) (gorm.ConnPool, error) {
	tx, err := p.writer.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &sqliteTx{tx}, nil
}

// GetDBConn returns the writer, the pool GORM reports as its own.
func (p *sqlitePool) GetDBConn() (*sql.DB, error) { return p.writer, nil }

// route returns the pool of a statement outside a transaction. Only a plain
// SELECT reads; the readers are query-only, so a write sent there by mistake
// fails loudly instead of racing the writer.
func (p *sqlitePool) route(query string) *sql.DB {
	q := strings.TrimLeft(query, " \t\r\n")
	if len(q) >= 6 && strings.EqualFold(q[:6], "SELECT") {
		return p.readers
	}
	return p.writer
}

// sqliteTx is a transaction of the writer, storing values like sqlitePool.
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
