package httpapi_test

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi"
)

// gzipped compresses b with gzip.
func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestBodyLimits covers 413 (raw and after gzip) and 415 (type, encoding).
func TestBodyLimits(t *testing.T) {
	t.Parallel()
	const limit = 1024
	v := newEnv(t, httpapi.Config{MaxBodyBytes: limit})
	admin := v.key("a", auth.RoleAdmin)
	small := mustJSON(t, v.orderBody(nil))
	big := append(append([]byte("{"), bytes.Repeat([]byte(" "), 2*limit)...), small[1:]...)
	bomb := append(append([]byte("{"), bytes.Repeat([]byte(" "), 200*limit)...), small[1:]...)
	if z := gzipped(t, bomb); len(z) >= limit {
		t.Fatalf("gzip bomb is %d bytes compressed: not under the limit", len(z))
	}

	t.Run("413 raw", func(t *testing.T) {
		t.Parallel()
		v := v.sub(t)
		wantProblem(t, v.do("POST", "/orders", admin, big), 413)
	})
	t.Run("413 after gzip", func(t *testing.T) {
		t.Parallel()
		v := v.sub(t)
		wantProblem(t, v.do("POST", "/orders", admin, gzipped(t, bomb), "Content-Encoding", "gzip"), 413)
	})
	t.Run("413 on attempts", func(t *testing.T) {
		t.Parallel()
		v := v.sub(t)
		b := mustJSON(t, attemptBody(map[string]any{"message": strings.Repeat("m", 2*limit)}))
		wantProblem(t, v.do("POST", "/orders/"+uuid.NewString()+"/integration-history", admin, b), 413)
	})
	t.Run("gzip under the limit is accepted", func(t *testing.T) {
		t.Parallel()
		v := v.sub(t)
		v.must(v.do("POST", "/orders", admin, gzipped(t, mustJSON(t, v.orderBody(nil))), "Content-Encoding", "gzip"), 201)
	})
	t.Run("charset parameter is accepted", func(t *testing.T) {
		t.Parallel()
		v := v.sub(t)
		v.must(v.do("POST", "/orders", admin, v.orderBody(nil), "Content-Type", "application/json; charset=utf-8"), 201)
	})
	for _, tc := range []struct{ name, ctype, enc string }{
		{"text/plain", "text/plain", ""},
		{"no content type", "", ""},
		{"form", "application/x-www-form-urlencoded", ""},
		{"brotli", "application/json", "br"},
		{"deflate", "application/json", "deflate"},
	} {
		t.Run("415 "+tc.name, func(t *testing.T) {
			t.Parallel()
			v := v.sub(t)
			wantProblem(t, v.do("POST", "/orders", admin, v.orderBody(nil), "Content-Type", tc.ctype, "Content-Encoding", tc.enc), 415)
		})
	}
	t.Run("415 on PATCH", func(t *testing.T) {
		t.Parallel()
		v := v.sub(t)
		wantProblem(t, v.do("PATCH", "/orders/"+uuid.NewString(), admin, `{"status":"paid"}`, "Content-Type", "text/plain"), 415)
	})
}

// TestRateLimit covers 429 with Retry-After, per key. The rate is one
// request per 100 s, so that no token comes back between the requests
// however slow the machine.
func TestRateLimit(t *testing.T) {
	t.Parallel()
	v := newEnv(t, httpapi.Config{MaxBodyBytes: 1 << 20, RateLimitRPS: 0.01, RateLimitBurst: 2})
	a := v.key("a", auth.RoleReader)
	b := v.key("a", auth.RoleReader)
	v.must(v.do("GET", "/orders", a, nil), 200)
	v.must(v.do("GET", "/orders", a, nil), 200)
	r := v.do("GET", "/orders", a, nil)
	wantProblem(t, r, 429)
	if n, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || n < 1 {
		t.Errorf("Retry-After = %q, want whole seconds >= 1", r.Header.Get("Retry-After"))
	}
	v.must(v.do("GET", "/orders", b, nil), 200) // another key has its own budget
	v.must(v.do("GET", "/healthz", "", nil), 200)
}

// TestHealth covers /healthz, /readyz and /metrics, which need no key.
func TestHealth(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	for _, path := range []string{"/healthz", "/readyz"} {
		r := v.must(v.do("GET", path, "", nil), 200)
		if h := decode[httpapi.Health](t, r); h.Status != "ok" {
			t.Errorf("%s = %+v", path, h)
		}
	}
	m := v.must(v.do("GET", "/metrics", "", nil), 200)
	if ct := m.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") || !strings.Contains(string(m.Body), "# TYPE ") {
		t.Errorf("/metrics: Content-Type %q, body not in the Prometheus text format", ct)
	}
	if r := v.do("GET", "/orders", "", nil); r.Code != http.StatusUnauthorized {
		t.Errorf("GET /orders without key = %d", r.Code)
	}
}
