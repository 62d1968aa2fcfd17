package httpapi

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A JSON object may legally name a member twice; encoding/json then keeps
// the last value, and so would PostgreSQL's jsonb. A client that sends
// {"number":"n1","number":"n2"} or two "customer" objects surely meant
// something else, and the walker never sees the first copy, so an unknown
// field or an oversized value inside it would pass unseen. decodeStrict
// therefore refuses (400) every body with a member given twice, at any
// depth, details included (docs/SECURITY.md).
//
// duplicateMembers finds them in one pass over the bytes, after parseJSON
// has checked that they are valid JSON. It decodes nothing but escaped
// member names and allocates only its stacks for a body without
// duplicates (nearly every body): on an order of 500 items it costs about
// 3% of decodeStrict (BenchmarkDuplicateMembers), where a pass of
// encoding/json's Decoder.Token cost three times the parse.

// manyMembers is the size above which an object's member names are kept in
// a map rather than compared one by one.
const manyMembers = 32

// dupFrame is an object or array being scanned.
type dupFrame struct {
	object  bool
	wantKey bool                // object: the next string is a member name
	index   int                 // array: the element being scanned
	start   int                 // len(names) when it opened; an object's names are names[start:]
	key     []byte              // object: the member being scanned
	set     map[string]struct{} // object: its member names, once there are many
}

// duplicateMembers returns the paths (items[0].sku, as the walker writes
// them) of the members given twice in an object of data, valid JSON, in
// document order; nil when there are none. Names are compared decoded, so
// "a" and "\u0061" are the same member.
func duplicateMembers(data []byte) []string {
	var (
		stack []dupFrame
		names [][]byte // the member names of the open objects, innermost last
		dups  []string
	)
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '{':
			stack = append(stack, dupFrame{object: true, wantKey: true, start: len(names)})
		case '[':
			stack = append(stack, dupFrame{start: len(names)})
		case '}', ']':
			names = names[:stack[len(stack)-1].start]
			stack = stack[:len(stack)-1]
		case ',':
			if top := &stack[len(stack)-1]; top.object {
				top.wantKey = true
			} else {
				top.index++
			}
		case '"':
			end := stringEnd(data, i)
			if n := len(stack); n > 0 && stack[n-1].wantKey {
				top := &stack[n-1]
				key := memberName(data[i+1 : end])
				if top.seen(names[top.start:], key) {
					dups = appendDup(dups, dupPath(stack, key))
				} else {
					names = top.add(names, key)
				}
				top.key, top.wantKey = key, false
			}
			i = end
		}
	}
	return dups
}

// stringEnd returns the index of the quote that closes the string whose
// opening quote is at data[i].
func stringEnd(data []byte, i int) int {
	for i++; ; i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
}

// memberName is the name a member spelled raw (between its quotes) has
// once decoded, as encoding/json decodes it: the raw bytes themselves unless
// they hold an escape or invalid UTF-8 (each bad byte becomes U+FFFD).
func memberName(raw []byte) []byte {
	if bytes.IndexByte(raw, '\\') < 0 && utf8.Valid(raw) {
		return raw
	}
	var s string
	q := make([]byte, 0, len(raw)+2)
	q = append(append(append(q, '"'), raw...), '"')
	_ = json.Unmarshal(q, &s) // valid JSON: no error
	return []byte(s)
}

// seen reports whether an object with the member names names has key.
func (f *dupFrame) seen(names [][]byte, key []byte) bool {
	if f.set != nil {
		_, ok := f.set[string(key)]
		return ok
	}
	for _, n := range names {
		if bytes.Equal(n, key) {
			return true
		}
	}
	return false
}

// add records key as a member name of the object, whose names are
// names[f.start:], and returns names.
func (f *dupFrame) add(names [][]byte, key []byte) [][]byte {
	switch {
	case f.set != nil:
		f.set[string(key)] = struct{}{}
		return names
	case len(names)-f.start < manyMembers:
		return append(names, key)
	}
	f.set = make(map[string]struct{}, 2*manyMembers)
	for _, n := range names[f.start:] {
		f.set[string(n)] = struct{}{}
	}
	f.set[string(key)] = struct{}{}
	return names
}

// dupPath is the path of member key of the innermost object of stack.
func dupPath(stack []dupFrame, key []byte) string {
	var b strings.Builder
	for _, f := range stack[:len(stack)-1] {
		if f.object {
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.Write(f.key)
		} else {
			b.WriteString("[" + strconv.Itoa(f.index) + "]")
		}
	}
	if b.Len() > 0 {
		b.WriteByte('.')
	}
	b.Write(key)
	return b.String()
}

// appendDup adds path to dups unless it is there (a member given thrice).
func appendDup(dups []string, path string) []string {
	for _, d := range dups {
		if d == path {
			return dups
		}
	}
	return append(dups, path)
}
