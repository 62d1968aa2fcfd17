package wire

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/orders-api/orders-api/internal/httpapi/wire/wiretest"
)

// TestDuplicateMembers checks the members given twice that Parse lists, on
// hand-picked bodies, and that wiretest.RefDuplicates agrees.
func TestDuplicateMembers(t *testing.T) {
	t.Parallel()
	many := `{"k0":0`
	for i := 1; i < 3*32; i++ {
		many += fmt.Sprintf(`,"k%d":%d`, i, i)
	}
	tests := map[string][]string{
		`{"a":1,"b":2}`:                     nil,
		`{"a":1,"a":2}`:                     {"a"},
		`{"a":1,"a":2,"a":3}`:               {"a"},
		`{"a":{"b":1},"c":{"b":2}}`:         nil,
		`{"a":{"b":1,"b":[1]}}`:             {"a.b"},
		`[{"a":1},{"a":1}]`:                 nil,
		`{"a":[{"x":1}],"b":"a","a":null}`:  {"a"},
		`{"a":"b","b":"a"}`:                 nil,
		`{"k":{"k":{"k":1}}}`:               nil,
		`{"items":[{"sku":"a","sku":"b"}]}`: {"items[0].sku"},
		`{"a":[1,[2,{"a":3}]],"z":{"a":4}}`: nil,
		`{"a":[[{},{"x":1,"x":1}]]}`:        {"a[0][1].x"},
		`{"a":1,"\u0061":2}`:                {"a"},
		`{"\"":1,"\u0022":2,"x\\":3}`:       {`"`},
		`{"d":{"a":{"b":1,"b":2},"a":3}}`:   {"d.a.b", "d.a"},
		`{"a":"{\"a\":1,\"a\":2}"}`:         nil,
		`{"":1,"":2}`:                       {""},
		`{"\ud800":1,"\udc00":2}`:           {"�"}, // both decode to U+FFFD, as encoding/json does
		many + `}`:                          nil,
		many + `,"k40":0}`:                  {"k40"},
		many + `,"k70":{"k70":1,"k70":2}}`:  {"k70", "k70.k70"},
		many + `,"x":{"k70":1,"k70":2}}`:    {"x.k70"},
	}
	for in, want := range tests {
		if got := dupsOf(t, in); !slices.Equal(got, want) {
			t.Errorf("Parse(%s) lists %q given twice, want %q", in, got, want)
		}
		if ref := wiretest.RefDuplicates([]byte(in)); !slices.Equal(ref, want) {
			t.Errorf("wiretest.RefDuplicates(%s) = %q, want %q", in, ref, want)
		}
	}
}

// FuzzDuplicateMembers: on any valid JSON, Parse lists exactly the members
// given twice that wiretest.RefDuplicates, built on encoding/json's tokens,
// finds.
func FuzzDuplicateMembers(f *testing.F) {
	for _, s := range []string{
		`{"a":1,"a":2}`, `{"items":[{"sku":"a","sku":"b"}]}`, `{"a":1,"\u0061":2}`,
		`{"a":"}","a\"":"\\","a":[]}`, `[[{"x":{"y":1,"y":{}}}]]`, `"\""`, `1`, `{}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) || !utf8.Valid(data) {
			return // Parse refuses invalid UTF-8 before it looks for members
		}
		b, err := Parse(data)
		if err != nil {
			t.Fatalf("Parse(%q) refused valid JSON: %v", data, err)
		}
		if want := wiretest.RefDuplicates(data); !slices.Equal(b.Dups, want) {
			t.Fatalf("Parse(%q) lists %q given twice, RefDuplicates %q", data, b.Dups, want)
		}
	})
}

// dupsOf returns the members given twice that Parse lists in in.
func dupsOf(t *testing.T, in string) []string {
	t.Helper()
	b, err := Parse([]byte(in))
	if err != nil {
		t.Fatalf("Parse(%s): %v", in, err)
	}
	return b.Dups
}
