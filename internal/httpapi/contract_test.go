package httpapi_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/orders-api/orders-api/api"
	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi"
)

// The contract tests hold the service to api/openapi.yaml, the document the
// frontend and connector teams build against. Every request the harness
// sends (env.do) is checked by checkContract: a request that the contract
// rejects must not succeed, and every response must be one the contract
// documents, status, headers, content type and body, with no field it
// doesn't name. TestContractRoutes checks that the contract and the route
// table name the same operations.

// contractHost is the host of httptest.NewRequest, the harness's requests.
const contractHost = "http://example.com"

// contract is api/openapi.yaml, loaded once, as the checks read it.
var contract = sync.OnceValues(func() (routers.Router, error) { return loadContract(false) })

// sparseContract is contract for a request with sparse fields (fields=):
// its orders hold the fields asked for alone, so every member of the Order
// schema but id may be absent; those present are checked as always.
var sparseContract = sync.OnceValues(func() (routers.Router, error) { return loadContract(true) })

// loadContract loads api/openapi.yaml for the checks; sparse makes every
// member of an Order optional but its id.
func loadContract(sparse bool) (routers.Router, error) {
	doc, err := openapi3.NewLoader().LoadFromData(api.YAML)
	if err != nil {
		return nil, fmt.Errorf("load api/openapi.yaml: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("api/openapi.yaml is not valid: %w", err)
	}
	doc.Servers = openapi3.Servers{{URL: contractHost}} // the router matches absolute URLs
	closeObjects(doc)
	if sparse {
		doc.Components.Schemas["Order"].Value.Required = []string{"id"}
	}
	registerStreamedBodies()
	return gorillamux.NewRouter(doc)
}

// closeObjects makes every object schema with properties refuse other
// properties, so that a response field the contract does not name fails.
// The published document keeps responses open, for clients to evolve with.
func closeObjects(doc *openapi3.T) {
	closed := false
	for _, s := range doc.Components.Schemas {
		if len(s.Value.Properties) > 0 {
			s.Value.AdditionalProperties = openapi3.AdditionalProperties{Has: &closed}
		}
	}
}

// checkContract validates req, which the harness is about to serve, and
// returns the check of its response. A route the contract doesn't have
// (an unknown path or method) is not checked here: TestContractRoutes
// compares the route tables.
func checkContract(t testing.TB, req *http.Request) func(*httptest.ResponseRecorder) {
	t.Helper()
	load := contract
	if req.URL.Query().Has("fields") {
		load = sparseContract
	}
	router, err := load()
	if err != nil {
		t.Fatalf("contract: %v", err)
	}
	route, params, err := router.FindRoute(req)
	if err != nil {
		return func(*httptest.ResponseRecorder) {}
	}
	in, reqErr := validateRequest(req, route, params)
	name := req.Method + " " + req.URL.RequestURI()
	return func(rec *httptest.ResponseRecorder) {
		t.Helper()
		if reqErr != nil && rec.Code < 300 {
			t.Errorf("contract: %s: answered %d to a request that api/openapi.yaml rejects: %v", name, rec.Code, reqErr)
		}
		err := openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
			RequestValidationInput: in, Status: rec.Code, Header: rec.Header(),
			Body:    io.NopCloser(bytes.NewReader(rec.Body.Bytes())),
			Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
		})
		if err != nil {
			t.Errorf("contract: %s -> %d: the response is not one api/openapi.yaml documents: %v\nbody: %.500s",
				name, rec.Code, err, rec.Body.Bytes())
		}
	}
}

// validateRequest validates a copy of req (the validator sets defaults in
// what it reads) with its body decoded as the server decodes it, and leaves
// req's body as it was.
func validateRequest(req *http.Request, route *routers.Route, params map[string]string) (*openapi3filter.RequestValidationInput, error) {
	var raw []byte
	if req.Body != nil {
		raw, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(raw))
	}
	cp := req.Clone(context.Background())
	cp.Body = io.NopCloser(bytes.NewReader(raw))
	in := &openapi3filter.RequestValidationInput{Request: cp, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
			MultiError: true, SkipSettingDefaults: true}}
	if strings.EqualFold(req.Header.Get("Content-Encoding"), "gzip") {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return in, fmt.Errorf("gzip body: %w", err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil {
			return in, fmt.Errorf("gzip body: %w", err)
		}
		cp.Body = io.NopCloser(bytes.NewReader(plain))
	}
	return in, openapi3filter.ValidateRequest(context.Background(), in)
}

