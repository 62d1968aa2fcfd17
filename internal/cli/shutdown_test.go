package cli

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/orders-api/orders-api/internal/testdb"
)

// TestGracefulDrain stops a server while a request is in flight: the
// listener closes, the request still completes (201) and is stored, and
// the server then stops without error.
func TestGracefulDrain(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"DATABASE_URL": testdb.New(t), "HTTP_ADDR": "127.0.0.1:0", "SHUTDOWN_TIMEOUT": "10s"}
	token := strings.TrimSpace(runOK(t, vars, "keys", "create", "--store", "acme", "--role", "admin"))
	rep := startReplica(t, vars)
	client := &http.Client{Timeout: 15 * time.Second}
	a, err := call(t.Context(), client, "POST", rep.url("/orders"), token,
		[]byte(`{"number":"1","customer":{"name":"Ana"},"total_cents":10}`))
	if err != nil || a.status != http.StatusCreated {
		t.Fatalf("POST /orders: %v %d %s", err, a.status, a.body)
	}
	location := a.header.Get("Location")
	client.CloseIdleConnections()

	body, send := io.Pipe()
	req, err := http.NewRequestWithContext(t.Context(), "POST", rep.url(location+"/integration-history"), body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	answered := make(chan *http.Response, 1)
	go func() {
		resp, err := client.Do(req)
		if err != nil {
			t.Errorf("the in-flight request failed: %v", err)
		}
		answered <- resp
	}()
	fmt.Fprint(send, `{"system":"bling","status":"success",`) // the request is now in the handler, reading its body
	time.Sleep(100 * time.Millisecond)
	stopped := make(chan error, 1)
	go func() { stopped <- rep.shutdown() }()
	waitRefused(t, rep.addr)
	fmt.Fprint(send, `"message":"sent during the shutdown"}`)
	send.Close()
	resp := <-answered
	if resp == nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("the in-flight request got %v, want 201", resp)
	}
	resp.Body.Close()
	if err := <-stopped; err != nil {
		t.Fatalf("serve: %v", err)
	}
	var n int
	conn, err := pgx.Connect(t.Context(), vars["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if err := conn.QueryRow(t.Context(), "SELECT count(*) FROM integration_attempts").Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d attempts stored (%v), want 1", n, err)
	}
}

// waitRefused waits until addr refuses new connections: the server has
// begun its shutdown.
func waitRefused(t *testing.T, addr string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			return
		}
		c.Close()
	}
	t.Fatal("the server still accepts connections 5s after the stop")
}
