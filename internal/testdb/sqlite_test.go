package testdb

import (
	"context"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/database"
)

func TestNewSQLiteGivesFreshMigratedDatabases(t *testing.T) {
	t.Parallel()
	a, b := NewSQLite(t), NewSQLite(t)
	if a == b {
		t.Fatalf("two tests got the same database %s", a)
	}
	ctx := context.Background()
	dbA, dbB := open(t, a), open(t, b)
	k := auth.Key{ID: uuid.Must(uuid.NewV7()), StoreID: "s", Role: auth.RoleAdmin, SecretHash: []byte{0}, CreatedAt: time.Now()}
	if err := dbA.Keys().CreateKey(ctx, k); err != nil {
		t.Fatalf("database A is not migrated: %v", err)
	}
	if keys, err := dbB.Keys().Keys(ctx, "s"); err != nil || len(keys) != 0 {
		t.Fatalf("database B has %d keys (%v), want an empty migrated database", len(keys), err)
	}
	if err := dbB.Ready(ctx); err != nil {
		t.Fatalf("database B is not ready: %v", err)
	}
}

// TestSQLite is named SQLiteSuite: its subtests get SQLite.
func TestSQLite(t *testing.T) {
	t.Parallel()
	t.Run("sub", func(t *testing.T) {
		if BackendOf(t) != SQLite {
			t.Errorf("BackendOf(%s) = %s, want sqlite", t.Name(), BackendOf(t))
		}
	})
}

func TestBackendOf(t *testing.T) {
	t.Parallel()
	if BackendOf(t) != PostgreSQL {
		t.Errorf("BackendOf(%s) = %s, want postgres", t.Name(), BackendOf(t))
	}
}

func TestReaching(t *testing.T) {
	t.Parallel()
	calls := map[string][]string{
		"TestA": {"helper"}, "helper": {"newEnv"}, "TestB": {"newEnv", "other"}, "TestC": {"other"}, "other": {"strings"},
	}
	got := reaching(calls, []string{"newEnv"})
	slices.Sort(got)
	if want := []string{"TestA", "TestB", "helper", "newEnv"}; !slices.Equal(got, want) {
		t.Errorf("reaching = %v, want %v", got, want)
	}
}

// open opens url, closed when t ends.
func open(t *testing.T, url string) *database.DB {
	t.Helper()
	db, err := database.Open(t.Context(), url, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}
