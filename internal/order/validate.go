package order

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

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

// checkDetails checks that raw is a JSON object of at most MaxDetailsBytes
// (compact UTF-8, no HTML escaping) holding only values JSON clients and the
// database keep faithfully. It returns a problem, or "".
func checkDetails(raw json.RawMessage) string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "must be a JSON object"
	}
	if _, ok := v.(map[string]any); !ok {
		return "must be a JSON object"
	}
	if msg := checkValue(v); msg != "" {
		return msg
	}
	if n := encodedSize(v); n > MaxDetailsBytes {
		return fmt.Sprintf("must be at most %d bytes as compact UTF-8 JSON (it is %d)", MaxDetailsBytes, n)
	}
	return ""
}

// encodedSize is the size of v as compact UTF-8 JSON without HTML escaping,
// whatever escapes the client used.
func encodedSize(v any) int {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return math.MaxInt
	}
	return buf.Len() - 1 // Encode ends with a newline
}

func checkValue(v any) string {
	switch x := v.(type) {
	case string:
		if strings.IndexByte(x, 0) >= 0 {
			return "must not contain NUL characters"
		}
	case json.Number:
		f, err := x.Float64()
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return "must not hold numbers outside the range of a 64-bit float"
		}
		if !strings.ContainsAny(string(x), ".eE") && math.Abs(f) > MaxSafeInteger {
			return fmt.Sprintf("must not hold integers beyond ±%d", int64(MaxSafeInteger))
		}
	case []any:
		for _, e := range x {
			if msg := checkValue(e); msg != "" {
				return msg
			}
		}
	case map[string]any:
		for k, e := range x {
			if strings.IndexByte(k, 0) >= 0 {
				return "must not contain NUL characters"
			}
			if msg := checkValue(e); msg != "" {
				return msg
			}
		}
	}
	return ""
}

// CompactDetails returns raw as compact JSON without HTML escaping, the form
// in which details are measured and stored.
func CompactDetails(raw json.RawMessage) (json.RawMessage, error) {
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return nil, fmt.Errorf("order: compact details: %w", err)
	}
	return buf.Bytes(), nil
}

func joinStatuses() string {
	s := make([]string, len(Statuses))
	for i, v := range Statuses {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
