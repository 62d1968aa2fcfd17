// Package swaggerui is the Swagger UI page of orders-api: swagger-ui-dist
// (its version is pinned in api/package.json; `make swagger-ui` copies it
// here) with an index.html and an initializer of our own, which load the
// OpenAPI 3 contract from /openapi.json and make no request to another host.
package swaggerui

import (
	"embed"
	"io/fs"
)

//go:embed dist
var dist embed.FS

// FS holds index.html, swagger-initializer.js and the swagger-ui-dist files
// the page loads, at its root.
var FS = mustSub(dist, "dist")

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // dir is embedded above: can't happen
	}
	return sub
}
