package order

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"golang.org/x/text/currency"

	"github.com/orders-api/orders-api/internal/errs"
)

// Limits of the contract (SPEC 5).
const (
	MaxSafeInteger  = 1<<53 - 1 // the largest integer a JSON client holds exactly
	MaxQuantity     = 1_000_000
	MaxItems        = 500
	MaxDetailsBytes = 16 << 10
	MaxFutureSkew   = 5 * time.Minute
)

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// ValidSlug reports whether s is a system, store or error code slug.
func ValidSlug(s string) bool { return slugPattern.MatchString(s) }

// problems collects every field problem of one request.
type problems []errs.FieldError

func (p *problems) add(field, format string, args ...any) {
	*p = append(*p, errs.FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// text checks a string's length in characters and that the database can hold it.
func (p *problems) text(field, s string, minLen, maxLen int) {
	switch n := utf8.RuneCountInString(s); {
	case strings.IndexByte(s, 0) >= 0:
		p.add(field, "must not contain NUL characters")
	case !utf8.ValidString(s):
		p.add(field, "must be valid UTF-8")
	case minLen > 0 && strings.TrimSpace(s) == "":
		p.add(field, "is required")
	case n < minLen || n > maxLen:
		p.add(field, "must be %d to %d characters long", minLen, maxLen)
	}
}

func (p *problems) optText(field string, s *string, maxLen int) {
	if s != nil {
		p.text(field, *s, 0, maxLen)
	}
}

func (p *problems) slug(field, s string, maxLen int) {
	if s == "" {
		p.add(field, "is required")
	} else if !slugPattern.MatchString(s) || len(s) > maxLen {
		p.add(field, "must be a lowercase slug of 1 to %d characters (a-z, 0-9, '.', '_', '-'), starting with a letter or digit", maxLen)
	}
}

// ValidTime reports whether t is within the years 0001-9999 in UTC.
func ValidTime(t time.Time) bool {
	y := t.UTC().Year()
	return y >= 1 && y <= 9999
}

func (p *problems) time(field string, t *time.Time) {
	if t != nil && !ValidTime(*t) {
		p.add(field, "must be within the years 0001 to 9999 in UTC")
	}
}

func (p *problems) cents(field string, v int64) {
	if v < 0 || v > MaxSafeInteger {
		p.add(field, "must be between 0 and %d", int64(MaxSafeInteger))
	}
}

// Validate returns every problem of n as one Invalid error, or nil.
func (n NewOrder) Validate() error {
	var p problems
	p.text("number", n.Number, 1, 40)
	if n.Status != nil && !n.Status.Valid() {
		p.add("status", "must be one of %s", joinStatuses())
	}
	p.customer("customer.", CustomerPatch{
		Name:     Optional[string]{Set: true, Value: n.Customer.Name},
		Email:    Optional[*string]{Set: true, Value: n.Customer.Email},
		Document: Optional[*string]{Set: true, Value: n.Customer.Document},
	})
	if n.Currency != nil {
		if u, err := currency.ParseISO(*n.Currency); err != nil || u.String() != *n.Currency {
			p.add("currency", "must be an ISO 4217 code in upper case, such as BRL")
		}
	}
	if n.TotalCents == nil {
		p.add("total_cents", "is required")
	} else {
		p.cents("total_cents", *n.TotalCents)
	}
	if len(n.Items) > MaxItems {
		p.add("items", "must have at most %d lines", MaxItems)
	}
	for i, it := range n.Items {
		f := fmt.Sprintf("items[%d].", i)
		p.text(f+"sku", it.SKU, 1, 100)
		p.text(f+"name", it.Name, 1, 200)
		if it.Quantity < 1 || it.Quantity > MaxQuantity {
			p.add(f+"quantity", "must be between 1 and %d", MaxQuantity)
		}
		p.cents(f+"unit_price_cents", it.UnitPriceCents)
	}
	p.time("placed_at", n.PlacedAt)
	return errs.Fields(p)
}

func (p *problems) customer(prefix string, c CustomerPatch) {
	if c.Name.Set {
		p.text(prefix+"name", c.Name.Value, 1, 200)
	}
	if c.Email.Set && c.Email.Value != nil {
		e := *c.Email.Value
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e || len(e) > 254 {
			p.add(prefix+"email", "must be a valid email address, such as ana@example.com")
		}
	}
	if c.Document.Set {
		p.optText(prefix+"document", c.Document.Value, 40)
	}
}

// Validate returns every problem of pt as one Invalid error, or nil.
func (pt Patch) Validate() error {
	var p problems
	if pt.Status != nil && !pt.Status.Valid() {
		p.add("status", "must be one of %s", joinStatuses())
	}
	if pt.Customer != nil {
		p.customer("customer.", *pt.Customer)
	}
	return errs.Fields(p)
}

// Validate returns every problem of a, as of now, as one Invalid error, or nil.
func (a NewAttempt) Validate(now time.Time) error {
	var p problems
	p.slug("system", a.System, 64)
	if !a.Status.Valid() {
		p.add("status", "must be one of pending, success, error")
	}
	p.text("message", a.Message, 1, 2000)
	p.optText("action", a.Action, 100)
	p.optText("external_id", a.ExternalID, 200)
	if a.ErrorCode != nil {
		p.slug("error_code", *a.ErrorCode, 64)
	}
	p.time("occurred_at", a.OccurredAt)
	if a.OccurredAt != nil && a.OccurredAt.After(now.Add(MaxFutureSkew)) {
		p.add("occurred_at", "must not be more than 5 minutes in the future")
	}
	if a.Details != nil {
		if msg := checkDetails(a.Details); msg != "" {
			p.add("details", "%s", msg)
		}
	}
	return errs.Fields(p)
}

// checkDetails checks that raw, in its compact form (NewAttempt.Details), is
// a JSON object of at most MaxDetailsBytes holding only values JSON clients
// and the database keep faithfully, in one pass over its tokens. It returns
// a problem, or "".
func checkDetails(raw json.RawMessage) string {
	dec := jsontext.NewDecoder(bytes.NewReader(raw), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	if dec.PeekKind() != '{' {
		return "must be a JSON object"
	}
	for {
		tok, err := dec.ReadToken()
		if err != nil {
			return "must be a JSON object"
		}
		if msg := checkToken(tok); msg != "" {
			return msg
		}
		if dec.StackDepth() == 0 {
			break
		}
	}
	if len(raw) > MaxDetailsBytes {
		return fmt.Sprintf("must be at most %d bytes as compact UTF-8 JSON (it is %d)", MaxDetailsBytes, len(raw))
	}
	return ""
}

// checkToken checks one string (or member name) or number of details.
func checkToken(tok jsontext.Token) string {
	switch tok.Kind() {
	case '"':
		if strings.IndexByte(tok.String(), 0) >= 0 {
			return "must not contain NUL characters"
		}
	case '0':
		n := tok.String()
		f, err := strconv.ParseFloat(n, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return "must not hold numbers outside the range of a 64-bit float"
		}
		if !strings.ContainsAny(n, ".eE") && math.Abs(f) > MaxSafeInteger {
			return fmt.Sprintf("must not hold integers beyond ±%d", int64(MaxSafeInteger))
		}
	}
	return ""
}

func joinStatuses() string {
	s := make([]string, len(Statuses))
	for i, v := range Statuses {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