// echoParam is a path parameter in Echo's syntax.
var echoParam = regexp.MustCompile(`:([A-Za-z_][A-Za-z0-9_]*)`)

// TestContractRoutes walks Echo's route table: every route is an operation
// of api/openapi.yaml, and every operation of it a route. The Swagger UI's
// files (/swagger/*) and the admin screen's (/admin/*) are not API operations.
func TestContractRoutes(t *testing.T) {
	t.Parallel()
	doc, err := openapi3.NewLoader().LoadFromData(api.YAML)
	if err != nil {
		t.Fatal(err)
	}
	served := map[string]bool{}
	e := httpapi.NewServer(httpapi.Deps{Logger: slog.New(slog.DiscardHandler)})
	for _, r := range e.Routes() {
		if !strings.HasPrefix(r.Path, "/swagger/") && !strings.HasPrefix(r.Path, "/admin") {
			served[r.Method+" "+echoParam.ReplaceAllString(r.Path, "{$1}")] = true
		}
	}
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
		}
	}
	for _, op := range sortedKeys(served) {
		if !documented[op] {
			t.Errorf("route %s is not in api/openapi.yaml: annotate its handler and run make docs", op)
		}
	}
	for _, op := range sortedKeys(documented) {
		if !served[op] {
			t.Errorf("api/openapi.yaml documents %s, which the server does not route", op)
		}
	}
	if len(served) < 10 {
		t.Errorf("only %d routes: %v", len(served), sortedKeys(served))
	}
}

// TestContractServed checks that the service serves the contract of api/,
// as JSON and as YAML.
func TestContractServed(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	for path, want := range map[string][]byte{"/openapi.json": api.JSON, "/openapi.yaml": api.YAML} {
		r := v.must(v.do("GET", path, "", nil), 200)
		if !bytes.Equal(r.Body, want) {
			t.Errorf("GET %s is not the file in api/", path)
		}
		if _, err := openapi3.NewLoader().LoadFromData(r.Body); err != nil {
			t.Errorf("GET %s: %v", path, err)
		}
	}
	r := v.must(v.do("GET", "/swagger/doc.json", "", nil), 200)
	if !bytes.Contains(r.Body, []byte(`"swagger": "2.0"`)) {
		t.Errorf("/swagger/doc.json is not swag's Swagger 2.0 document: %.200s", r.Body)
	}
}

// TestContractExamples sends the request examples of api/examples, which
// the other teams copy, to the service: it takes them (and checkContract
// checks both sides).
func TestContractExamples(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("acme", auth.RoleAdmin)
	example := func(name string) []byte {
		b, err := os.ReadFile("../../api/examples/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	o := decode[httpapi.OrderResponse](t, v.must(v.do("POST", "/orders", admin, example("createOrder.request.json")), 201))
	v.must(v.do("PATCH", "/orders/"+o.ID, admin, example("patchOrder.request.json")), 200)
	v.must(v.do("POST", "/orders/"+o.ID+"/integration-history", admin, example("recordAttempt.request.json")), 201)
	batch := decode[httpapi.BatchResponse](t, v.must(v.do("POST", "/integration-history/batch", admin,
		bytes.ReplaceAll(example("recordAttemptBatch.request.json"), []byte("0193a0b2-7c1e-7d2a-9f00-1c2d3e4f5a6b"), []byte(o.ID))), 200))
	if got := []int{batch.Results[0].Status, batch.Results[1].Status}; got[0] != 201 || got[1] != 404 {
		t.Errorf("batch example: statuses %v, want [201 404] as in recordAttemptBatch.200.json", got)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
