package openapi

import (
	"errors"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// noRequestDefaults fails when a schema of a request body has a default.
// openapi-typescript (7, by default) types a field with a default as
// required, since a response always carries it; for a request that makes the
// field mandatory for the client, so that {number, customer, total_cents}
// would not compile. A request field's default belongs in its description
// ("null or absent is pending"), and the server applies it.
func noRequestDefaults(doc *openapi3.T) error {
	var found []string
	for name, op := range operationsByName(doc) {
		if op.RequestBody == nil {
			continue
		}
		for _, mt := range op.RequestBody.Value.Content {
			walkSchema(mt.Schema, map[*openapi3.Schema]bool{}, func(s *openapi3.Schema) {
				for _, p := range sortedKeys(s.Properties) {
					if s.Properties[p].Value != nil && s.Properties[p].Value.Default != nil {
						found = append(found, fmt.Sprintf("%s: %s has default %v", name, p, s.Properties[p].Value.Default))
					}
				}
			})
		}
	}
	if len(found) > 0 {
		return errors.New("request fields with a default (state it in the description instead): " + strings.Join(found, "; "))
	}
	return nil
}
