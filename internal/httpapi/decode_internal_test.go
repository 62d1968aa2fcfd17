package httpapi

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/order"
)

func TestDecodeStrict(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		body     string
		code     errs.Code
		fields   []string
		readOnly []string
	}{
		{"valid", `{"number":"1","customer":{"name":"A"},"total_cents":1,"items":[{"sku":"a","name":"b","quantity":1,"unit_price_cents":0}]}`, 0, nil, nil},
		{"empty body", ``, errs.BadRequest, nil, nil},
		{"malformed", `{"number":`, errs.BadRequest, nil, nil},
		{"trailing data", `{"number":"1"} {}`, errs.BadRequest, nil, nil},
		{"not an object", `[1,2]`, errs.BadRequest, nil, nil},
		{"invalid UTF-8", "{\"number\":\"\xff\"}", errs.BadRequest, nil, nil},
		{"unknown and read-only fields, all at once", `{"id":"x","colour":"red","customer":{"name":"A","age":3}}`, errs.Invalid,
			[]string{"colour", "customer.age", "id"}, []string{"id"}},
		{"wrong types with paths", `{"number":1,"total_cents":1.5,"items":[{"quantity":"2"},{"quantity":1e3}],"customer":[]}`, errs.Invalid,
			[]string{"customer", "items[0].quantity", "items[1].quantity", "number", "total_cents"}, nil},
		{"integer beyond int64", `{"total_cents":99999999999999999999}`, errs.Invalid, []string{"total_cents"}, nil},
		{"null for a non-nullable", `{"number":null,"customer":null}`, errs.Invalid, []string{"number"}, nil},
		{"member twice, last one valid", `{"number":"n1","number":"n2","customer":{"name":"A"},"total_cents":1}`, errs.BadRequest,
			[]string{"number"}, nil},
		{"object twice hiding an unknown field", `{"number":"1","customer":{"name":"A","phone":"1"},"customer":{"name":"B"},"total_cents":1}`,
			errs.BadRequest, []string{"customer"}, nil},
		{"member twice in an item", `{"number":"1","customer":{"name":"A"},"total_cents":1,"items":[{},{"sku":"a","sku":"a"}]}`,
			errs.BadRequest, []string{"items[1].sku"}, nil},
		{"member twice, spelled with an escape", `{"number":"1","n\u0075mber":"2","customer":{"name":"A"},"total_cents":1}`,
			errs.BadRequest, []string{"number"}, nil},
		{"members twice before other problems", `{"colour":1,"number":1,"number":"a","customer":{"name":"A","name":"B"}}`,
			errs.BadRequest, []string{"customer.name", "number"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var req CreateOrderRequest
			err := decodeStrict([]byte(tt.body), &req, tt.readOnly)
			if tt.code == 0 {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			e, ok := errs.As(err)
			if !ok || e.Code != tt.code {
				t.Fatalf("error = %v, want code %d", err, tt.code)
			}
			var fields []string
			for _, f := range e.Fields {
				fields = append(fields, f.Field)
			}
			slices.Sort(fields)
			if !slices.Equal(fields, tt.fields) {
				t.Fatalf("fields = %v, want %v", fields, tt.fields)
			}
		})
	}
}

// TestDecodeStrictDuplicates covers members given twice in the other
// request types: inside details, in a PATCH, and in a batch, where a member
// twice inside one attempt is that attempt's problem (batchItem decodes it
// alone) but one of the envelope is the whole body's.
func TestDecodeStrictDuplicates(t *testing.T) {
	t.Parallel()
	big := `{"r":"` + strings.Repeat("x", 20<<10) + `"}`
	tests := []struct {
		name   string
		body   string
		dst    any
		fields []string // nil: accepted
	}{
		{"details twice", `{"status":"error","message":"m","details":` + big + `,"details":{}}`, &CreateAttemptRequest{}, []string{"details"}},
		{"member twice inside details", `{"status":"error","message":"m","details":{"a":{"b":1,"b":2}}}`, &CreateAttemptRequest{}, []string{"details.a.b"}},
		{"member twice deep in details arrays", `{"status":"error","message":"m","details":{"l":[[{"b":1}],[{"b":1,"c":2,"b":2}]]}}`, &CreateAttemptRequest{}, []string{"details.l[1][0].b"}},
		{"details without members twice", `{"status":"error","message":"m","details":{"a":{"b":1},"b":{"a":1}}}`, &CreateAttemptRequest{}, nil},
		{"patch status twice", `{"status":"paid","status":null}`, &PatchOrderRequest{}, []string{"status"}},
		{"patch customer email twice", `{"customer":{"email":null,"email":"a@b.c"}}`, &PatchOrderRequest{}, []string{"customer.email"}},
		{"batch attempts twice", `{"attempts":[{"order_id":"x"}],"attempts":[]}`, &batchEnvelope{}, []string{"attempts"}},
		{"batch member twice inside an attempt", `{"attempts":[{"order_id":"x","message":"a","message":"b"}]}`, &batchEnvelope{}, nil},
		{"batch attempt itself", `{"order_id":"x","status":"error","message":"a","message":"b"}`, &BatchAttempt{}, []string{"message"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := decodeStrict([]byte(tt.body), tt.dst, nil)
			if tt.fields == nil {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			e, ok := errs.As(err)
			if !ok || e.Code != errs.BadRequest {
				t.Fatalf("error = %v, want a 400", err)
			}
			var fields []string
			for _, f := range e.Fields {
				fields = append(fields, f.Field)
			}
			if !slices.Equal(fields, tt.fields) || !strings.Contains(e.Detail, fmt.Sprintf("%q", tt.fields[0])) {
				t.Fatalf("problem %q naming %v, want %v", e.Detail, fields, tt.fields)
			}
		})
	}
}

func TestNullable(t *testing.T) {
	t.Parallel()
	var req PatchOrderRequest
	if err := decodeStrict([]byte(`{"customer":{"email":null,"name":"B"}}`), &req, nil); err != nil {
		t.Fatal(err)
	}
	c := req.Customer.Value
	if req.Status.Set || !req.Customer.Set || !c.Email.Set || !c.Email.Null || c.Name.Value != "B" || c.Document.Set {
		t.Fatalf("decoded %+v", req)
	}
}

func TestCursor(t *testing.T) {
	t.Parallel()
	scope := queryScope("/orders", url.Values{"status": {"paid"}, "limit": {"10"}})
	k := order.OrderKey{Time: time.Date(2026, 11, 26, 14, 3, 7, 123456000, time.UTC), ID: uuid.Must(uuid.NewV7())}
	token := encodeCursor(orderCursor(k), scope)

	got, err := decodeCursor(token, queryScope("/orders", url.Values{"status": {"paid"}, "limit": {"50"}, "cursor": {token}}))
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if back, _ := got.orderKey(); !back.Time.Equal(k.Time) || back.ID != k.ID {
		t.Fatalf("round trip: %+v, want %+v", back, k)
	}
	tampered := []string{
		token[:len(token)-1] + flip(token[len(token)-1]),
		flip(token[0]) + token[1:],
		strings.Replace(token, ".", "", 1),
		"",
		"not-a-cursor",
	}
	for _, bad := range tampered {
		if _, err := decodeCursor(bad, scope); err == nil {
			t.Errorf("tampered cursor %q accepted", bad)
		}
	}
	if _, err := decodeCursor(token, queryScope("/orders", url.Values{"status": {"canceled"}})); err == nil {
		t.Error("cursor accepted with other filters")
	}
}

func flip(b byte) string {
	if b == 'A' {
		return "B"
	}
	return "A"
}
