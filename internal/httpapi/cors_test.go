package httpapi_test

import (
	"strings"
	"testing"

	"github.com/orders-api/orders-api/internal/httpapi"
)

const spaOrigin = "https://admin.example.com"

// TestCORS: the configured SPA origin may call the API from a browser
// (preflight and actual requests); any other origin gets no CORS headers.
func TestCORS(t *testing.T) {
	t.Parallel()
	v, idp := newSPAEnv(t, httpapi.Config{CORSAllowedOrigins: []string{spaOrigin, "http://localhost:5173"}})
	token := idp.token(t, nil, nil, nil)
	preflight := func(origin string) resp {
		return v.do("OPTIONS", "/orders", "", nil, "Origin", origin, "Access-Control-Request-Method", "POST",
			"Access-Control-Request-Headers", "authorization,content-type,idempotency-key")
	}

	r := preflight(spaOrigin)
	h := r.Header
	if r.Code != 204 || h.Get("Access-Control-Allow-Origin") != spaOrigin || !strings.Contains(h.Get("Access-Control-Allow-Methods"), "POST") ||
		!strings.Contains(strings.ToLower(h.Get("Access-Control-Allow-Headers")), "idempotency-key") || h.Get("Access-Control-Max-Age") == "" {
		t.Errorf("preflight from the SPA: %d %v", r.Code, h)
	}
	if h.Get("Access-Control-Allow-Credentials") != "" {
		t.Error("credentials (cookies) are allowed; the SPA sends a bearer token")
	}
	for _, origin := range []string{"https://evil.example.com", "https://admin.example.com.evil.com", "null", "https://ADMIN.example.com:443"} {
		if got := preflight(origin).Header.Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("preflight from %s allowed: %q", origin, got)
		}
		if got := v.do("GET", "/orders", token, nil, "Origin", origin).Header.Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("GET from %s allowed: %q", origin, got)
		}
	}

	r = v.must(v.do("POST", "/orders", token, v.orderBody(nil), "Origin", spaOrigin), 201)
	if r.Header.Get("Access-Control-Allow-Origin") != spaOrigin || !strings.Contains(r.Header.Get("Access-Control-Expose-Headers"), "Location") ||
		!strings.Contains(r.Header.Get("Vary"), "Origin") {
		t.Errorf("POST from the SPA: headers %v", r.Header)
	}
	r = v.do("GET", "/orders", "", nil, "Origin", spaOrigin)
	wantProblem(t, r, 401)
	if r.Header.Get("Access-Control-Allow-Origin") != spaOrigin {
		t.Error("a 401 to the SPA lacks CORS headers, so the SPA can't read why")
	}

	plain := newEnv(t) // no origins configured: no CORS at all
	if got := plain.do("OPTIONS", "/orders", "", nil, "Origin", spaOrigin, "Access-Control-Request-Method", "GET"); got.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("CORS answered without configured origins: %v", got.Header)
	}
}

// TestSecurityHeaders: every response, error or not, carries them.
func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	v, idp := newSPAEnv(t, httpapi.Config{CORSAllowedOrigins: []string{spaOrigin}})
	token := idp.token(t, nil, nil, nil)
	for _, r := range []resp{
		v.do("GET", "/orders", token, nil),
		v.do("GET", "/orders", "", nil),
		v.do("GET", "/orders/nope", token, nil),
		v.do("GET", "/nowhere", "", nil),
		v.do("DELETE", "/orders", token, nil),
		v.do("POST", "/orders", token, "{"),
		v.do("OPTIONS", "/orders", "", nil, "Origin", spaOrigin, "Access-Control-Request-Method", "GET"),
		v.do("GET", "/healthz", "", nil),
	} {
		for name, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
			"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"} {
			if got := r.Header.Get(name); got != want {
				t.Errorf("status %d: %s = %q, want %q", r.Code, name, got, want)
			}
		}
	}
}
