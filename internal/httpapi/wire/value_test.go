package wire

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// FuzzValueForms: for any JSON body Parse accepts without members given
// twice, AppendCanonical writes what json.Marshal writes for the body
// decoded into an any with UseNumber (so idempotency fingerprints are what
// they were), and AppendCompact has the size encoding/json gives it
// without HTML escaping and parses back to the same value.
func FuzzValueForms(f *testing.F) {
	for _, s := range []string{
		`{"b":[1, 2.5e3, null, true, false],"a":{"z":"<x> & \u2028","y":"\u0078\/"}}`,
		`{"details":{"c":"\ud800\u0041","n":-0,"e":1E+2}, "":""}`,
		"  [\"\\b\\f\\n\\r\\t\\u0001\\u007f é😀\"]\n",
		`"x"`, `1`, `null`, `{}`, `[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse(data)
		if err != nil || len(b.Dups) > 0 {
			return
		}
		want, err := json.Marshal(decodeAny(t, data))
		if err != nil {
			return // a number encoding/json can't write: fingerprinted byte for byte before, refused now
		}
		if got := b.Value.AppendCanonical(nil); !bytes.Equal(got, want) {
			t.Fatalf("AppendCanonical(%q) = %q, json.Marshal %q", data, got, want)
		}
		compact := b.Value.AppendCompact(nil)
		var size bytes.Buffer
		enc := json.NewEncoder(&size)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(decodeAny(t, data)); err != nil {
			t.Fatal(err)
		}
		if len(compact) != size.Len()-1 || !utf8.Valid(compact) {
			t.Fatalf("AppendCompact(%q) = %q, %d bytes; encoding/json writes %d", data, compact, len(compact), size.Len()-1)
		}
		again, err := Parse(compact)
		if err != nil || !bytes.Equal(again.Value.AppendCanonical(nil), want) {
			t.Fatalf("AppendCompact(%q) = %q, which parses to another value (%v)", data, compact, err)
		}
	})
}

func decodeAny(t *testing.T, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("Parse accepted %q, encoding/json refuses it: %v", data, err)
	}
	return v
}

// FuzzAppendString: AppendString writes a string as encoding/json does,
// and AppendRaw a json.RawMessage.
func FuzzAppendString(f *testing.F) {
	f.Add("<b>a & b</b>\u2028\u2029\x00\x1f\x7f\b\f\n\r\t\"\\", []byte(`{"r": "<x> & \u2028", "n": [1, 2.5e3, null, true]}`))
	f.Add("bad utf-8: \xff\xfe \xe2\x80", []byte("  {\"a\" :\t\"b\\\" c\" }\n"))
	f.Fuzz(func(t *testing.T, s string, raw []byte) {
		want, _ := json.Marshal(s)
		if got := AppendString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("AppendString(%q) = %q, want %q", s, got, want)
		}
		if !json.Valid(raw) {
			return
		}
		want, err := json.Marshal(json.RawMessage(raw))
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendRaw(nil, raw); !bytes.Equal(got, want) {
			t.Fatalf("AppendRaw(%q) = %q, want %q", raw, got, want)
		}
	})
}

// TestParseErrors: the 400s for bodies that are not one JSON value read as
// they did when encoding/json parsed them.
func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		``:                   "the body is empty; send a JSON object",
		" \n":                "the body is empty; send a JSON object",
		"{\"a\":\"\xff\"}":   "the body is not valid UTF-8",
		`{"number":`:         "malformed JSON: the body ends too early",
		`{"status":"x",}`:    "malformed JSON at byte 15: invalid character '}' looking for beginning of object key string",
		`{"a":1} {}`:         "malformed JSON: more data after the JSON object",
		`123abc`:             "malformed JSON: more data after the JSON object",
		`{"a":1,"a":2,"b":}`: "malformed JSON at byte 18: invalid character '}' looking for beginning of value",
	}
	for in, want := range tests {
		_, err := Parse([]byte(in))
		if err == nil || err.Error() != want && !bytes.Contains([]byte(err.Error()), []byte(want)) {
			t.Errorf("Parse(%q) = %v, want %q", in, err, want)
		}
	}
}
