package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi"
)

// orderFields are the names fields= takes, in the order of an order's JSON.
var orderFields = []string{"id", "number", "status", "customer", "currency", "total_cents", "items",
	"placed_at", "created_at", "updated_at", "integration"}

// members returns the members of the JSON object raw, in their order.
func members(t *testing.T, raw []byte) ([]string, map[string]json.RawMessage) {
	t.Helper()
	var byName map[string]json.RawMessage
	if err := json.Unmarshal(raw, &byName); err != nil {
		t.Fatalf("not an object: %v: %s", err, raw)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	var names []string
	_, _ = dec.Token() // {
	for dec.More() {
		tok, _ := dec.Token()
		names = append(names, tok.(string))
		var skip json.RawMessage
		_ = dec.Decode(&skip)
	}
	return names, byName
}

// wantSparse fails t unless raw is the order whole with the members of
// want alone, in the whole order's order.
func wantSparse(t *testing.T, what string, raw, whole []byte, want []string) {
	t.Helper()
	names, got := members(t, raw)
	_, all := members(t, whole)
	if !slices.Equal(names, want) {
		t.Errorf("%s: members %v, want %v", what, names, want)
	}
	for _, n := range names {
		if !bytes.Equal(got[n], all[n]) {
			t.Errorf("%s: %s = %s, the whole order has %s", what, n, got[n], all[n])
		}
	}
}

// dataOf returns the first element of a page's data.
func dataOf(t *testing.T, raw []byte) []json.RawMessage {
	t.Helper()
	var p struct {
		Data []json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatalf("not a page: %v: %s", err, raw)
	}
	return p.Data
}

// fieldsEnv is an environment with one order with items and a history.
func fieldsEnv(t *testing.T) (*env, string, httpapi.OrderResponse) {
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	o := v.createOrder(admin, map[string]any{"items": []any{
		map[string]any{"sku": "CAM-01", "name": "Camiseta", "quantity": 2, "unit_price_cents": 9995}},
		"customer": map[string]any{"name": "Ana <Souza>", "email": "ana@example.com"}})
	v.record(admin, o.ID, map[string]any{"status": "error", "error_code": "customer.document_missing"})
	return v, admin, o
}

// TestFieldsEachAlone: each field alone, on the list and on one order,
// is the id and that member as the whole order has it.
func TestFieldsEachAlone(t *testing.T) {
	t.Parallel()
	v, admin, o := fieldsEnv(t)
	whole := v.must(v.do("GET", "/orders/"+o.ID, admin, nil), 200).Body
	for _, name := range orderFields {
		want := []string{"id"}
		if name != "id" {
			want = append(want, name)
		}
		one := v.must(v.do("GET", "/orders/"+o.ID+"?fields="+name, admin, nil), 200)
		wantSparse(t, "GET /orders/{id}?fields="+name, one.Body, whole, want)
		list := dataOf(t, v.must(v.do("GET", "/orders?fields="+name, admin, nil), 200).Body)
		if len(list) != 1 {
			t.Fatalf("fields=%s: %d orders, want 1", name, len(list))
		}
		wantSparse(t, "GET /orders?fields="+name, list[0], whole, want)
	}
}

// TestFieldsCombinations: the list screen's fields, the fields in any
// order and twice, and every field (the whole order, byte for byte as
// without fields).
func TestFieldsCombinations(t *testing.T) {
	t.Parallel()
	v, admin, o := fieldsEnv(t)
	whole := v.must(v.do("GET", "/orders/"+o.ID, admin, nil), 200).Body
	wholeList := v.must(v.do("GET", "/orders", admin, nil), 200).Body
	tests := map[string][]string{
		"number,status,customer,total_cents,placed_at,integration": {"id", "number", "status", "customer", "total_cents", "placed_at", "integration"},
		"integration,number,id":        {"id", "number", "integration"},
		"items,items,updated_at,items": {"id", "items", "updated_at"},
	}
	for fields, want := range tests {
		one := v.must(v.do("GET", "/orders/"+o.ID+"?fields="+url.QueryEscape(fields), admin, nil), 200)
		wantSparse(t, "GET /orders/{id}?fields="+fields, one.Body, whole, want)
		list := dataOf(t, v.must(v.do("GET", "/orders?fields="+url.QueryEscape(fields), admin, nil), 200).Body)
		wantSparse(t, "GET /orders?fields="+fields, list[0], whole, want)
	}
	all := "fields=" + strings.Join(orderFields, ",")
	if got := v.must(v.do("GET", "/orders/"+o.ID+"?"+all, admin, nil), 200).Body; !bytes.Equal(got, whole) {
		t.Errorf("every field: %s\nwant the whole order %s", got, whole)
	}
	if got := v.must(v.do("GET", "/orders?"+all, admin, nil), 200).Body; !bytes.Equal(got, wholeList) {
		t.Errorf("every field, list: %s\nwant %s", got, wholeList)
	}
}

// TestFieldsBad: an unknown name (named in the problem), an empty name,
// white space, another case and an empty value are 400 on both routes,
// and on one order before its 404.
func TestFieldsBad(t *testing.T) {
	t.Parallel()
	v, admin, o := fieldsEnv(t)
	tests := map[string]string{
		"number,bogus":   `"bogus"`,
		"bogus,xyz":      `"bogus", "xyz"`,
		"number,,status": "empty name",
		"number,":        "empty name",
		",number":        "empty name",
		"number, status": `" status"`,
		"Number":         `"Number"`,
		"customer.name":  `"customer.name"`,
		"":               "must not be empty",
	}
	for fields, named := range tests {
		for _, path := range []string{"/orders", "/orders/" + o.ID, "/orders/0193a0b2-7c1e-7d2a-9f00-1c2d3e4f5a6b"} {
			r := v.do("GET", path+"?fields="+url.QueryEscape(fields), admin, nil)
			p := wantProblem(t, r, 400, "fields")
			if len(p.Errors) != 1 || !strings.Contains(p.Errors[0].Message, named) {
				t.Errorf("%s?fields=%q: problem %+v, want one naming %s", path, fields, p.Errors, named)
			}
		}
	}
	// a good fields on an unknown order is its 404
	wantProblem(t, v.do("GET", "/orders/0193a0b2-7c1e-7d2a-9f00-1c2d3e4f5a6b?fields=number", admin, nil), 404)
	// fields is known only where it is documented
	wantProblem(t, v.do("GET", "/integration-history?fields=id", admin, nil), 400, "fields")
}

// TestFieldsPaging: pages with fields follow their Link, which keeps the
// fields, and walk the same orders as without; a cursor of a page without
// fields serves with them (fields are not a filter).
func TestFieldsPaging(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	for range 5 {
		v.createOrder(admin, nil)
	}
	plain := ids(walk[httpapi.OrderResponse](v, admin, "/orders?limit=2"))
	var seen []string
	path := "/orders?limit=2&fields=number,integration"
	for pages := 0; path != ""; pages++ {
		if pages > 5 {
			t.Fatal("the cursor does not advance")
		}
		r := v.must(v.do("GET", path, admin, nil), 200)
		var p struct {
			Data []struct {
				ID          string          `json:"id"`
				Number      string          `json:"number"`
				Integration json.RawMessage `json:"integration"`
			} `json:"data"`
			NextCursor *string `json:"next_cursor"`
		}
		dec := json.NewDecoder(bytes.NewReader(r.Body))
		dec.DisallowUnknownFields() // the other fields are absent
		if err := dec.Decode(&p); err != nil {
			t.Fatalf("page %d: %v: %s", pages, err, r.Body)
		}
		for _, o := range p.Data {
			if o.Number == "" || len(o.Integration) == 0 {
				t.Errorf("page %d: %+v lacks a field asked for", pages, o)
			}
			seen = append(seen, o.ID)
		}
		path = nextLink(t, r, p.NextCursor)
		if path != "" {
			if q, _ := url.Parse(path); q.Query().Get("fields") != "number,integration" {
				t.Errorf("Link %q does not keep fields", path)
			}
		}
	}
	if !slices.Equal(seen, plain) {
		t.Errorf("paged with fields %v, without %v", seen, plain)
	}
	first := decode[page[httpapi.OrderResponse]](t, v.must(v.do("GET", "/orders?limit=2", admin, nil), 200))
	next := dataOf(t, v.must(v.do("GET", "/orders?limit=2&fields=id&cursor="+url.QueryEscape(*first.NextCursor), admin, nil), 200).Body)
	if len(next) != 2 || !bytes.Contains(next[0], []byte(plain[2])) {
		t.Errorf("a cursor without fields, used with fields=id: %s, want %s first", next, plain[2])
	}
}
