package cli

import (
	"bufio"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/testdb"
)

// TestShutdownEndsStreams stops a server with a live stream open and a long
// SHUTDOWN_TIMEOUT: the stream ends at once, with a retry hint, and the
// server stops without waiting for the timeout.
func TestShutdownEndsStreams(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"DATABASE_URL": testdb.New(t), "HTTP_ADDR": "127.0.0.1:0", "SHUTDOWN_TIMEOUT": "30s"}
	token := strings.TrimSpace(runOK(t, vars, "keys", "create", "--store", "acme", "--role", "reader"))
	rep := startReplica(t, vars)
	req, err := http.NewRequestWithContext(t.Context(), "GET", rep.url("/integration-history/stream"), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("open the stream: %v %v", err, resp)
	}
	defer resp.Body.Close()
	lines := make(chan string, 16)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	if l := <-lines; l != ": connected" {
		t.Fatalf("first line %q", l)
	}
	start := time.Now()
	if err := rep.shutdown(); err != nil {
		t.Fatalf("serve: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the shutdown took %s with a stream open", d)
	}
	var got []string
	for l := range lines {
		got = append(got, l)
	}
	if !strings.Contains(strings.Join(got, "\n"), "retry: ") {
		t.Errorf("the stream ended without a retry hint: %q", got)
	}
}
