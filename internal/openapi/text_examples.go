package openapi

import (
	"fmt"
	"io/fs"

	"github.com/getkin/kin-openapi/openapi3"
)

// textExamples are the streamed media types whose response examples are
// text files, <operationId>.<status>.<extension> in api/examples: a
// Server-Sent Events exchange, a CSV or NDJSON export.
var textExamples = map[string]string{
	"text/event-stream":    "sse",
	"text/csv":             "csv",
	"application/x-ndjson": "ndjson",
}

// addTextExamples sets the example of every streamed response of op from
// its file, and marks the files used; a missing file is an error.
func addTextExamples(files fs.FS, op *openapi3.Operation, used map[string]bool) []error {
	var errs []error
	for code, resp := range op.Responses.Map() {
		for ctype, ext := range textExamples {
			mt := resp.Value.Content[ctype]
			if mt == nil {
				continue
			}
			name := fmt.Sprintf("%s.%s.%s", op.OperationID, code, ext)
			b, err := fs.ReadFile(files, name)
			if err != nil {
				errs = append(errs, fmt.Errorf("example %s: %w", name, err))
				continue
			}
			mt.Example = string(b)
			used[name] = true
		}
	}
	return errs
}

// isTextExample reports whether name is an example file of textExamples.
func isTextExample(name string) bool {
	for _, ext := range textExamples {
		if len(name) > len(ext) && name[len(name)-len(ext)-1:] == "."+ext {
			return true
		}
	}
	return false
}
