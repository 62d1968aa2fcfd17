// Package api holds orders-api's published contract: openapi.yaml and
// openapi.json, the OpenAPI 3.0 document that `make docs` generates from the
// handlers' annotations (see internal/openapi). It embeds them so the
// service serves the very files in this folder.
package api

import _ "embed"

// YAML is api/openapi.yaml.
//
//go:embed openapi.yaml
var YAML []byte

// JSON is api/openapi.json, the same document.
//
//go:embed openapi.json
var JSON []byte
