package openapi_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/orders-api/orders-api/internal/openapi"
)

// build converts the committed swag output with the committed examples.
func build(t *testing.T) *openapi3.T {
	t.Helper()
	swagger, err := os.ReadFile("../../docs/swagger.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi.Build(swagger, os.DirFS("../../api/examples"))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestCommittedContract checks that api/openapi.{json,yaml} are what
// docs/swagger.json and api/examples make (make docs-check also checks
// that docs/ is what the annotations make).
func TestCommittedContract(t *testing.T) {
	t.Parallel()
	jsonDoc, yamlDoc, err := openapi.Marshal(build(t))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][]byte{"openapi.json": jsonDoc, "openapi.yaml": yamlDoc} {
		got, err := os.ReadFile("../../api/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("api/%s is stale: run make docs", name)
		}
	}
}

// TestContractRules checks the rules that the post-processing steps apply,
// on the built document.
func TestContractRules(t *testing.T) {
	t.Parallel()
	doc := build(t)
	if s := doc.Components.SecuritySchemes["BearerAuth"].Value; s.Type != "http" || s.Scheme != "bearer" {
		t.Errorf("BearerAuth = %s %s, want http bearer", s.Type, s.Scheme)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "/" {
		t.Errorf("servers = %v, want the relative /", doc.Servers)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			name := method + " " + path
			if op.OperationID == "" || op.Summary == "" || op.Security == nil {
				t.Errorf("%s: operationId %q, summary %q, security %v", name, op.OperationID, op.Summary, op.Security)
			}
			if op.RequestBody != nil && op.RequestBody.Value.Content.Get("application/json").Example == nil {
				t.Errorf("%s: no request example", name)
			}
			for code, resp := range op.Responses.Map() {
				checkResponse(t, name+" "+code, code, resp.Value)
			}
		}
	}
	if p := doc.Components.Schemas["Attempt"].Value.Properties["system"].Value.Pattern; p == "" {
		t.Error("Attempt.system has no pattern: x-pattern was not applied")
	}
	if s := doc.Components.Schemas["CreateOrderRequest"].Value; s.AdditionalProperties.Has == nil || *s.AdditionalProperties.Has {
		t.Error("CreateOrderRequest accepts unknown fields; the service rejects them")
	}
	if d := doc.Components.Schemas["Attempt"].Value.Properties["status"].Value.Description; !strings.Contains(d, "Concluído") {
		t.Errorf("Attempt.status description %q lacks the Portuguese labels", d)
	}
}

func checkResponse(t *testing.T, name, code string, r *openapi3.Response) {
	t.Helper()
	if r.Headers["X-Request-ID"] == nil {
		t.Errorf("%s: no X-Request-ID header", name)
	}
	if code[0] == '4' || code[0] == '5' {
		mt := r.Content.Get("application/problem+json")
		if len(r.Content) != 1 || mt == nil || mt.Schema.Ref != "#/components/schemas/Problem" || mt.Example == nil {
			t.Errorf("%s: want only application/problem+json of Problem, with an example", name)
		}
	}
	want := map[string]string{"401": "WWW-Authenticate", "429": "Retry-After", "503": "Retry-After"}[code]
	if want != "" && (r.Headers[want] == nil || !r.Headers[want].Value.Required) {
		t.Errorf("%s: no required %s header", name, want)
	}
	if mt := r.Content.Get("application/json"); mt != nil && mt.Schema.Ref != "" && mt.Example == nil {
		t.Errorf("%s: no example", name)
	}
}
