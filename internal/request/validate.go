package request

import (
	"strings"
	"unicode/utf8"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/order"
)

// MaxReason bounds a request's reason, in characters.
const MaxReason = 500

// Validate checks an ask: a system slug, a reason of at most 500
// characters without NUL.
func (a Ask) Validate() error {
	var p []errs.FieldError
	if a.System == "" {
		p = append(p, errs.FieldError{Field: "system", Message: "is required"})
	} else if !order.ValidSlug(a.System) {
		p = append(p, errs.FieldError{Field: "system", Message: "must be a lowercase slug such as bling"})
	}
	if a.Reason != nil {
		if msg := checkReason(*a.Reason); msg != "" {
			p = append(p, errs.FieldError{Field: "reason", Message: msg})
		}
	}
	return errs.Fields(p)
}

// checkReason returns what is wrong with a reason, or "".
func checkReason(s string) string {
	switch {
	case !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0:
		return "must be valid UTF-8 text without NUL characters"
	case utf8.RuneCountInString(s) > MaxReason:
		return "must be at most 500 characters"
	}
	return ""
}

// errForbiddenSystem is the 403 of a connector acting on another system's request.
func errForbiddenSystem(system string) error {
	return errs.New(errs.Forbidden, "this connector key may only act on requests of system %q", system)
}

// ErrNotAnswerable is the 422 of an attempt whose request_id is not a
// request of the caller's store, of that order and of the attempt's system.
func ErrNotAnswerable() error {
	return errs.Fields([]errs.FieldError{{Field: "request_id",
		Message: "must be the id of an integration request of this order and system"}})
}
