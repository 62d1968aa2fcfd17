package testdb

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/database"
)

// TestNewGivesFreshMigratedDatabases: on each backend, two databases are
// two, both migrated, and what is written in one is not in the other.
func TestNewGivesFreshMigratedDatabases(t *testing.T) {
	t.Parallel()
	for backend, newDB := range map[Backend]func(testing.TB) string{PostgreSQL: New, SQLite: NewSQLite} {
		t.Run(string(backend), func(t *testing.T) {
			t.Parallel()
			a, b := newDB(t), newDB(t)
			if a == b {
				t.Fatalf("two tests got the same database %s", a)
			}
			ctx := context.Background()
			dbA, dbB := open(t, a), open(t, b)
			k := auth.Key{ID: uuid.Must(uuid.NewV7()), StoreID: "s", Role: auth.RoleAdmin, SecretHash: []byte{0},
				CreatedAt: time.Now()}
			if err := dbA.Keys().CreateKey(ctx, k); err != nil {
				t.Fatalf("database A is not migrated: %v", err)
			}
			if keys, err := dbB.Keys().Keys(ctx, "s"); err != nil || len(keys) != 0 {
				t.Fatalf("database B has %d keys (%v), want an empty migrated database", len(keys), err)
			}
			if err := dbB.Ready(ctx); err != nil {
				t.Fatalf("database B is not ready: %v", err)
			}
		})
	}
}

func TestNewDropsTheDatabaseAtCleanup(t *testing.T) {
	t.Parallel()
	RequirePostgres(t, "checks the drop of a PostgreSQL test database")
	var url string
	t.Run("user", func(t *testing.T) { url = New(t) })
	name := url[strings.LastIndex(url, "/")+1 : strings.Index(url, "?")]
	var exists bool
	err := connect(t, serverURL()).QueryRow(context.Background(),
		"SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists)
	if err != nil || exists {
		t.Fatalf("database %s still exists after its test (%v)", name, err)
	}
}

func TestDropDead(t *testing.T) {
	t.Parallel()
	New(t) // skips when there is no server
	ctx := context.Background()
	conn, holder := connect(t, serverURL()), connect(t, serverURL())
	live, dead := randomHex(), randomHex()
	if ok, err := tryLock(ctx, holder, live); !ok || err != nil {
		t.Fatalf("lock %s: %v %v", live, ok, err)
	}
	liveDB, deadDB := prefix+live+"_x", prefix+dead+"_x"
	for _, name := range []string{liveDB, deadDB} {
		if _, err := conn.Exec(ctx, "CREATE DATABASE "+quote(name)); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { _, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+quote(liveDB)) })
	if err := dropDead(ctx, conn, ""); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{liveDB: true, deadDB: false} {
		var exists bool
		err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists)
		if err != nil || exists != want {
			t.Errorf("database %s exists = %v, want %v (%v)", name, exists, want, err)
		}
	}
}

func TestOwnerKey(t *testing.T) {
	t.Parallel()
	if _, err := ownerKey(randomHex()); err != nil {
		t.Error(err)
	}
	for _, bad := range []string{"", "tmpl", "1795757434", "zzzzzzzz"} {
		if _, err := ownerKey(bad); err == nil {
			t.Errorf("ownerKey(%q) accepted it", bad)
		}
	}
}

// recorder is a testing.TB that records Skipf and Fatalf instead of stopping.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()                        {}
func (r *recorder) Skipf(format string, a ...any)  { r.skipped = fmt.Sprintf(format, a...) }
func (r *recorder) Fatalf(format string, a ...any) { r.failed = fmt.Sprintf(format, a...) }

func TestUnreachableServer(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "postgres://postgres@" + l.Addr().String() + "/postgres?sslmode=disable"
	_ = l.Close()
	local := &recorder{TB: t}
	newDatabase(local, closed, false)
	if local.skipped == "" || local.failed != "" {
		t.Errorf("outside CI: skipped %q, failed %q; want a skip", local.skipped, local.failed)
	}
	ci := &recorder{TB: t}
	newDatabase(ci, closed, true)
	if ci.failed == "" || ci.skipped != "" {
		t.Errorf("in CI: skipped %q, failed %q; want a failure", ci.skipped, ci.failed)
	}
}

// connect returns a connection to url, closed when t ends.
func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}

// open opens url with database.Open, closed when t ends.
func open(t *testing.T, url string) *database.DB {
	t.Helper()
	db, err := database.Open(t.Context(), url, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}
