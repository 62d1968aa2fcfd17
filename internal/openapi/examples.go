package openapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// problemsFile holds one example problem per error status, keyed "400".
const problemsFile = "problems.json"

// addExamples sets the examples of request and response bodies from files
// (api/examples), which double as sample requests for the other teams:
//
//   - <operationId>.request.json: the operation's request body;
//   - <operationId>.<status>.json: that response's body, for every JSON
//     response with a named schema;
//   - problems.json: {"<status>": problem} for every error response.
//
// A missing example, or a file that names no operation, is an error, so the
// examples follow the annotations. Build validates each against its schema.
func addExamples(doc *openapi3.T, files fs.FS) error {
	var problems map[string]any
	if err := readJSON(files, problemsFile, &problems); err != nil {
		return err
	}
	used := map[string]bool{problemsFile: true}
	var errs []error
	for _, op := range operations(doc) {
		errs = append(errs, addTextExamples(files, op, used)...)
		if op.RequestBody != nil {
			name := op.OperationID + ".request.json"
			errs = append(errs, setExample(files, name, op.RequestBody.Value.Content.Get("application/json")))
			used[name] = true
		}
		for code, resp := range op.Responses.Map() {
			if mt := resp.Value.Content[problemJSON]; mt != nil {
				if mt.Example = problems[code]; mt.Example == nil && !used["problem "+code] {
					errs = append(errs, fmt.Errorf("%s has no problem for %s", problemsFile, code))
				}
				used["problem "+code] = true
				continue
			}
			if mt := resp.Value.Content["application/json"]; mt != nil && mt.Schema != nil && mt.Schema.Ref != "" {
				name := fmt.Sprintf("%s.%s.json", op.OperationID, code)
				errs = append(errs, setExample(files, name, mt))
				used[name] = true
			}
		}
	}
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return fmt.Errorf("read examples: %w", err)
	}
	for _, e := range entries {
		if (strings.HasSuffix(e.Name(), ".json") || isTextExample(e.Name())) && !used[e.Name()] {
			errs = append(errs, fmt.Errorf("example %s names no operation and status of the document", e.Name()))
		}
	}
	return errors.Join(slices.DeleteFunc(errs, func(err error) bool { return err == nil })...)
}

func setExample(files fs.FS, name string, mt *openapi3.MediaType) error {
	if mt == nil {
		return fmt.Errorf("example %s: the operation has no application/json body there", name)
	}
	return readJSON(files, name, &mt.Example)
}

func readJSON(files fs.FS, name string, dst any) error {
	b, err := fs.ReadFile(files, name)
	if err != nil {
		return fmt.Errorf("example %s: %w", name, err)
	}
	if err := json.Unmarshal(b, dst); err != nil {
		return fmt.Errorf("example %s: %w", name, err)
	}
	return nil
}
