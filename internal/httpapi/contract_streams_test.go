package httpapi_test

import (
	"io"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// registerStreamedBodies teaches the contract's validator the streamed media
// types of SPEC 10, documented as text: the body is checked as a string
// (TestExport and TestStream check its lines against the history's JSON).
func registerStreamedBodies() {
	for _, ct := range []string{"application/x-ndjson", "text/csv", "text/event-stream"} {
		openapi3filter.RegisterBodyDecoder(ct, func(r io.Reader, _ http.Header, _ *openapi3.SchemaRef,
			_ openapi3filter.EncodingFn) (any, error) {
			b, err := io.ReadAll(r)
			return string(b), err
		})
	}
}
