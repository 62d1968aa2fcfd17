package testdb

import (
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/orders-api/orders-api/internal/database"
)

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
