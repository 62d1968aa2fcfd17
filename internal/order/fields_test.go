package order

import "testing"

// TestFields: the zero set is every field; a set made with With holds its
// fields alone; AllFields is every field spelled out.
func TestFields(t *testing.T) {
	t.Parallel()
	all := []Field{FieldID, FieldNumber, FieldStatus, FieldCustomer, FieldCurrency, FieldTotalCents, FieldItems,
		FieldPlacedAt, FieldCreatedAt, FieldUpdatedAt, FieldIntegration}
	var zero, spelled Fields
	lean := zero.With(FieldID).With(FieldNumber).With(FieldIntegration)
	for _, f := range all {
		if !zero.Has(f) || !AllFields.Has(f) {
			t.Errorf("field %b: not in the zero set or AllFields", f)
		}
		if want := f == FieldID || f == FieldNumber || f == FieldIntegration; lean.Has(f) != want {
			t.Errorf("field %b: in %b is %v, want %v", f, lean, lean.Has(f), want)
		}
		spelled = spelled.With(f)
	}
	if spelled != AllFields || !zero.All() || !AllFields.All() || lean.All() {
		t.Errorf("AllFields %b, every field %b; All: zero %v, AllFields %v, lean %v",
			AllFields, spelled, zero.All(), AllFields.All(), lean.All())
	}
}
