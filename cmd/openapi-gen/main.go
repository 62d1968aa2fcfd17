// Command openapi-gen writes the published OpenAPI 3.0 contract of
// orders-api, api/openapi.yaml and api/openapi.json, from swag's Swagger 2.0
// output (docs/swagger.json) and the examples in api/examples. `make docs`
// runs it after swag; see internal/openapi for what it adds.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/orders-api/orders-api/internal/openapi"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "openapi-gen:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fl := flag.NewFlagSet("openapi-gen", flag.ContinueOnError)
	swagger := fl.String("swagger", "docs/swagger.json", "swag's Swagger 2.0 document")
	examples := fl.String("examples", "api/examples", "folder of example bodies")
	out := fl.String("out", "api", "folder to write openapi.yaml and openapi.json to")
	if err := fl.Parse(args); err != nil {
		return err
	}
	in, err := os.ReadFile(*swagger)
	if err != nil {
		return err
	}
	doc, err := openapi.Build(in, os.DirFS(*examples))
	if err != nil {
		return err
	}
	jsonDoc, yamlDoc, err := openapi.Marshal(doc)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(*out, "openapi.json"), jsonDoc, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(*out, "openapi.yaml"), yamlDoc, 0o644)
}
