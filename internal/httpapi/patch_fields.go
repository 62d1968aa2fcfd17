package httpapi

import (
	"slices"

	"github.com/orders-api/orders-api/internal/errs"
)

// orderFixed are the fields of CreateOrderRequest that PATCH can't change:
// they are set once, when the order is created.
var orderFixed = []string{"number", "currency", "total_cents", "items", "placed_at"}

// explainFixed rewrites the "is not a known field" problems of a PATCH body
// for the order's fixed fields: they are known, and can't be changed.
func explainFixed(err error) error {
	e, ok := errs.As(err)
	if !ok || e.Code != errs.Invalid {
		return err
	}
	var changed *errs.Error
	for i, f := range e.Fields {
		if !slices.Contains(orderFixed, f.Field) {
			continue
		}
		if changed == nil {
			copied := *e
			copied.Fields = slices.Clone(e.Fields)
			changed = &copied
		}
		changed.Fields[i].Message = "can't be changed: it is set when the order is created; PATCH changes status and customer only"
	}
	if changed == nil {
		return err
	}
	return changed
}
