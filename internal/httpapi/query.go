package httpapi

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/httpapi/wire"
	"github.com/orders-api/orders-api/internal/order"
)

// maxQueryValue bounds every query parameter's length.
const maxQueryValue = 256

// onlyQuery is the middleware that rejects (400) query parameters a route
// does not know, given twice, or too long; the route table lists each
// route's parameters with it.
func onlyQuery(names ...string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			var bad []errs.FieldError
			for name, values := range c.QueryParams() {
				switch {
				case !slices.Contains(names, name):
					bad = append(bad, errs.FieldError{Field: name, Message: "is not a known query parameter of this route"})
				case len(values) > 1:
					bad = append(bad, errs.FieldError{Field: name, Message: "must be given at most once"})
				case len(values[0]) > maxQueryValue || !utf8.ValidString(values[0]) || strings.IndexByte(values[0], 0) >= 0:
					// PostgreSQL text can't hold NUL: a value with one would fail in the database (500)
					bad = append(bad, errs.FieldError{Field: name, Message: "must be valid UTF-8 of at most 256 bytes, without NUL characters"})
				}
			}
			if len(bad) > 0 {
				slices.SortFunc(bad, func(a, b errs.FieldError) int { return strings.Compare(a.Field, b.Field) })
				return &errs.Error{Code: errs.BadRequest, Detail: "the query has invalid parameters", Fields: bad}
			}
			return next(c)
		}
	}
}

// query reads a route's known query parameters, collecting every bad value.
type query struct {
	c   echo.Context
	bad []errs.FieldError
}

func (q *query) fail(name, msg string) {
	q.bad = append(q.bad, errs.FieldError{Field: name, Message: msg})
}

// str returns the parameter, or nil when it is absent.
func (q *query) str(name string) *string {
	if !q.c.QueryParams().Has(name) {
		return nil
	}
	v := q.c.QueryParam(name)
	if v == "" {
		q.fail(name, "must not be empty")
		return nil
	}
	return &v
}

// enum returns the parameter when valid says it is one of the allowed values.
func enum[T ~string](q *query, name string, valid func(T) bool, allowed string) *T {
	s := q.str(name)
	if s == nil {
		return nil
	}
	v := T(*s)
	if !valid(v) {
		q.fail(name, "must be one of "+allowed)
		return nil
	}
	return &v
}

// time parses an RFC 3339 timestamp with any offset.
func (q *query) time(name string) *time.Time {
	s := q.str(name)
	if s == nil {
		return nil
	}
	t, err := wire.ParseTime(*s)
	if err != nil {
		q.fail(name, err.Error()+plusHint(*s))
		return nil
	}
	return &t
}

// plusHint explains a timestamp whose offset's '+' arrived as a space: in
// a query string a bare + means a space, so +03:00 must be sent as %2B03:00.
func plusHint(s string) string {
	if _, err := wire.ParseTime(strings.Replace(s, " ", "+", 1)); err != nil || !strings.Contains(s, " ") {
		return ""
	}
	return "; a + in a URL's query string means a space: send the offset's + as %2B (" + strings.Replace(s, " ", "%2B", 1) + ")"
}

// limit parses the page size, 1 to max.
func (q *query) limit(max int) int {
	s := q.str("limit")
	if s == nil {
		return 0
	}
	n, err := strconv.Atoi(*s)
	if err != nil || n < 1 || n > max {
		q.fail("limit", "must be an integer from 1 to "+strconv.Itoa(max))
		return 0
	}
	return n
}

// err returns the collected problems as one 400, or nil.
func (q *query) err() error {
	if len(q.bad) == 0 {
		return nil
	}
	return &errs.Error{Code: errs.BadRequest, Detail: "the query has invalid parameters", Fields: q.bad}
}

// slug returns a system or error code parameter, which must be a slug.
func (q *query) slug(name string) *string {
	s := q.str(name)
	if s != nil && !order.ValidSlug(*s) {
		q.fail(name, "must be a lowercase slug such as bling")
		return nil
	}
	return s
}

// cursor decodes the cursor parameter, which must belong to this query.
func (q *query) cursor() *cursor {
	s := q.str("cursor")
	if s == nil {
		return nil
	}
	cur, err := decodeCursor(*s, queryScope(q.c.Request().URL.Path, q.c.QueryParams()))
	if err != nil {
		q.fail("cursor", "is not a cursor of this query: pass next_cursor as it was returned, with the same filters")
		return nil
	}
	return &cur
}

// nextPage encodes the cursor of the next page, and links to it
// (RFC 8288) with the same filters and limit.
func nextPage(c echo.Context, cur cursor) *string {
	params := c.QueryParams()
	token := encodeCursor(cur, queryScope(c.Request().URL.Path, params))
	next := url.Values{}
	for k, v := range params {
		next[k] = v
	}
	next.Set("cursor", token)
	c.Response().Header().Set("Link", fmt.Sprintf(`<%s?%s>; rel="next"`, c.Request().URL.Path, next.Encode()))
	return &token
}
