package cli

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServeDemoOnEmbeddedDatabase walks the newcomer's path: no
// DATABASE_URL, serve --demo, curl with the printed key. It changes the
// working directory (the embedded file is ./data/orders.db), so it is not
// parallel.
func TestServeDemoOnEmbeddedDatabase(t *testing.T) {
	t.Chdir(t.TempDir())
	addr := freeAddr(t)
	vars := map[string]string{"HTTP_ADDR": addr, "LOG_LEVEL": "warn"}
	ctx, cancel := context.WithCancel(t.Context())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- Run(ctx, []string{"orders-api", "serve", "--demo"}, getenv(vars), &stdout, &stderr) }()
	base := "http://" + addr
	waitHealthy(t, base, &stderr)
	out := stdout.String()
	admin, connector := demoKey(t, out, "admin"), demoKey(t, out, "connector (bling)")
	for _, want := range []string{"Demo store \"demo\": 300 orders", "seeded just now",
		"The admin screen: " + base + "/admin/ (paste the admin key",
		`curl -H "Authorization: Bearer ` + admin + `" '` + base + `/orders?integration_status=error'`} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	var failing struct {
		Data []struct {
			Integration struct{ Status string }
		}
	}
	getJSON(t, base+"/orders?integration_status=error", admin, &failing)
	if len(failing.Data) == 0 || failing.Data[0].Integration.Status != "error" {
		t.Errorf("failing orders: %+v", failing)
	}
	history := regexp.MustCompile(`'(http://\S+/integration-history)'`).FindStringSubmatch(out)
	if history == nil {
		t.Fatalf("no history URL in stdout:\n%s", out)
	}
	var h struct {
		Data []struct{ System, Status, Message string }
	}
	getJSON(t, history[1], admin, &h)
	if len(h.Data) < 3 {
		t.Errorf("the showcase history has %d records, want several: %+v", len(h.Data), h)
	}
	req, _ := http.NewRequestWithContext(t.Context(), "POST", history[1],
		strings.NewReader(`{"status":"success","message":"Pedido importado com sucesso"}`))
	req.Header.Set("Authorization", "Bearer "+connector)
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusCreated {
		t.Errorf("connector POST: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v\n%s", err, stderr.String())
	}
	if _, err := os.Stat("data/orders.db"); err != nil {
		t.Fatalf("the embedded database file: %v", err)
	}
	again := runOK(t, vars, "demo") // seeded once: the second run adds nothing, and prints new keys
	if !strings.Contains(again, "Demo store \"demo\": 300 orders") || !strings.Contains(again, "seeded earlier") ||
		demoKey(t, again, "admin") == admin {
		t.Errorf("second run:\n%s", again)
	}
}

// demoKey returns the key printed after label in the demo's output.
func demoKey(t *testing.T, out, label string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(label) + `: +(oak_\S+)$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no %s key in the output:\n%s", label, out)
	}
	return m[1]
}

// freeAddr returns a loopback address with a port free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// waitHealthy waits until the server at base answers /healthz.
func waitHealthy(t *testing.T, base string, log *syncBuffer) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			return
		}
	}
	t.Fatalf("the server did not start:\n%s", log.String())
}

// getJSON decodes the 200 answer of GET url with key into v.
func getJSON(t *testing.T, url, key string, v any) {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), "GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}
