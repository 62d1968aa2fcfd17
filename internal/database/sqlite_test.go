package database_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/glebarez/sqlite"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql's "pgx" driver, for rawDB
)

// rawQueries is plain SQL on a test database of either backend, below the
// stores, with pgx's method names. Statements use $1, $2... on both.
type rawQueries struct{ db *sql.DB }

// QueryRow runs a query for one row.
func (r rawQueries) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return r.db.QueryRowContext(ctx, query, args...)
}

// Exec runs a statement.
func (r rawQueries) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return r.db.ExecContext(ctx, query, args...)
}

// rawDB returns plain SQL access to the database at url, closed when t ends.
func rawDB(t testing.TB, url string) rawQueries {
	t.Helper()
	driver, name := "pgx", url
	if path, ok := strings.CutPrefix(url, "sqlite://"); ok {
		driver, name = sqlite.DriverName, path
	}
	db, err := sql.Open(driver, name)
	if err != nil {
		t.Fatalf("raw open: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return rawQueries{db}
}
