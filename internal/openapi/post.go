package openapi

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// The steps below complete swag's output with what its annotations can't
// express. Everything a tag or an annotation can say stays in
// internal/httpapi; each step here is one rule, applied to the whole document.

const problemJSON = "application/problem+json"

// setServers makes the document describe the service that serves it: a
// relative URL, so Swagger UI and generated clients call the origin they
// loaded it from. x-internal: false says it is meant for other teams.
func setServers(doc *openapi3.T) error {
	doc.Servers = openapi3.Servers{{
		URL:         "/",
		Description: "The orders-api instance serving this document (GET /openapi.json); locally http://localhost:8080",
		Extensions:  map[string]any{"x-internal": false},
	}}
	return nil
}

// bearerAuth turns swag's apiKey definition (swag v1 has no http bearer
// scheme) into the HTTP Bearer scheme that the service implements, and marks
// the operations without a key as public (security: []).
func bearerAuth(doc *openapi3.T) error {
	ref := doc.Components.SecuritySchemes["BearerAuth"]
	if ref == nil || ref.Value == nil {
		return errors.New("no BearerAuth security definition (cmd/orders-api/doc.go)")
	}
	doc.Components.SecuritySchemes["BearerAuth"] = &openapi3.SecuritySchemeRef{Value: &openapi3.SecurityScheme{
		Type: "http", Scheme: "bearer", BearerFormat: "API key or JWT", Description: ref.Value.Description,
	}}
	for _, op := range operations(doc) {
		if op.Security == nil { // no @Security: a public route, and the document says so
			op.Security = &openapi3.SecurityRequirements{}
		}
	}
	return nil
}

// extensionKeywords applies the keyword that swag v1 only passes through as
// an extension: x-pattern, from a struct tag extensions:"x-pattern=..." or
// the extensions(...) attribute of a parameter annotation, becomes pattern.
func extensionKeywords(doc *openapi3.T) error {
	eachSchema(doc, func(s *openapi3.Schema) {
		if p, ok := take(&s.Extensions, "x-pattern"); ok {
			s.Pattern = p.(string)
		}
	})
	for _, op := range operations(doc) {
		for _, ref := range op.Parameters {
			p := ref.Value
			if v, ok := take(&p.Extensions, "x-pattern"); ok {
				p.Schema.Value.Pattern = v.(string)
			}
		}
		if op.RequestBody != nil {
			take(&op.RequestBody.Value.Extensions, "x-originalParamName") // openapi2conv's bookkeeping
		}
	}
	return nil
}

// freeForm says that an object without properties (details, a document)
// takes any members: additionalProperties: true, which generated clients
// read as a map rather than as an empty object.
func freeForm(doc *openapi3.T) error {
	open := true
	eachSchema(doc, func(s *openapi3.Schema) {
		if s.Type.Is("object") && len(s.Properties) == 0 && s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil {
			s.AdditionalProperties = openapi3.AdditionalProperties{Has: &open}
		}
	})
	return nil
}

// customerPatch documents PatchOrderRequest.customer, which swag sees only
// as an object (its Go type tells absent from null): the CustomerInput
// fields, none required.
func customerPatch(doc *openapi3.T) error {
	in, patch := doc.Components.Schemas["CustomerInput"], doc.Components.Schemas["PatchOrderRequest"]
	if in == nil || patch == nil || patch.Value.Properties["customer"] == nil {
		return errors.New("no CustomerInput, or no PatchOrderRequest.customer")
	}
	c := *in.Value
	c.Required = nil
	c.Description = "The customer fields to change: a given field replaces, null clears email or document; name can't be cleared."
	doc.Components.Schemas["CustomerPatch"] = c.NewRef()
	patch.Value.Properties["customer"] = &openapi3.SchemaRef{Ref: "#/components/schemas/CustomerPatch", Value: &c}
	return nil
}

// batchItems says what the batch route does with an item that is not a
// BatchAttempt: it is not stored, and its result is a 4xx problem, while
// the request as a whole succeeds (200). So any JSON value is a valid item.
func batchItems(doc *openapi3.T) error {
	batch, item := doc.Components.Schemas["BatchRequest"], doc.Components.Schemas["BatchAttempt"]
	if batch == nil || item == nil || batch.Value.Properties["attempts"] == nil {
		return errors.New("no BatchRequest.attempts or BatchAttempt")
	}
	other := &openapi3.Schema{Description: "Any other value is answered in its result with a 4xx problem, and not stored."}
	batch.Value.Properties["attempts"].Value.Items = &openapi3.SchemaRef{Value: &openapi3.Schema{
		AnyOf: openapi3.SchemaRefs{{Ref: "#/components/schemas/BatchAttempt", Value: item.Value}, other.NewRef()},
	}}
	return nil
}

