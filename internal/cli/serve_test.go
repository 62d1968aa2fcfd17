package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/testdb"
)

// syncBuffer is a strings.Builder safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var tokenLine = regexp.MustCompile(`^oak_[0-9a-f]{32}_[A-Za-z0-9_-]{43}\n$`)

// runOK runs a command that must succeed and returns its stdout.
func runOK(t *testing.T, vars map[string]string, args ...string) string {
	t.Helper()
	var stdout, stderr strings.Builder
	if err := Run(t.Context(), append([]string{"orders-api"}, args...), getenv(vars), &stdout, &stderr); err != nil {
		t.Fatalf("%v: %v\nstderr: %s", args, err, stderr.String())
	}
	return stdout.String()
}

// TestServeWithKeys walks the operator's path against a real database:
// migrate, create a key, serve, use the key, revoke it, shut down.
func TestServeWithKeys(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"DATABASE_URL": testdb.New(t), "HTTP_ADDR": "127.0.0.1:0"}
	runOK(t, vars, "migrate")
	token := runOK(t, vars, "keys", "create", "--store", "acme", "--role", "admin", "--name", "ci")
	if !tokenLine.MatchString(token) {
		t.Fatalf("keys create stdout = %q, want the token alone on one line", token)
	}
	token = strings.TrimSpace(token)
	list := runOK(t, vars, "keys", "list", "--store", "acme")
	if !strings.HasPrefix(list, "ID ") || !strings.Contains(list, "admin") || strings.Contains(list, token[37:]) {
		t.Fatalf("keys list = %q", list)
	}
	keyID := strings.Fields(strings.Split(list, "\n")[1])[0]

	ctx, cancel := context.WithCancel(t.Context())
	var stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- Run(ctx, []string{"orders-api", "serve"}, getenv(vars), &strings.Builder{}, &stderr) }()
	addr := waitListening(t, &stderr)
	runOK(t, map[string]string{"HTTP_ADDR": addr}, "healthcheck")
	if got := getOrders(t, addr, token); got != http.StatusOK {
		t.Fatalf("GET /orders with the new key = %d, want 200", got)
	}
	runOK(t, vars, "keys", "revoke", keyID)
	deadline := time.Now().Add(5 * time.Second)
	for getOrders(t, addr, token) != http.StatusUnauthorized {
		if time.Now().After(deadline) {
			t.Fatal("the revoked key is still accepted after 5 seconds")
		}
		time.Sleep(250 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
	if log := stderr.String(); !strings.Contains(log, `"msg":"stopped"`) || strings.Contains(log, token[37:]) {
		t.Errorf("serve log lacks the stop, or holds the secret:\n%s", log)
	}
}

// waitListening returns the address from the server's "listening" log line.
func waitListening(t *testing.T, log *syncBuffer) string {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		sc := bufio.NewScanner(strings.NewReader(log.String()))
		for sc.Scan() {
			var line struct{ Msg, Addr string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "listening" {
				return line.Addr
			}
		}
	}
	t.Fatalf("the server did not log its address:\n%s", log.String())
	return ""
}

// getOrders returns the status of GET /orders with token.
func getOrders(t *testing.T, addr, token string) int {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, "http://"+addr+"/orders", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
