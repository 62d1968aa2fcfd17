package order

// Field is one top-level field of an order, as a list may ask for it
// (sparse fields, GET /orders?fields=...): a bit of a Fields set.
type Field uint16

// The fields of an order. The id is always in an answer; FieldID lets a
// client ask for it alone.
const (
	FieldID Field = 1 << iota
	FieldNumber
	FieldStatus
	FieldCustomer
	FieldCurrency
	FieldTotalCents
	FieldItems
	FieldPlacedAt
	FieldCreatedAt
	FieldUpdatedAt
	FieldIntegration
)

// Fields is a set of an order's fields. The zero set means every field:
// the whole order, which is what a filter without fields asks for.
type Fields uint16

// AllFields is every field, spelled out.
const AllFields = Fields(FieldIntegration<<1 - 1)

// With returns s with f added. Adding to the zero set (every field) starts
// a set of f alone.
func (s Fields) With(f Field) Fields { return s | Fields(f) }

// Has reports whether s holds f; the zero set holds every field.
func (s Fields) Has(f Field) bool { return s == 0 || s&Fields(f) != 0 }

// All reports whether s is every field (the zero set or AllFields).
func (s Fields) All() bool { return s == 0 || s&AllFields == AllFields }
