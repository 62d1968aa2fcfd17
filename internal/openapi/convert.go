// Package openapi builds the published contract of orders-api, api/openapi.yaml:
// swag's Swagger 2.0 document (docs/swagger.json, generated from the
// handlers' annotations) converted to OpenAPI 3.0 by kin-openapi's
// openapi2conv, then completed by the small steps of post.go with what swag's
// annotations can't say, and validated.
package openapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// Build converts swagger, swag's Swagger 2.0 JSON, to the OpenAPI 3.0
// contract, with the examples of the examples folder (see examples.go),
// and validates it.
func Build(swagger []byte, examples fs.FS) (*openapi3.T, error) {
	var doc2 openapi2.T
	if err := json.Unmarshal(swagger, &doc2); err != nil {
		return nil, fmt.Errorf("openapi: read swagger 2.0: %w", err)
	}
	doc, err := openapi2conv.ToV3(&doc2)
	if err != nil {
		return nil, fmt.Errorf("openapi: convert to 3.0: %w", err)
	}
	steps := []struct {
		name string
		run  func(*openapi3.T) error
	}{
		{"servers", setServers},
		{"bearer auth", bearerAuth},
		{"x-pattern and x-example", extensionKeywords},
		{"free-form objects", freeForm},
		{"nullable references", nullableRefs},
		{"customer patch", customerPatch},
		{"batch items", batchItems},
		{"closed request bodies", closeRequestSchemas},
		{"no request defaults", noRequestDefaults},
		{"links", links},
		{"problem responses", problemResponses},
		{"headers", responseHeaders},
		{"examples", func(d *openapi3.T) error { return addExamples(d, examples) }},
		{"completeness", complete},
	}
	for _, s := range steps {
		if err := s.run(doc); err != nil {
			return nil, fmt.Errorf("openapi: %s: %w", s.name, err)
		}
	}
	if err := doc.Validate(context.Background(), openapi3.EnableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("openapi: the result is not valid OpenAPI 3.0: %w", err)
	}
	return doc, nil
}

// topLevel is the order of the document's top-level keys in the files, for
// readers: what it is, where, then the operations, then the parts.
var topLevel = []string{"openapi", "info", "servers", "security", "tags", "paths", "components", "externalDocs"}

// Marshal returns doc as indented JSON and as YAML, with the top-level keys
// in reading order and every other object's keys sorted.
func Marshal(doc *openapi3.T) (jsonDoc, yamlDoc []byte, err error) {
	flat, err := json.Marshal(doc)
	if err != nil {
		return nil, nil, fmt.Errorf("openapi: encode: %w", err)
	}
	var parts map[string]json.RawMessage
	if err := json.Unmarshal(flat, &parts); err != nil {
		return nil, nil, fmt.Errorf("openapi: encode: %w", err)
	}
	var buf bytes.Buffer
	buf.WriteByte('{')
	for _, k := range topLevel {
		if v, ok := parts[k]; ok {
			if buf.Len() > 1 {
				buf.WriteByte(',')
			}
			fmt.Fprintf(&buf, "%q:%s", k, v)
			delete(parts, k)
		}
	}
	if len(parts) > 0 {
		return nil, nil, fmt.Errorf("openapi: encode: top-level keys without a place: %v", parts)
	}
	buf.WriteByte('}')
	var out bytes.Buffer
	if err := json.Indent(&out, buf.Bytes(), "", "  "); err != nil {
		return nil, nil, fmt.Errorf("openapi: encode: %w", err)
	}
	out.WriteByte('\n')
	yamlDoc, err = jsonToYAML(out.Bytes())
	return out.Bytes(), yamlDoc, err
}

// jsonToYAML re-encodes a JSON document as block YAML, keeping its key order
// and its numbers as written (9007199254740991, not 9.007199254740991e+15).
func jsonToYAML(doc []byte) ([]byte, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(doc, &root); err != nil {
		return nil, fmt.Errorf("openapi: encode yaml: %w", err)
	}
	var plain func(n *yaml.Node)
	plain = func(n *yaml.Node) {
		n.Style = 0 // block collections, and quotes only where YAML needs them
		for _, c := range n.Content {
			plain(c)
		}
	}
	plain(&root)
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(&root); err != nil {
		return nil, fmt.Errorf("openapi: encode yaml: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("openapi: encode yaml: %w", err)
	}
	return out.Bytes(), nil
}
