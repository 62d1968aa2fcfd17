package openapi_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/orders-api/orders-api/internal/openapi"
)

// TestRequestDefaultRefused: a default on a request field fails the build,
// since openapi-typescript would type the field as required and a client
// could not leave it to the server.
func TestRequestDefaultRefused(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../../docs/swagger.json")
	if err != nil {
		t.Fatal(err)
	}
	var swagger map[string]any
	if err := json.Unmarshal(raw, &swagger); err != nil {
		t.Fatal(err)
	}
	status := swagger["definitions"].(map[string]any)["CreateOrderRequest"].(map[string]any)["properties"].(map[string]any)["status"].(map[string]any)
	status["default"] = "pending"
	raw, err = json.Marshal(swagger)
	if err != nil {
		t.Fatal(err)
	}
	_, err = openapi.Build(raw, os.DirFS("../../api/examples"))
	if err == nil || !strings.Contains(err.Error(), "POST /orders: status has default pending") {
		t.Errorf("Build with a default on CreateOrderRequest.status: %v, want it refused", err)
	}
}

// TestNoRequestDefaults: the committed contract has no default in a request
// body, and every default it lost is still said in the description.
func TestNoRequestDefaults(t *testing.T) {
	t.Parallel()
	create := build(t).Components.Schemas["CreateOrderRequest"].Value
	for field, def := range map[string]string{"status": "pending", "currency": "BRL", "placed_at": "now"} {
		p := create.Properties[field].Value
		if p.Default != nil || !strings.Contains(p.Description, "absent is "+def) || create.Properties[field] == nil {
			t.Errorf("CreateOrderRequest.%s: default %v, description %q: want no default, and %q said", field, p.Default, p.Description, def)
		}
		for _, r := range create.Required {
			if r == field {
				t.Errorf("CreateOrderRequest.%s is required", field)
			}
		}
	}
}

// TestOrderLinks: the contract links a created order to itself and to its
// history, and a history back to its order.
func TestOrderLinks(t *testing.T) {
	t.Parallel()
	doc := build(t)
	for _, tc := range []struct{ path, method, code, link, to, id string }{
		{"/orders", "POST", "201", "GetOrder", "getOrder", "$response.body#/id"},
		{"/orders", "POST", "201", "ListOrderHistory", "listOrderHistory", "$response.body#/id"},
		{"/orders/{id}", "GET", "200", "ListOrderHistory", "listOrderHistory", "$response.body#/id"},
		{"/orders/{id}/integration-history", "GET", "200", "GetOrder", "getOrder", "$request.path.id"},
		{"/orders/{id}/integration-history", "POST", "201", "GetOrder", "getOrder", "$response.body#/order_id"},
	} {
		resp := doc.Paths.Find(tc.path).GetOperation(tc.method).Responses.Value(tc.code).Value
		l := resp.Links[tc.link]
		if l == nil || l.Value.OperationID != tc.to || l.Value.Parameters["id"] != tc.id {
			t.Errorf("%s %s %s: link %s = %+v, want %s with id %s", tc.method, tc.path, tc.code, tc.link, l, tc.to, tc.id)
		}
	}
}
