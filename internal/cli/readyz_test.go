package cli

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/orders-api/orders-api/internal/testdb"
)

// TestReadyzFollowsDatabase stops and starts the database under a running
// server (through a proxy): /readyz and the API answer 503 with Retry-After
// while it is down, /healthz and /metrics still answer, and everything
// recovers by itself when it is back.
func TestReadyzFollowsDatabase(t *testing.T) {
	t.Parallel()
	proxy, dbURL := newDBProxy(t, testdb.New(t))
	vars := map[string]string{"DATABASE_URL": dbURL, "HTTP_ADDR": "127.0.0.1:0"}
	token := strings.TrimSpace(runOK(t, vars, "keys", "create", "--store", "acme", "--role", "admin"))
	rep := startReplica(t, vars)
	client := &http.Client{Timeout: 10 * time.Second}
	get := func(path string) answer {
		t.Helper()
		a, err := call(t.Context(), client, "GET", rep.url(path), token, nil)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		return a
	}
	if a := get("/readyz"); a.status != http.StatusOK {
		t.Fatalf("/readyz = %d %s, want 200", a.status, a.body)
	}
	proxy.stop()
	for _, path := range []string{"/readyz", "/orders"} {
		if a := get(path); a.status != http.StatusServiceUnavailable || a.header.Get("Retry-After") == "" {
			t.Errorf("%s with the database down = %d (Retry-After %q) %s, want 503 with Retry-After",
				path, a.status, a.header.Get("Retry-After"), a.body)
		}
	}
	for _, path := range []string{"/healthz", "/metrics"} {
		if a := get(path); a.status != http.StatusOK {
			t.Errorf("%s with the database down = %d, want 200", path, a.status)
		}
	}
	proxy.start()
	deadline := time.Now().Add(5 * time.Second)
	for get("/readyz").status != http.StatusOK || get("/orders").status != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatal("/readyz or /orders still fail 5s after the database came back")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestReadyzWaitsForMigrations starts a replica (MIGRATE_ON_START=false) on
// an empty database, as when replicas start before the migration Job: it is
// unready until `orders-api migrate` has run, then ready by itself.
func TestReadyzWaitsForMigrations(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"DATABASE_URL": emptyDatabase(t), "HTTP_ADDR": "127.0.0.1:0", "MIGRATE_ON_START": "false"}
	rep := startReplica(t, vars)
	client := &http.Client{Timeout: 10 * time.Second}
	a, err := call(t.Context(), client, "GET", rep.url("/readyz"), "", nil)
	if err != nil || a.status != http.StatusServiceUnavailable || !strings.Contains(string(a.body), "pending migrations") {
		t.Fatalf("/readyz before the migration = %v %d %s, want 503 naming the pending migrations", err, a.status, a.body)
	}
	runOK(t, vars, "migrate")
	if a, err := call(t.Context(), client, "GET", rep.url("/readyz"), "", nil); err != nil || a.status != http.StatusOK {
		t.Fatalf("/readyz after the migration = %v %d %s, want 200", err, a.status, a.body)
	}
}

// emptyDatabase creates a database without any table on the test server,
// dropped when t ends, and returns its URL.
func emptyDatabase(t *testing.T) string {
	t.Helper()
	u, err := url.Parse(testdb.New(t)) // its server, and a name of the test databases' kind
	if err != nil {
		t.Fatal(err)
	}
	name := strings.TrimPrefix(u.Path, "/") + "_empty"
	u.Path = "/postgres"
	maintenance := u.String()
	conn, err := pgx.Connect(t.Context(), maintenance)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(t.Context(), "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" TEMPLATE template0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		admin, err := pgx.Connect(ctx, maintenance)
		if err != nil {
			t.Errorf("drop %s: %v", name, err)
			return
		}
		defer admin.Close(ctx)
		if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Errorf("drop %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

// TestServeWithPendingMigrations: a server started with
// MIGRATE_ON_START=false on a database without its tables says so in one
// log line and answers the API with 503 problem details and Retry-After,
// as /readyz does, instead of 500s; once `orders-api migrate` ran, the API
// answers by itself.
func TestServeWithPendingMigrations(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"DATABASE_URL": emptyDatabase(t), "HTTP_ADDR": "127.0.0.1:0", "MIGRATE_ON_START": "false"}
	rep := startReplica(t, vars)
	client := &http.Client{Timeout: 10 * time.Second}
	a, err := call(t.Context(), client, "GET", rep.url("/orders"), "oak_0193a0b27c1e7d2a9f001c2d3e4f5a6b_"+strings.Repeat("s", 43) /* well-formed: it reaches the database */, nil)
	if err != nil || a.status != http.StatusServiceUnavailable || a.header.Get("Retry-After") == "" ||
		a.header.Get("Content-Type") != "application/problem+json" || !strings.Contains(string(a.body), "pending migrations") {
		t.Fatalf("/orders before the migration = %v %d %v %s, want 503 problem details with Retry-After naming the pending migrations",
			err, a.status, a.header, a.body)
	}
	var warned []string
	for _, line := range rep.logLines(t) {
		if line["level"] == "WARN" || line["level"] == "ERROR" {
			warned = append(warned, fmt.Sprint(line["msg"], " ", line["reason"]))
		}
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "orders-api migrate") || !strings.Contains(warned[0], "pending migrations") {
		t.Errorf("warnings and errors logged: %q, want one line naming the pending migrations and orders-api migrate", warned)
	}
	runOK(t, vars, "migrate")
	token := strings.TrimSpace(runOK(t, vars, "keys", "create", "--store", "acme", "--role", "admin"))
	if a, err := call(t.Context(), client, "GET", rep.url("/orders"), token, nil); err != nil || a.status != http.StatusOK {
		t.Fatalf("/orders after the migration = %v %d %s, want 200", err, a.status, a.body)
	}
}
