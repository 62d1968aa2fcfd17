package httpapi

import (
	"bytes"
	"encoding/json"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/httpapi/wire"
	"github.com/orders-api/orders-api/internal/httpapi/wire/wiretest"
	"github.com/orders-api/orders-api/internal/order"
)

// The decoding fuzz targets check decodeStrict on any bytes: it never
// panics, refuses only with a client error (400 or 422, never the 500 of a
// walker that accepts what encoding/json refuses), refuses with a 400
// naming them every object given with members twice (as
// wiretest.RefDuplicates finds them), and what it accepts encodes back to JSON that it accepts again as
// the same request. Seeds are
// in testdata/fuzz/<target>; CI runs each target briefly (.ci/run).

func FuzzDecodeCreateOrder(f *testing.F) {
	for _, s := range []string{
		`{"number":"100234","status":"paid","customer":{"name":"Ana Souza","email":"ana@example.com","document":"123.456.789-09"},"currency":"BRL","total_cents":19990,"items":[{"sku":"CAM-01","name":"Camiseta","quantity":2,"unit_price_cents":9995}],"placed_at":"2026-11-26T14:03:07-03:00"}`,
		`{"number":"1","customer":{"name":"A"},"total_cents":0,"items":[]}`,
		`{"number":"1","customer":null,"total_cents":-0,"items":null,"id":"x","integration":{}}`,
		`{"number":1,"number":"a","customer":{"name":"A"},"total_cents":1}`,
		`{"total_cents":9007199254740993,"items":[{"quantity":1e3},{"quantity":"1"},{}]}`,
		`{"customer":{"name":"\u0000","email":"\ud800"},"number":"\u00e9"}`,
		`[]`, `{}`, `null`, `{"a":1} {}`, ``,
		`{"number":"n1","number":"n2","customer":{"name":"A"},"total_cents":1}`,
		`{"number":"1","customer":{"name":"A","phone":"1"},"customer":{"name":"B"},"total_cents":1}`,
		`{"number":"1","customer":{"name":"A"},"total_cents":1,"items":[{"sku":"a","name":"b","quantity":1,"unit_price_cents":0,"\u0073ku":"c"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var req CreateOrderRequest
		checkDecode(t, data, &req, orderReadOnly, func(v CreateOrderRequest) any { return v })
	})
}

func FuzzDecodeCreateAttempt(f *testing.F) {
	for _, s := range []string{
		`{"system":"bling","status":"error","action":"order.export","message":"Cliente sem CPF","error_code":"customer.document_missing","external_id":null,"occurred_at":"2026-11-26T14:04:59Z","details":{"http_status":422,"response":"..."}}`,
		`{"status":"success","message":"ok","details":null}`,
		`{"status":"success","message":"ok","details":[1,2],"recorded_at":"x","order_id":"y"}`,
		`{"status":"pending","message":"<script>&amp;</script>","details":{"a":{"b":[{"c":"\ud800"}]},"n":1e400}}`,
		`{"message":"a","message":7}`,
		`{"status":"error","message":"m","details":{"a":1,"a":2}}`,
		`{"status":"error","message":"m","details":{"x":[{"b":1,"c":{},"b":[]}]},"details":{}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var req CreateAttemptRequest
		checkDecode(t, data, &req, attemptReadOnly, func(v CreateAttemptRequest) any {
			v.Details = canonical(t, v.Details)
			return v
		})
	})
}

