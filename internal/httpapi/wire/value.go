package wire

import (
	"cmp"
	"slices"
)

// Kind is the kind of a JSON value.
type Kind byte

// The kinds of JSON values.
const (
	Null Kind = iota
	False
	True
	String
	Number
	Object
	Array
)

// Value is one parsed JSON value. Objects keep their members in document
// order (a member given twice appears once, with its last value, as
// encoding/json keeps it); numbers keep their literal.
type Value struct {
	Kind    Kind
	Text    string   // String: the decoded string; Number: the literal
	Members []Member // Object
	Items   []Value  // Array
}

// Member is one member of an object.
type Member struct {
	Name  string
	Value Value
}

// AppendCompact appends v as compact UTF-8 JSON without HTML escaping, in
// its own member order: the form in which details are measured and stored.
// Strings are written with the fewest escapes, as encoding/json writes
// them with SetEscapeHTML(false) (U+2028 and U+2029 escaped), whatever
// escapes the client used.
func (v Value) AppendCompact(b []byte) []byte { return v.appendJSON(b, false, false) }

// AppendCanonical appends v in the form that identifies it whatever its
// spelling: compact, members sorted by name, strings as encoding/json
// writes them (HTML-escaped) — what json.Marshal writes for v decoded into
// an any with UseNumber, so that fingerprints stay what they were.
func (v Value) AppendCanonical(b []byte) []byte { return v.appendJSON(b, true, true) }

func (v Value) appendJSON(b []byte, sorted, html bool) []byte {
	switch v.Kind {
	case Null:
		return append(b, "null"...)
	case False:
		return append(b, "false"...)
	case True:
		return append(b, "true"...)
	case String:
		return appendString(b, v.Text, html)
	case Number:
		return append(b, v.Text...)
	case Array:
		b = append(b, '[')
		for i, it := range v.Items {
			if i > 0 {
				b = append(b, ',')
			}
			b = it.appendJSON(b, sorted, html)
		}
		return append(b, ']')
	}
	members := v.Members
	if sorted && !slices.IsSortedFunc(members, byName) {
		members = slices.SortedFunc(slices.Values(members), byName)
	}
	b = append(b, '{')
	for i, m := range members {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(appendString(b, m.Name, html), ':')
		b = m.Value.appendJSON(b, sorted, html)
	}
	return append(b, '}')
}

func byName(a, b Member) int { return cmp.Compare(a.Name, b.Name) }
