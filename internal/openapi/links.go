package openapi

import (
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
)

// link is one OpenAPI link: from a response of an operation to the
// operation its value leads to, with the order's id taken from the answer
// or the request.
type link struct {
	from, code, name, to, id, description string
}

// orderLinks are the flows from an order to its history and back, for the
// readers of the contract and the testing tools that follow links.
var orderLinks = []link{
	{"createOrder", "201", "GetOrder", "getOrder", "$response.body#/id", "The order just created."},
	{"createOrder", "201", "ListOrderHistory", "listOrderHistory", "$response.body#/id", "The new order's integration history (empty until an attempt is recorded)."},
	{"createOrder", "201", "RecordAttempt", "recordAttempt", "$response.body#/id", "Record an integration attempt of the new order."},
	{"getOrder", "200", "ListOrderHistory", "listOrderHistory", "$response.body#/id", "This order's integration history, newest first."},
	{"getOrder", "200", "PatchOrder", "patchOrder", "$response.body#/id", "Change this order's status or customer."},
	{"patchOrder", "200", "GetOrder", "getOrder", "$response.body#/id", "The changed order."},
	{"listOrderHistory", "200", "GetOrder", "getOrder", "$request.path.id", "The order of this history, with its integration summary."},
	{"recordAttempt", "201", "GetOrder", "getOrder", "$response.body#/order_id", "The attempt's order, its summary already updated."},
	{"recordAttempt", "201", "ListOrderHistory", "listOrderHistory", "$response.body#/order_id", "The order's history, with this attempt."},
}

// links adds orderLinks to the operations' responses.
func links(doc *openapi3.T) error {
	byID := map[string]*openapi3.Operation{}
	for _, op := range operations(doc) {
		byID[op.OperationID] = op
	}
	for _, l := range orderLinks {
		from, to := byID[l.from], byID[l.to]
		if from == nil || to == nil || from.Responses.Value(l.code) == nil {
			return fmt.Errorf("link %s: no operation %s with a %s response, or no operation %s", l.name, l.from, l.code, l.to)
		}
		resp := from.Responses.Value(l.code).Value
		if resp.Links == nil {
			resp.Links = openapi3.Links{}
		}
		resp.Links[l.name] = &openapi3.LinkRef{Value: &openapi3.Link{
			OperationID: l.to, Description: l.description, Parameters: map[string]any{"id": l.id},
		}}
	}
	return nil
}
