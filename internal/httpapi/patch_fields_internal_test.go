package httpapi

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestFixedFieldsAreCreateOnly: the fixed fields are exactly those of a new
// order that PATCH does not take.
func TestFixedFieldsAreCreateOnly(t *testing.T) {
	t.Parallel()
	patch := jsonNames(reflect.TypeFor[PatchOrderRequest]())
	var want []string
	for _, f := range jsonNames(reflect.TypeFor[CreateOrderRequest]()) {
		if !slices.Contains(patch, f) {
			want = append(want, f)
		}
	}
	slices.Sort(want)
	if got := slices.Sorted(slices.Values(orderFixed)); !slices.Equal(got, want) {
		t.Errorf("orderFixed %v, want CreateOrderRequest's fields minus PatchOrderRequest's: %v", got, want)
	}
}

// jsonNames returns the JSON names of t's fields.
func jsonNames(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		names = append(names, name)
	}
	return names
}
