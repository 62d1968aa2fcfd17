package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/orders-api/orders-api/internal/httpapi/wire"
	"github.com/orders-api/orders-api/internal/order"
)

// FuzzAppendJSON: a page of history written by AppendJSON is byte for byte
// what encoding/json writes for it, whatever its strings and details hold.
func FuzzAppendJSON(f *testing.F) {
	f.Add("Cliente sem CPF: campo obrigatório no ERP", "customer.document_missing", []byte(`{"http_status":422}`), true)
	f.Add("<b>a & b</b>\u2028\u2029\x00\x1f\x7f\b\f\n\r\t\"\\", "", []byte(`{"r": "<x> & \u2028", "n": [1, 2.5e3, null, true]}`), false)
	f.Add("bad utf-8: \xff\xfe \xe2\x80", "é\u00e9😀", []byte("  {\"a\" :\t\"b\\\" c\" }\n"), true)
	f.Add("", "", []byte(nil), false)
	f.Fuzz(func(t *testing.T, message, code string, details []byte, next bool) {
		if !json.Valid(details) {
			details = nil // the database holds valid JSON or NULL
		}
		a := AttemptResponse{ID: "0193a0b3-0000-7000-8000-000000000001", OrderID: message, System: code,
			Status: "error", Action: &code, Message: message, ErrorCode: &message, OccurredAt: "2026-11-26T14:04:59Z",
			RecordedAt: code, Details: details}
		lists := []AttemptList{{Data: []AttemptResponse{a, {Message: code}}}, {}, {Data: []AttemptResponse{}}}
		if next {
			lists[0].NextCursor = &message
		}
		for _, l := range lists {
			sameJSON(t, l)
		}
	})
}

// FuzzAppendOrderJSON: the same for a page of orders and for one order.
func FuzzAppendOrderJSON(f *testing.F) {
	f.Add("Ana Souza <ana>", "ana@example.com", int64(19990), true)
	f.Add("\x00\xff\u2028&", "", int64(-1), false)
	f.Fuzz(func(t *testing.T, text, other string, n int64, full bool) {
		o := OrderResponse{ID: text, Number: other, Status: "paid", Customer: Customer{Name: text},
			Currency: other, TotalCents: n, PlacedAt: text, CreatedAt: other, UpdatedAt: text,
			Integration: IntegrationResponse{Status: other}}
		if full {
			o.Customer.Email, o.Customer.Document = &other, &text
			o.Items = []Item{{SKU: text, Name: other, Quantity: n, UnitPriceCents: -n}, {}}
			o.Integration.LastAttemptAt = &text
			o.Integration.Systems = []SystemStateResponse{{System: other, Status: text, Message: other,
				ErrorCode: &text, LastAttemptAt: other, Attempts: n}, {}}
		} else {
			o.Items, o.Integration.Systems = []Item{}, []SystemStateResponse{}
		}
		for _, v := range []wire.Appender{o, OrderList{Data: []OrderResponse{o, {}}, NextCursor: &text}, OrderList{}} {
			sameJSON(t, v)
		}
		sameSparseJSON(t, o, order.Fields(n)&order.AllFields) // some fields, from n
	})
}

// sameSparseJSON fails t unless the order with fields f alone and its id
// (sparse fields), alone and in a page, is what encoding/json writes for a struct
// of those fields of OrderResponse (the id always), in their order.
func sameSparseJSON(t *testing.T, o OrderResponse, f order.Fields) {
	t.Helper()
	f = f.With(order.FieldID) // as the handlers parse fields: never the zero set
	v, typ := reflect.ValueOf(o), reflect.TypeFor[OrderResponse]()
	var fields []reflect.StructField
	var values []reflect.Value
	for i := range typ.NumField() {
		sf := typ.Field(i)
		if !sf.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		field, ok := orderField(name)
		if !ok {
			t.Fatalf("OrderResponse.%s (%q) is not a field that fields= takes: teach orderField and appendFields", sf.Name, name)
		}
		if f.Has(field) {
			fields, values = append(fields, sf), append(values, v.Field(i))
		}
	}
	subset := reflect.New(reflect.StructOf(fields)).Elem()
	for i, val := range values {
		subset.Field(i).Set(val)
	}
	want, err := json.Marshal(subset.Interface())
	if err != nil {
		t.Fatal(err)
	}
	if got := orderBody(o, f).AppendJSON(nil); !bytes.Equal(got, want) {
		t.Fatalf("fields %b: AppendJSON differs from encoding/json of those fields:\n got %q\nwant %q", f, got, want)
	}
	next := "c"
	page := orderListBody(OrderList{Data: []OrderResponse{o, o}, NextCursor: &next}, f)
	wantPage := fmt.Appendf(nil, `{"data":[%s,%s],"next_cursor":"c"}`, want, want)
	if got := page.AppendJSON(nil); !bytes.Equal(got, wantPage) {
		t.Fatalf("fields %b: page\n got %q\nwant %q", f, got, wantPage)
	}
}

