package wire

import (
	"fmt"
	"reflect"

	"github.com/orders-api/orders-api/internal/errs"
)

// Decode stores the parsed body b in dst, a pointer to a request type,
// strictly: the body must be one JSON object without a member given twice
// (400); unknown and read-only (readOnly: top-level names the server sets)
// fields and values of the wrong type are reported all at once (422) with
// their paths. A json.RawMessage field gets its value's compact form
// (Value.AppendCompact); a []Item field gets its items undecoded.
func Decode(b *Body, dst any, readOnly []string) error {
	if b.Value.Kind != Object {
		return errs.New(errs.BadRequest, "the body must be a JSON object")
	}
	w := walker{readOnly: readOnly, dups: b.Dups}
	w.walk(b.Value, reflect.ValueOf(dst).Elem(), "")
	if err := duplicated(w.ownDuplicates(b.Dups)); err != nil {
		return err
	}
	return errs.Fields(w.problems)
}

// Item is one element of an array that the handler decodes alone, with
// Item.Decode (a batch's attempts): what is wrong inside it, a member given
// twice included, is that item's problem, not the whole body's.
type Item struct{ body Body }

// Decode decodes the item as Decode decodes a body.
func (it Item) Decode(dst any, readOnly []string) error { return Decode(&it.body, dst, readOnly) }

// duplicated is the 400 for a body with members given twice, naming each by
// its path; nil when there are none.
func duplicated(paths []string) error {
	if len(paths) == 0 {
		return nil
	}
	fields := make([]errs.FieldError, len(paths))
	for i, p := range paths {
		fields[i] = errs.FieldError{Field: p, Message: "is given twice: give each member of an object once"}
	}
	return &errs.Error{Code: errs.BadRequest, Fields: fields,
		Detail: fmt.Sprintf("malformed JSON: the member %q is given twice", paths[0])}
}
