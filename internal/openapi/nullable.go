package openapi

import "github.com/getkin/kin-openapi/openapi3"

// nullableRefs gives a type to each nullable property that is a reference
// (allOf of one $ref, as swag writes an x-nullable struct field, such as
// SystemStats.first_success_seconds): OpenAPI 3.0 ignores nullable without
// a type beside it, and the linters reject it.
func nullableRefs(doc *openapi3.T) error {
	eachSchema(doc, func(s *openapi3.Schema) {
		if s.Nullable && len(s.AllOf) > 0 && (s.Type == nil || len(*s.Type) == 0) {
			s.Type = &openapi3.Types{openapi3.TypeObject}
		}
	})
	return nil
}