// TestSparseAppendJSON: every set of fields of a filled order (every
// field set, all the way down) is encoding/json's of the same fields; every
// field, or the zero set, is the whole order, byte for byte.
func TestSparseAppendJSON(t *testing.T) {
	t.Parallel()
	var o OrderResponse
	n := 0
	fill(t, reflect.ValueOf(&o).Elem(), &n)
	for f := range order.AllFields + 1 {
		sameSparseJSON(t, o, f)
	}
	whole := o.AppendJSON(nil)
	for _, f := range []order.Fields{0, order.AllFields} {
		if got := orderBody(o, f).AppendJSON(nil); !bytes.Equal(got, whole) {
			t.Errorf("fields %b: %s, want the whole order %s", f, got, whole)
		}
	}
}

// sameJSON fails t unless v's AppendJSON is what encoding/json writes for v.
func sameJSON(t *testing.T, v wire.Appender) {
	t.Helper()
	var want bytes.Buffer
	if err := json.NewEncoder(&want).Encode(v); err != nil {
		t.Fatal(err)
	}
	if got := append(v.AppendJSON(nil), '\n'); !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("AppendJSON differs from encoding/json:\n got %q\nwant %q", got, want.Bytes())
	}
}

// BenchmarkAttemptList compares AppendJSON with encoding/json on a page of
// ten attempts like W2's.
func BenchmarkAttemptList(b *testing.B) {
	action, code := "order.export", "customer.document_missing"
	var l AttemptList
	for i := range 10 {
		a := AttemptResponse{ID: "0193a0b3-0000-7000-8000-000000000001", OrderID: "0193a0b2-7c1e-7d2a-9f00-1c2d3e4f5a6b",
			System: "bling", Status: "success", Action: &action, Message: "Pedido exportado para o ERP com sucesso",
			OccurredAt: "2026-11-26T14:04:59.123Z", RecordedAt: "2026-11-26T14:04:59.21Z"}
		if i%3 == 0 {
			a.Status, a.ErrorCode = "error", &code
			a.Details = json.RawMessage(`{"http_status":422,"response":"{\"erro\":\"CPF obrigatório\"}"}`)
		}
		l.Data = append(l.Data, a)
	}
	b.Run("AppendJSON", func(b *testing.B) {
		buf := make([]byte, 0, 8192)
		for b.Loop() {
			buf = l.AppendJSON(buf[:0])
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			_ = json.NewEncoder(&buf).Encode(l)
		}
	})
}

// TestAppendersKnowEveryField fails when a field of a response is added
// without its line in the AppendJSON encoder: every field of every response
// filled (reflection, so that a new field is filled too), the hand-written
// encoding must still be encoding/json's.
func TestAppendersKnowEveryField(t *testing.T) {
	t.Parallel()
	for _, v := range []wire.Appender{&OrderResponse{}, &OrderList{}, &AttemptResponse{}, &AttemptList{}, &IntegrationResponse{}} {
		n := 0
		fill(t, reflect.ValueOf(v).Elem(), &n)
		sameJSON(t, v)
	}
}

// fill sets every exported field of v to a value of its own, not zero,
// and every slice to two elements, all the way down.
func fill(t *testing.T, v reflect.Value, n *int) {
	t.Helper()
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d <&>", *n))
	case reflect.Int, reflect.Int32, reflect.Int64:
		v.SetInt(int64(*n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(t, v.Elem(), n)
	case reflect.Slice:
		if v.Type() == reflect.TypeFor[json.RawMessage]() {
			v.SetBytes(fmt.Appendf(nil, `{"n": %d, "s": "<x>"}`, *n))
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(t, v.Index(i), n)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(t, v.Field(i), n)
			}
		}
	default:
		t.Fatalf("fill: a %s field: teach fill (and AppendJSON) its kind", v.Type())
	}
}
