package database_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/glebarez/sqlite"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql's "pgx" driver, for rawDB

	"github.com/orders-api/orders-api/internal/testdb"
)

// suite lists the tests of this package that open a database: all run on
// PostgreSQL, and those in SQLite again on the embedded database.
var suite = testdb.Suite{
	Openers: []string{"openDB", "openURL"},
	SQLite: []func(*testing.T){
		TestReadyAndMigrate, TestCreateAndReadOrder, TestCreateOrderDuplicateNumber, TestOrderNotFound,
		TestStoreIsolation, TestUpdateOrder, TestRecordingKeepsUpdatedAt, TestRecordBatchWithMissingOrders,
		TestRecordStoresAttemptsFaithfully, TestRecordConcurrently, TestRecordConcurrentBatches, TestSummary,
		TestOrdersFilters, TestOrdersPagingWhileInserting, TestAttemptsFilters, TestKeys,
		TestIdempotencyRollback, TestIdempotencyMisuse, TestIdempotencyPurge,
		TestRetentionOnAnEmptyDatabase, TestOrderExists, TestStatsMatchBruteForce, TestFeedLagging, TestExportEndsWithItsContext,
		TestSQLiteStorage, TestSQLiteIdempotencyLock, TestSQLiteSchema, TestSQLitePlans, TestSQLiteRetention,
		TestSQLiteBeginFailure,
	},
	PostgresOnly: map[string]string{
		"TestRecoversAfterDisconnect": "terminates the server's backends (pg_terminate_backend)",
		"TestListPlans":               "checks PostgreSQL's EXPLAIN plans (TestSQLitePlans checks SQLite's)",
		"TestRetentionDeletesOldAttemptsOnly": "checks the tables with PostgreSQL's SQL (json_agg); " +
			"TestSQLiteRetention covers SQLite",
		"TestIdempotencyLock": "holds a key in an open write transaction while another transaction reads: " +
			"SQLite has one writer, so the reader waits for the holder (TestSQLiteIdempotencyLock covers SQLite)",
	},
}

// TestSQLite runs the database tests again on the embedded SQLite database.
func TestSQLite(t *testing.T) {
	t.Parallel()
	suite.Run(t)
}

// TestSuiteIsComplete checks that every database test is in suite.
func TestSuiteIsComplete(t *testing.T) {
	t.Parallel()
	suite.Check(t)
}

// onSQLite skips t unless it runs on SQLite: for the tests of what only the
// embedded database does.
func onSQLite(t *testing.T) {
	t.Helper()
	if testdb.BackendOf(t) != testdb.SQLite {
		t.Skip("SQLite only: runs under TestSQLite")
	}
}

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
