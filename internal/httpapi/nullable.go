package httpapi

import (
	"encoding/json"
	"reflect"
)

// nullable is a PATCH field that tells apart absent (Set false), null (Set,
// Null) and a value.
type nullable[T any] struct {
	Set   bool
	Null  bool
	Value T
}

// UnmarshalJSON is called only for a field present in the body.
func (n *nullable[T]) UnmarshalJSON(b []byte) error {
	n.Set = true
	if string(b) == "null" {
		n.Null = true
		return nil
	}
	return json.Unmarshal(b, &n.Value)
}

func (nullable[T]) elemType() reflect.Type { return reflect.TypeFor[T]() }

// ptr returns the value, or nil when null.
func (n nullable[T]) ptr() *T {
	if n.Null {
		return nil
	}
	return &n.Value
}