// closeRequestSchemas sets additionalProperties: false on the objects of
// request bodies: the service rejects unknown and read-only fields (422).
// Free-form objects (details) stay open.
func closeRequestSchemas(doc *openapi3.T) error {
	closed := false
	for _, op := range operations(doc) {
		if op.RequestBody == nil {
			continue
		}
		for _, mt := range op.RequestBody.Value.Content {
			walkSchema(mt.Schema, map[*openapi3.Schema]bool{}, func(s *openapi3.Schema) {
				if len(s.Properties) > 0 {
					s.AdditionalProperties = openapi3.AdditionalProperties{Has: &closed}
				}
			})
		}
	}
	return nil
}

// problemResponses declares every error response (4xx, 5xx) as what the
// service sends: an RFC 9457 Problem as application/problem+json.
func problemResponses(doc *openapi3.T) error {
	problem := doc.Components.Schemas["Problem"]
	if problem == nil {
		return errors.New("no Problem schema")
	}
	for _, op := range operations(doc) {
		for code, resp := range op.Responses.Map() {
			if isError(code) {
				resp.Value.Content = openapi3.Content{problemJSON: &openapi3.MediaType{
					Schema: &openapi3.SchemaRef{Ref: "#/components/schemas/Problem", Value: problem.Value},
				}}
			}
		}
	}
	return nil
}

// complete fails unless every operation has an id, a summary, a tag and
// responses with descriptions, and every secured one answers 401.
func complete(doc *openapi3.T) error {
	var gaps []string
	for name, op := range operationsByName(doc) {
		if op.OperationID == "" || op.Summary == "" || len(op.Tags) == 0 {
			gaps = append(gaps, name+": needs @ID, @Summary and @Tags")
		}
		if secured(op) && op.Responses.Value("401") == nil {
			gaps = append(gaps, name+": secured, needs @Failure 401")
		}
	}
	slices.Sort(gaps)
	if len(gaps) > 0 {
		return errors.New(strings.Join(gaps, "; "))
	}
	return nil
}

// isError reports whether a response code is 4xx or 5xx.
func isError(code string) bool {
	n, err := strconv.Atoi(code)
	return err == nil && n >= 400
}

func secured(op *openapi3.Operation) bool {
	return op.Security != nil && len(*op.Security) > 0
}

// take removes and returns the extension name of *ext, nil-ing an empty map.
func take(ext *map[string]any, name string) (any, bool) {
	v, ok := (*ext)[name]
	delete(*ext, name)
	if len(*ext) == 0 {
		*ext = nil
	}
	return v, ok
}

// operations returns the document's operations.
func operations(doc *openapi3.T) []*openapi3.Operation {
	byName := operationsByName(doc)
	ops := make([]*openapi3.Operation, 0, len(byName))
	for _, name := range sortedKeys(byName) {
		ops = append(ops, byName[name])
	}
	return ops
}

// operationsByName maps "METHOD /path" to each operation of doc.
func operationsByName(doc *openapi3.T) map[string]*openapi3.Operation {
	ops := map[string]*openapi3.Operation{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			ops[fmt.Sprintf("%s %s", method, path)] = op
		}
	}
	return ops
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// eachSchema calls f once on every schema of doc: components, parameters,
// bodies, responses and headers, and the schemas inside them.
func eachSchema(doc *openapi3.T, f func(*openapi3.Schema)) {
	seen := map[*openapi3.Schema]bool{}
	for _, name := range sortedKeys(doc.Components.Schemas) {
		walkSchema(doc.Components.Schemas[name], seen, f)
	}
	for _, op := range operations(doc) {
		for _, p := range op.Parameters {
			walkSchema(p.Value.Schema, seen, f)
		}
		if op.RequestBody != nil {
			for _, mt := range op.RequestBody.Value.Content {
				walkSchema(mt.Schema, seen, f)
			}
		}
		for _, resp := range op.Responses.Map() {
			for _, mt := range resp.Value.Content {
				walkSchema(mt.Schema, seen, f)
			}
			for _, h := range resp.Value.Headers {
				walkSchema(h.Value.Schema, seen, f)
			}
		}
	}
}

// walkSchema calls f on ref's schema and the schemas inside it, once each.
func walkSchema(ref *openapi3.SchemaRef, seen map[*openapi3.Schema]bool, f func(*openapi3.Schema)) {
	if ref == nil || ref.Value == nil || seen[ref.Value] {
		return
	}
	s := ref.Value
	seen[s] = true
	f(s)
	for _, name := range sortedKeys(s.Properties) {
		walkSchema(s.Properties[name], seen, f)
	}
	walkSchema(s.Items, seen, f)
	walkSchema(s.AdditionalProperties.Schema, seen, f)
	for _, sub := range slices.Concat(s.AllOf, s.AnyOf, s.OneOf) {
		walkSchema(sub, seen, f)
	}
}
