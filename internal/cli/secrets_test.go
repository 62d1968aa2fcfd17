package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/testdb"
)

// TestSecretsNeverLogged (issue 5, 6) runs a full scenario at debug level:
// keys made with the CLI, used for every kind of request, sent where they
// do not belong (query, headers, bodies, a bad scheme, with junk), one
// revoked. Then no log line of any command or of the server holds a
// secret, no key list shows one, and last_used_at is set on the keys used.
func TestSecretsNeverLogged(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"DATABASE_URL": testdb.New(t), "HTTP_ADDR": "127.0.0.1:0", "LOG_LEVEL": "debug", "LOG_FORMAT": "json"}
	var logs []string // every command's stderr and the server's log
	cli := func(args ...string) string {
		var stdout, stderr strings.Builder
		if err := Run(t.Context(), append([]string{"orders-api"}, args...), getenv(vars), &stdout, &stderr); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, stderr.String())
		}
		logs = append(logs, stderr.String())
		return stdout.String()
	}
	create := func(role string, extra ...string) string {
		return strings.TrimSpace(cli(append([]string{"keys", "create", "--store", "acme", "--role", role, "--name", role}, extra...)...))
	}
	admin, reader, connector, doomed := create("admin"), create("reader"), create("connector", "--system", "bling"), create("admin")
	other := strings.TrimSpace(cli("keys", "create", "--store", "globex", "--role", "admin"))
	tokens := []string{admin, reader, connector, doomed, other}

	rep := startReplica(t, vars)
	client := &http.Client{Timeout: 10 * time.Second}
	do := func(method, path, token, body string, headers ...string) answer {
		var b []byte
		if body != "" {
			b = []byte(body)
		}
		a, err := call(t.Context(), client, method, rep.url(path), token, b, headers...)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		return a
	}
	a := do("POST", "/orders", admin, `{"number":"1","customer":{"name":"Ana"},"total_cents":10}`)
	var o struct{ ID string }
	if err := json.Unmarshal(a.body, &o); err != nil || a.status != 201 {
		t.Fatalf("POST /orders: %d %s", a.status, a.body)
	}
	history := "/orders/" + o.ID + "/integration-history"
	answers := []answer{a,
		do("PATCH", "/orders/"+o.ID, admin, `{"status":"paid"}`),
		do("POST", history, connector, `{"status":"error","message":"timeout","error_code":"timeout"}`, "Idempotency-Key", "k1"),
		do("POST", history, connector, `{"status":"error","message":"timeout","error_code":"timeout"}`, "Idempotency-Key", "k1"),
		do("POST", "/integration-history/batch", admin, `{"attempts":[{"order_id":"`+o.ID+`","system":"tiny","status":"success","message":"ok"}]}`),
		do("GET", "/orders?integration_status=error", reader, ""),
		do("GET", history, reader, ""),
		do("GET", "/integration-history?system=bling", connector, ""),
		do("GET", "/orders/"+o.ID, other, ""),
		do("GET", "/orders", doomed, ""),
	}
	keyID := func(token string) string { return strings.Split(token, "_")[1] }
	for _, line := range strings.Split(cli("keys", "list", "--store", "acme"), "\n") {
		if f := strings.Fields(line); len(f) > 0 && strings.ReplaceAll(f[0], "-", "") == keyID(doomed) {
			cli("keys", "revoke", f[0])
		}
	}
	time.Sleep(3100 * time.Millisecond) // the key cache TTL: the revocation is now in force
	for _, token := range tokens {
		secret := token[len(token)-43:] // oak_<32 hex>_<43 base64url chars, which may hold _>
		answers = append(answers,
			do("GET", "/orders", token, ""),
			do("GET", "/orders", token+"x", ""),
			do("GET", "/orders", "", "", "Authorization", "Basic "+token),
			do("GET", "/orders", "", "", "Authorization", token),
			do("GET", "/orders?api_key="+url.QueryEscape(token), reader, ""),
			do("GET", "/orders?number="+url.QueryEscape(secret), reader, ""),
			do("GET", "/orders/"+url.PathEscape(token), reader, ""),
			do("POST", "/orders", admin, `{"number":"`+secret+`x","customer":{"name":"`+token+`"},"total_cents":-1}`),
			do("POST", "/orders", admin, `{"key":"`+token+`"}`),
			do("POST", history, admin, `{"status":"error","message":"x"}`, "Idempotency-Key", token),
			do("GET", "/orders", reader, "", "X-Request-ID", token),
			do("GET", "/orders", token, "", "X-Request-ID", secret),
			do("GET", "/orders", "oak_"+keyID(token)+"_"+strings.Repeat("A", 43), ""),
		)
	}
	if a := do("GET", "/orders", doomed, ""); a.status != http.StatusUnauthorized {
		t.Errorf("the revoked key: %d, want 401", a.status)
	}
	if err := rep.shutdown(); err != nil {
		t.Fatal(err)
	}
	logs = append(logs, rep.log.String())
	list := cli("keys", "list", "--store", "acme") + cli("keys", "list", "--store", "globex")

	all := strings.Join(logs, "\n")
	if !strings.Contains(all, `"level":"DEBUG"`) || !strings.Contains(all, `"msg":"request"`) {
		t.Fatalf("the logs lack the debug and request lines the test needs:\n%s", all)
	}
	for i, token := range tokens {
		secret := token[len(token)-43:] // oak_<32 hex>_<43 base64url chars, which may hold _>
		if strings.Contains(all, secret) {
			t.Errorf("key %d: its secret is in the logs", i)
		}
		if strings.Contains(list, secret) {
			t.Errorf("key %d: its secret is in keys list", i)
		}
		for j, a := range answers {
			if strings.Contains(string(a.body), token) && !strings.Contains(a.header.Get("Content-Type"), "json") {
				t.Errorf("answer %d shows key %d", j, i)
			}
			if h := fmt.Sprint(a.header); strings.Contains(h, secret) {
				t.Errorf("answer %d's headers show key %d's secret %q: %s", j, i, secret, h)
			}
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(list), "\n")[1:] {
		if f := strings.Fields(line); f[len(f)-2] == "-" {
			t.Errorf("a key used in the scenario has no last_used_at: %s", line)
		}
	}
}
