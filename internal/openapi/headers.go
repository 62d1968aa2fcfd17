package openapi

import (
	"math"

	"github.com/getkin/kin-openapi/openapi3"
)

// Response headers that the middleware sets on many responses. swag can
// declare a header per annotation, not once for the whole API, so they are
// components here, referenced by the rule in responseHeaders.
var commonHeaders = map[string]*openapi3.Header{
	"X-Request-ID": header(true, "The request's id: the client's X-Request-ID when it is 1 to 128 of A-Z a-z 0-9 . _ : -, "+
		"else a new UUID. It is in the server's log line of the request: quote it when asking for support.",
		&openapi3.Schema{Type: &openapi3.Types{"string"}, MinLength: 1, MaxLength: uint64Ptr(128), Pattern: `^[A-Za-z0-9._:-]+$`}),
	"RateLimit-Limit": header(false, "The key's burst: how many requests it may send at once. "+
		"Absent when rate limiting is off (RATE_LIMIT_RPS=0) and before the key is authenticated.", integer(1)),
	"RateLimit-Remaining": header(false, "How many requests the key may still send at once right now.", integer(0)),
	"RateLimit-Reset":     header(false, "Seconds until the key may send a request again.", integer(1)),
	"Retry-After":         header(true, "Seconds to wait before retrying.", integer(1)),
	"WWW-Authenticate": header(true, `The scheme to authenticate with: Bearer realm="orders-api".`,
		&openapi3.Schema{Type: &openapi3.Types{"string"}, MaxLength: uint64Ptr(100), Example: `Bearer realm="orders-api"`}),
}

// responseHeaders adds the common headers where the service sends them:
// X-Request-ID on every response; RateLimit-Limit and -Remaining on the
// responses of authenticated routes (the rate limit runs after the key is
// checked, so not on 401); Retry-After and RateLimit-Reset on 429;
// Retry-After on 503; WWW-Authenticate on 401. It also gives the headers
// declared by Header annotations their exact schema.
func responseHeaders(doc *openapi3.T) error {
	if doc.Components.Headers == nil {
		doc.Components.Headers = openapi3.Headers{}
	}
	for name, h := range commonHeaders {
		doc.Components.Headers[name] = &openapi3.HeaderRef{Value: h}
	}
	for _, op := range operations(doc) {
		for code, resp := range op.Responses.Map() {
			names := []string{"X-Request-ID"}
			if secured(op) && code != "401" {
				names = append(names, "RateLimit-Limit", "RateLimit-Remaining")
			}
			switch code {
			case "401":
				names = append(names, "WWW-Authenticate")
			case "429":
				names = append(names, "Retry-After", "RateLimit-Reset")
			case "503":
				names = append(names, "Retry-After")
			}
			if resp.Value.Headers == nil {
				resp.Value.Headers = openapi3.Headers{}
			}
			for _, name := range names {
				resp.Value.Headers[name] = &openapi3.HeaderRef{Ref: "#/components/headers/" + name, Value: commonHeaders[name]}
			}
			refineAnnotated(resp.Value.Headers)
		}
	}
	return nil
}

// refineAnnotated gives the headers declared by Header annotations the schema that swag
// can't write: Idempotent-Replayed is the literal true, Location and Link
// carry URL references.
func refineAnnotated(headers openapi3.Headers) {
	for name, ref := range headers {
		if ref.Ref != "" || ref.Value.Schema == nil {
			continue
		}
		s := ref.Value.Schema.Value
		switch name {
		case "Idempotent-Replayed":
			s.Enum = []any{"true"}
			s.MaxLength = uint64Ptr(4)
		case "Location":
			s.Format, s.MaxLength, s.Example = "uri-reference", uint64Ptr(64), "/orders/0193a0b2-7c1e-7d2a-9f00-1c2d3e4f5a6b"
		case "Link":
			s.MaxLength = uint64Ptr(2048)
			s.Example = `</orders?integration_status=error&cursor=eyJ2IjoxfQ.c2lnbmF0dXJl>; rel="next"`
		case "Content-Disposition":
			s.Enum = []any{`attachment; filename="integration-history.csv"`, `attachment; filename="integration-history.ndjson"`}
			s.MaxLength = uint64Ptr(64)
		}
	}
}

func header(required bool, description string, s *openapi3.Schema) *openapi3.Header {
	return &openapi3.Header{Parameter: openapi3.Parameter{Description: description, Required: required, Schema: s.NewRef()}}
}

// integer is an int32 schema with a minimum.
func integer(minimum float64) *openapi3.Schema {
	maximum := float64(math.MaxInt32)
	return &openapi3.Schema{Type: &openapi3.Types{"integer"}, Format: "int32", Min: &minimum, Max: &maximum}
}

func uint64Ptr(n uint64) *uint64 { return &n }
