// Package testdb gives each test a fresh, migrated database: PostgreSQL
// (New), or the embedded SQLite (NewSQLite, a file in the test's temporary
// directory). NewFor picks the backend of the run, TEST_DB=postgres|sqlite
// (default postgres), so that the same database and HTTP suites run on
// either engine; a test that makes sense on one engine only says so with
// RequirePostgres or RequireSQLite, which skip it, with the reason, on the
// other.
//
// On PostgreSQL, the first New of a test process builds a template database (migrated with
// the database package); every test then gets CREATE DATABASE ... TEMPLATE,
// a copy that takes tens of milliseconds instead of a migration, and its
// database is dropped in t.Cleanup.
//
// Cleaning up: a process cannot drop its template when it ends (there is no
// hook without TestMain), and a killed process leaves its test databases
// behind too. So every process names its databases
// orders_test_<owner>_<suffix>, with a random 32-bit owner token, and holds
// the session advisory lock (ownerLockClass, owner) on a connection kept open
// for its whole life. Before building its template, a process drops the
// databases of every owner whose lock it can take: their process is gone,
// since the server releases a session lock when its connection closes,
// however the process ended. Parallel test processes (go test ./... runs
// packages at once), on one machine or many sharing a server, never take
// each other's databases, and at most one run's leftovers wait for the next.
package testdb

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"
)

// defaultURL is the server used when TEST_DATABASE_URL is not set.
const defaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// New returns the URL of a fresh, migrated PostgreSQL database for t,
// dropped when t ends. The server is TEST_DATABASE_URL (a postgres:// URL of
// any database on it), by default a local PostgreSQL with trust
// authentication. When the server can't be reached, t is skipped, or fails
// when CI=true: CI never silently skips the database tests. A test that
// asks New for PostgreSQL is one of PostgreSQL: under TEST_DB=sqlite it is
// skipped (see RequirePostgres), as the run on PostgreSQL covers it.
func New(t testing.TB) string {
	t.Helper()
	RequirePostgres(t, "the test asks testdb.New for a PostgreSQL database")
	return newDatabase(t, serverURL(), os.Getenv("CI") == "true")
}

// serverURL returns TEST_DATABASE_URL, or defaultURL when it is not set.
func serverURL() string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return defaultURL
}

// newDatabase is New for the server base; ci makes an unreachable server fatal.
func newDatabase(t testing.TB, base string, ci bool) string {
	t.Helper()
	tmpl, err := templates.get(base)
	if err != nil {
		var unreachable *unreachableError
		if errors.As(err, &unreachable) && !ci {
			t.Skipf("testdb: skipping, PostgreSQL is not reachable (set TEST_DATABASE_URL): %v", err)
		} else {
			t.Fatalf("testdb: %v", err)
		}
		return ""
	}
	name := tmpl.database()
	if err := exec(t.Context(), base, "CREATE DATABASE "+quote(name)+" TEMPLATE "+quote(tmpl.name)); err != nil {
		t.Fatalf("testdb: create database: %v", err)
		return ""
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := exec(ctx, base, "DROP DATABASE IF EXISTS "+quote(name)+" WITH (FORCE)"); err != nil {
			t.Errorf("testdb: drop database %s: %v", name, err)
		}
	})
	return withDatabase(base, name)
}

// unreachableError is a failure to connect to the server at all.
type unreachableError struct{ err error }

func (e *unreachableError) Error() string { return e.err.Error() }
func (e *unreachableError) Unwrap() error { return e.err }

// withDatabase returns the server URL base pointing at database name.
func withDatabase(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		panic(fmt.Sprintf("testdb: TEST_DATABASE_URL is not a URL: %v", err)) // checked when the template was built
	}
	u.Path = "/" + name
	return u.String()
}
