package testdb

import (
	"fmt"
	"os"
	"testing"
)

// Backend is a database the tests run against.
type Backend string

// The backends: PostgreSQL, the production database, and the embedded SQLite.
const (
	PostgreSQL Backend = "postgres"
	SQLite     Backend = "sqlite"
)

// backendVar chooses the backend of a test run: postgres (the default) or
// sqlite. The same database and HTTP suites run on either; `make test` runs
// them once per backend.
const backendVar = "TEST_DB"

// parseBackend returns the backend a value of TEST_DB names; "" is PostgreSQL.
func parseBackend(value string) (Backend, error) {
	switch b := Backend(value); b {
	case "":
		return PostgreSQL, nil
	case PostgreSQL, SQLite:
		return b, nil
	}
	return "", fmt.Errorf("testdb: %s=%q: want %s or %s", backendVar, value, PostgreSQL, SQLite)
}

// BackendOf returns the backend of this test run, from TEST_DB; a value
// other than postgres, sqlite or empty fails t.
func BackendOf(t testing.TB) Backend {
	t.Helper()
	b, err := parseBackend(os.Getenv(backendVar))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// NewFor returns the URL of a fresh, migrated database of the run's backend
// (see BackendOf), for database.Open: the helper of the tests that run on
// either engine.
func NewFor(t testing.TB) string {
	t.Helper()
	if BackendOf(t) == SQLite {
		return NewSQLite(t)
	}
	return New(t)
}

// RequirePostgres skips t, saying why, unless the run's backend is
// PostgreSQL: for a test of what only PostgreSQL has, or that one backend
// is enough for.
func RequirePostgres(t testing.TB, why string) {
	t.Helper()
	if b := BackendOf(t); b != PostgreSQL {
		t.Skipf("PostgreSQL only (%s=%s): %s", backendVar, b, why)
	}
}

// RequireSQLite skips t, saying why, unless the run's backend is SQLite:
// for a test of what only the embedded database does.
func RequireSQLite(t testing.TB, why string) {
	t.Helper()
	if b := BackendOf(t); b != SQLite {
		t.Skipf("SQLite only (run with %s=sqlite): %s", backendVar, why)
	}
}
