package wire

import (
	"encoding/json"
	"reflect"
)

// Nullable is a PATCH field that tells apart absent (Set false), null (Set,
// Null) and a value.
type Nullable[T any] struct {
	Set   bool
	Null  bool
	Value T
}

// UnmarshalJSON is called only for a field present in the body; Decode
// fills a Nullable itself, this serves encoding/json.
func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	n.Set = true
	if string(b) == "null" {
		n.Null = true
		return nil
	}
	return json.Unmarshal(b, &n.Value)
}

// Ptr returns the value, or nil when null.
func (n Nullable[T]) Ptr() *T {
	if n.Null {
		return nil
	}
	return &n.Value
}

// nullableField is what the walker sees of a Nullable.
type nullableField interface {
	elemType() reflect.Type
	// present marks the field given (null or not) and returns its Value to fill.
	present(null bool) reflect.Value
}

func (Nullable[T]) elemType() reflect.Type { return reflect.TypeFor[T]() }

func (n *Nullable[T]) present(null bool) reflect.Value {
	n.Set, n.Null = true, null
	return reflect.ValueOf(&n.Value).Elem()
}
