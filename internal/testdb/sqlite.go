package testdb

import (
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orders-api/orders-api/internal/database"
)

// Backend is a database the tests run against.
type Backend string

// The backends: PostgreSQL, the production database, and the embedded SQLite.
const (
	PostgreSQL Backend = "postgres"
	SQLite     Backend = "sqlite"
)

// SQLiteSuite is the name of the test under which a package runs its
// database tests again on SQLite (see Suite): every test below it gets
// SQLite from NewFor.
const SQLiteSuite = "TestSQLite"

// BackendOf returns the backend of t: SQLite under the test SQLiteSuite,
// else PostgreSQL.
func BackendOf(t testing.TB) Backend {
	if strings.HasPrefix(t.Name(), SQLiteSuite+"/") {
		return SQLite
	}
	return PostgreSQL
}

// NewFor returns the URL of a fresh, migrated database of t's backend (see
// BackendOf), for database.Open.
func NewFor(t testing.TB) string {
	t.Helper()
	if BackendOf(t) == SQLite {
		return NewSQLite(t)
	}
	return New(t)
}

// NewSQLite returns the URL (sqlite://...) of a fresh, migrated SQLite
// database: a file in t.TempDir(), so it goes away with t. Migrating a new
// file takes a few milliseconds: no template is needed.
func NewSQLite(t testing.TB) string {
	t.Helper()
	url := database.SQLiteURL(filepath.Join(t.TempDir(), "orders.db"))
	db, err := database.Open(t.Context(), url, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("testdb: open SQLite: %v", err)
	}
	defer db.Close()
	if err := db.Migrate(t.Context()); err != nil {
		t.Fatalf("testdb: migrate SQLite: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("testdb: close SQLite: %v", err)
	}
	return url
}
