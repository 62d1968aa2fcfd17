// Package adminui is the reference admin screen of orders-api, served at
// /admin/: a small TypeScript single-page app (its sources are in web/admin,
// `make ui` bundles them into dist/) that calls the API with the key its
// user types, as the store's own admin SPA would. The files are static and
// public: no secret, no server-side state, nothing loaded from another host.
package adminui

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

// Prefix is the path the screen is served under.
const Prefix = "/admin/"

// ContentSecurityPolicy lets the page load its own files only: no inline
// script or style, no other host, and no framing (clickjacking).
const ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'"

// Cache-Control of index.html (revalidated every time, so a new binary's
// screen shows at once) and of the assets, whose names carry a hash of
// their content.
const (
	cacheIndex  = "no-cache"
	cacheAssets = "public, max-age=31536000, immutable"
)

//go:embed dist
var dist embed.FS

// file is one embedded file, ready to serve.
type file struct {
	body  []byte
	ctype string
	etag  string
	cache string
}

// handler serves the embedded files by their path under Prefix.
type handler struct {
	files map[string]file
}

// Handler returns the http.Handler of the screen's files: requests for
// Prefix and Prefix+"index.html" get the page, Prefix+"assets/..." its
// script and style; anything else under Prefix is 404. It answers GET and
// HEAD, with an ETag for conditional requests. A binary built without the
// bundle (no dist/index.html) answers 500 naming the problem.
func Handler() http.Handler {
	files, err := load(dist, "dist")
	if err != nil {
		return broken{err: fmt.Errorf("adminui: %w", err)}
	}
	return &handler{files: files}
}

// broken is the handler of a binary whose bundle is missing.
type broken struct{ err error }

func (b broken) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	http.Error(w, b.err.Error(), http.StatusInternalServerError)
}

// load reads every file under dir of fsys.
func load(fsys fs.FS, dir string) (map[string]file, error) {
	files := map[string]file{}
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("read %s: %w", p, err)
		}
		name := strings.TrimPrefix(p, dir+"/")
		files[name] = newFile(name, body)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", dir, err)
	}
	if _, ok := files["index.html"]; !ok {
		return nil, fmt.Errorf("no index.html in %s: run make ui", dir)
	}
	return files, nil
}

func newFile(name string, body []byte) file {
	sum := sha256.Sum256(body)
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	cache := cacheIndex
	if strings.HasPrefix(name, "assets/") {
		cache = cacheAssets
	}
	return file{body: body, ctype: ctype, cache: cache, etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:16]) + `"`}
}

// ServeHTTP serves one file.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Content-Security-Policy", ContentSecurityPolicy)
	hdr.Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hdr.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := strings.CutPrefix(r.URL.Path, Prefix)
	if !ok {
		http.Redirect(w, r, Prefix, http.StatusMovedPermanently)
		return
	}
	if name == "" {
		name = "index.html"
	}
	f, ok := h.files[name]
	if !ok {
		hdr.Set("Cache-Control", "no-store")
		http.NotFound(w, r)
		return
	}
	hdr.Set("Cache-Control", f.cache)
	hdr.Set("ETag", f.etag)
	if match := r.Header.Get("If-None-Match"); match != "" && etagMatches(match, f.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hdr.Set("Content-Type", f.ctype)
	hdr.Set("Content-Length", fmt.Sprint(len(f.body)))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		_, _ = w.Write(f.body)
	}
}

// etagMatches reports whether an If-None-Match list names etag (or is "*").
func etagMatches(list, etag string) bool {
	for _, t := range strings.Split(list, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}
