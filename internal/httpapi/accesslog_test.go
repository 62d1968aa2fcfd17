package httpapi_test

import (
	"bufio"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi"
)

// TestAccessLog: one JSON line per request, with the request id (the
// client's when sane, else a new one, returned in X-Request-ID), and never
// the key, the body or a query value.
func TestAccessLog(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	logs := &lockedBuffer{}
	d := v.deps
	d.Logger = slog.New(slog.NewJSONHandler(logs, nil))
	v.h = httpapi.NewServer(d)
	admin := v.key("a", auth.RoleAdmin)
	o := v.createOrder(admin, map[string]any{"customer": map[string]any{"name": "secret-customer-name"}})
	tests := []struct {
		name, method, path, token, requestID string
		body                                 any
		status                               int
		keepsID                              bool
	}{
		{"client id kept", "GET", "/orders/" + o.ID, admin, "req-123.abc:1", nil, 200, true},
		{"query value not logged", "GET", "/orders?number=secret-query-value", admin, "", nil, 200, false},
		{"body not logged", "POST", "/orders/" + o.ID + "/integration-history", admin, "",
			attemptBody(map[string]any{"message": "secret-body-text"}), 201, false},
		{"unsafe id replaced", "GET", "/healthz", "", "bad id\twith\"quotes", nil, 200, false},
		{"too long id replaced", "GET", "/healthz", "", strings.Repeat("a", 129), nil, 200, false},
		{"failure logged too", "GET", "/orders", "oak_not-a-real-key-secret", "fail-1", nil, 401, true},
	}
	for _, tc := range tests {
		before := len(accessLines(t, logs.String()))
		r := v.do(tc.method, tc.path, tc.token, tc.body, "X-Request-ID", tc.requestID)
		v.must(r, tc.status)
		lines := accessLines(t, logs.String())
		if len(lines) != before+1 {
			t.Fatalf("%s: %d access lines for one request", tc.name, len(lines)-before)
		}
		line, id := lines[len(lines)-1], r.Header.Get("X-Request-ID")
		if line["request_id"] != id || id == "" || (tc.keepsID != (id == tc.requestID)) {
			t.Errorf("%s: X-Request-ID %q, logged %v, sent %q", tc.name, id, line["request_id"], tc.requestID)
		}
		if line["status"] != float64(tc.status) || line["method"] != tc.method || line["route"] == "" {
			t.Errorf("%s: access line %v", tc.name, line)
		}
	}
	for _, secret := range []string{keySecret(t, admin), "not-a-real-key-secret",
		"secret-query-value", "secret-body-text", "secret-customer-name"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the log holds %q:\n%s", secret, logs.String())
		}
	}
}

// keySecret returns the secret part of a key token, oak_<hex id>_<secret>.
// The secret is base64url and may itself hold '_', so it is what follows
// the second '_', not the last one.
func keySecret(t *testing.T, token string) string {
	t.Helper()
	parts := strings.SplitN(token, "_", 3)
	if len(parts) != 3 || parts[0] != "oak" || len(parts[1]) != 32 || len(parts[2]) < 40 {
		t.Fatalf("token %q is not oak_<32 hex>_<secret>", token)
	}
	return parts[2]
}

// accessLines returns the access lines (msg "request") of a JSON log.
func accessLines(t *testing.T, log string) []map[string]any {
	t.Helper()
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(log))
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("log line is not JSON: %q", sc.Text())
		}
		if line["msg"] == "request" {
			lines = append(lines, line)
		}
	}
	return lines
}