func FuzzDecodePatchOrder(f *testing.F) {
	for _, s := range []string{
		`{"status":"canceled","customer":{"email":null,"document":"1","name":"B"}}`,
		`{"status":null}`, `{"customer":null}`, `{"customer":{}}`,
		`{"number":"2","total_cents":5,"items":[]}`,
		`{"status":1,"status":"paid"}`,
		`{"status":"paid","status":null}`,
		`{"customer":{"email":null,"email":"a@b.c"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var req PatchOrderRequest
		checkDecode(t, data, &req, orderReadOnly, func(v PatchOrderRequest) any { return patchJSON(v) })
	})
}

// decodeStrict parses data and decodes it into dst, as bind does.
func decodeStrict(data []byte, dst any, readOnly []string) error {
	b, err := wire.Parse(data)
	if err != nil {
		return err
	}
	return wire.Decode(b, dst, readOnly)
}

// checkDecode decodes data into dst and checks the properties above; norm
// gives the comparable (and, for PATCH, encodable) form of a request.
func checkDecode[T any](t *testing.T, data []byte, dst *T, readOnly []string, norm func(T) any) {
	err := decodeStrict(data, dst, readOnly)
	dups := wiretest.RefDuplicates(data)
	if json.Valid(data) && utf8.Valid(data) && bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) && len(dups) > 0 {
		var named []string
		if e, ok := errs.As(err); ok && e.Code == errs.BadRequest {
			for _, f := range e.Fields {
				named = append(named, f.Field)
			}
		}
		if !slices.Equal(named, dups) {
			t.Fatalf("decodeStrict(%q) = %v, want a 400 naming %q", data, err, dups)
		}
	}
	if err != nil {
		if e, ok := errs.As(err); !ok || (e.Code != errs.BadRequest && e.Code != errs.Invalid) {
			t.Fatalf("decodeStrict(%q) = %v: not a client error", data, err)
		}
		return
	}
	if len(dups) > 0 {
		t.Fatalf("decodeStrict(%q) accepted members given twice: %q", data, dups)
	}
	out, err := json.Marshal(norm(*dst))
	if err != nil {
		t.Fatalf("accepted %q but can't encode it: %v", data, err)
	}
	out = dropNulls(t, out) // an absent optional field and a null one decode alike
	var again T
	if err := decodeStrict(out, &again, readOnly); err != nil {
		t.Fatalf("accepted %q, refused its encoding %s: %v", data, out, err)
	}
	if a, b := norm(*dst), norm(again); !reflect.DeepEqual(a, b) {
		t.Fatalf("%q decoded to %+v, its encoding %s to %+v", data, a, out, b)
	}
}

// dropNulls removes the object members that are null, at every level but
// inside values a PATCH sends as null on purpose (patchJSON keeps those as
// the explicit marker patchNull).
func dropNulls(t *testing.T, data []byte) []byte {
	var v any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("re-encoded JSON %s does not parse: %v", data, err)
	}
	var walk func(any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				switch {
				case e == nil:
					delete(x, k)
				case e == patchNull:
					x[k] = nil
				default:
					x[k] = walk(e)
				}
			}
		case []any:
			for i, e := range x {
				x[i] = walk(e)
			}
		}
		return v
	}
	b, _ := json.Marshal(walk(v))
	return b
}

// patchNull stands for an explicit null in patchJSON's output.
const patchNull = "\x00null\x00"

// patchJSON is the JSON form of a PATCH request: absent fields left out,
// null ones as patchNull.
func patchJSON(r PatchOrderRequest) map[string]any {
	m := map[string]any{}
	put := func(m map[string]any, k string, set, null bool, v any) {
		switch {
		case !set:
		case null:
			m[k] = patchNull
		default:
			m[k] = v
		}
	}
	put(m, "status", r.Status.Set, r.Status.Null, r.Status.Value)
	c := r.Customer.Value
	cm := map[string]any{}
	put(cm, "name", c.Name.Set, c.Name.Null, c.Name.Value)
	put(cm, "email", c.Email.Set, c.Email.Null, c.Email.Value)
	put(cm, "document", c.Document.Set, c.Document.Null, c.Document.Value)
	put(m, "customer", r.Customer.Set, r.Customer.Null, cm)
	return m
}

// canonical returns raw JSON in one form (compact, members sorted), so that
// two spellings of one value compare equal; nil for absent or null.
func canonical(t *testing.T, raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("accepted details %s that do not parse: %v", raw, err)
	}
	b, _ := json.Marshal(v)
	return b
}

// FuzzDecodeCursor: decodeCursor never panics, and accepts only cursors that
// encodeCursor made for the same query: whatever it accepts, encoding the
// decoded position for that query gives the same string back.
func FuzzDecodeCursor(f *testing.F) {
	scope := queryScope("/orders", url.Values{"status": {"paid"}})
	made := encodeCursor(orderCursor(order.OrderKey{Time: time.Date(2026, 11, 26, 14, 3, 7, 123456000, time.UTC),
		ID: uuid.MustParse("0193a0b2-7c1e-7d2a-9f00-1c2d3e4f5a6b")}), scope)
	f.Add(made, "/orders", "paid")
	f.Add(made, "/orders", "canceled")
	f.Add(made[:len(made)-2], "/orders", "paid")
	dot := strings.IndexByte(made, '.') // the same bytes spelled with other unused trailing bits: once accepted
	f.Add(made[:dot-1]+string(made[dot-1]+1)+made[dot:], "/orders", "paid")
	f.Add(encodeCursor(attemptCursor(order.AttemptKey{OccurredAt: time.Unix(0, 0), Seq: 7}), scope), "/integration-history", "")
	f.Add("eyJ2IjoxLCJ0IjotOTIyMzM3MjAzNjg1NDc3NTgwOH0.AAAAAAAAAAAAAAAA", "/orders", "paid")
	f.Add("", "", "")
	f.Add("..", "/orders", "")
	f.Fuzz(func(t *testing.T, s, path, status string) {
		params := url.Values{}
		if status != "" {
			params.Set("status", status)
		}
		sc := queryScope(path, params)
		c, err := decodeCursor(s, sc)
		if err != nil {
			if e, ok := errs.As(err); !ok || e.Code != errs.BadRequest {
				t.Fatalf("decodeCursor(%q) = %v, want a 400", s, err)
			}
			return
		}
		if back := encodeCursor(c, sc); back != s {
			t.Fatalf("decodeCursor accepted %q, which encodeCursor writes as %q", s, back)
		}
		_, _ = c.orderKey()
		_ = c.attemptKey()
	})
}
