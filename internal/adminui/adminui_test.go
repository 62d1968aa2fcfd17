package adminui_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/orders-api/orders-api/internal/adminui"
)

func get(t *testing.T, h http.Handler, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

var assetRef = regexp.MustCompile(`(?:src|href)="([^"]+)"`)

// TestHandlerServesThePage: /admin/ is index.html, revalidated on every
// load, with the CSP that forbids inline script and style and framing; it
// refers only to its own hashed assets, which are cached for good.
func TestHandlerServesThePage(t *testing.T) {
	t.Parallel()
	h := adminui.Handler()
	w := get(t, h, "/admin/")
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("GET /admin/: %d %q", w.Code, w.Header().Get("Content-Type"))
	}
	for name, want := range map[string]string{
		"Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Cache-Control":           "no-cache",
	} {
		if got := w.Header().Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	body := w.Body.String()
	if strings.Contains(body, "<style") || regexp.MustCompile(`<script(?:\s[^>]*)?>\s*[^<\s]`).MatchString(body) || strings.Contains(body, " style=") {
		t.Errorf("index.html has inline script or style:\n%s", body)
	}
	refs := assetRef.FindAllStringSubmatch(body, -1)
	if len(refs) != 2 {
		t.Fatalf("index.html refers to %v, want one script and one style sheet", refs)
	}
	for _, ref := range refs {
		if !strings.HasPrefix(ref[1], "assets/") {
			t.Errorf("index.html refers to %q: want a relative assets/ path (nothing from another host)", ref[1])
			continue
		}
		a := get(t, h, "/admin/"+ref[1])
		if a.Code != 200 || a.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" || a.Body.Len() == 0 {
			t.Errorf("GET /admin/%s: %d, Cache-Control %q, %d bytes", ref[1], a.Code, a.Header().Get("Cache-Control"), a.Body.Len())
		}
		if strings.Contains(a.Body.String(), "http://") && strings.HasSuffix(ref[1], ".css") {
			t.Errorf("%s refers to another host", ref[1])
		}
	}
	if got := get(t, h, "/admin/index.html").Body.String(); got != body {
		t.Error("/admin/index.html differs from /admin/")
	}
}

// TestHandlerConditionalAndMissing: a matching If-None-Match is 304, an
// unknown file 404 (not the page), /admin a redirect to /admin/, and a
// POST 405.
func TestHandlerConditionalAndMissing(t *testing.T) {
	t.Parallel()
	h := adminui.Handler()
	etag := get(t, h, "/admin/").Header().Get("ETag")
	if etag == "" {
		t.Fatal("no ETag on /admin/")
	}
	if w := get(t, h, "/admin/", "If-None-Match", `"other", `+etag); w.Code != 304 || w.Body.Len() != 0 {
		t.Errorf("If-None-Match %s: %d with %d bytes, want 304 and no body", etag, w.Code, w.Body.Len())
	}
	if w := get(t, h, "/admin/", "If-None-Match", `"other"`); w.Code != 200 {
		t.Errorf("If-None-Match of another version: %d, want 200", w.Code)
	}
	for _, p := range []string{"/admin/nope.js", "/admin/assets/", "/admin/../go.mod", "/admin/assets/app.js"} {
		if w := get(t, h, p); w.Code != 404 || w.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s: %d, Cache-Control %q; want 404, no-store", p, w.Code, w.Header().Get("Cache-Control"))
		}
	}
	if w := get(t, h, "/admin"); w.Code != 301 || w.Header().Get("Location") != "/admin/" {
		t.Errorf("GET /admin: %d to %q, want 301 to /admin/", w.Code, w.Header().Get("Location"))
	}
	r := httptest.NewRequest(http.MethodPost, "/admin/", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 405 || w.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST /admin/: %d, Allow %q", w.Code, w.Header().Get("Allow"))
	}
}
