package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/errs"
)

// problemTypePrefix makes problem types stable URNs (RFC 9457 section 3.1.1):
// identifiers to switch on, not pages to fetch.
const problemTypePrefix = "urn:orders-api:problem:"

// Problem is an RFC 9457 problem details body (application/problem+json).
type Problem struct {
	// A stable URN naming the kind of problem, to switch on: urn:orders-api:problem:<slug>.
	Type string `json:"type" format:"uri" example:"urn:orders-api:problem:validation-error" maxLength:"200" validate:"required"`
	// The HTTP status text.
	Title string `json:"title" example:"Unprocessable Entity" maxLength:"100" validate:"required"`
	// The HTTP status code.
	Status int `json:"status" example:"422" format:"int32" minimum:"400" maximum:"599" validate:"required"`
	// A human-readable explanation of this occurrence.
	Detail string `json:"detail" example:"the request has invalid fields" validate:"required"`
	// The path of the request.
	Instance string `json:"instance,omitempty" example:"/orders"`
	// Every invalid field or query parameter (400 and 422), all at once.
	Errors []FieldProblem `json:"errors,omitempty"`
} //	@name	Problem

// FieldProblem names one invalid field or query parameter.
type FieldProblem struct {
	// The field's path, such as customer.email or items[1].quantity, or the query parameter's name.
	Field string `json:"field" example:"customer.email" validate:"required"`
	// What is wrong with it.
	Message string `json:"message" example:"must be a valid email address, such as ana@example.com" validate:"required"`
} //	@name	FieldProblem

// statusOf is the one table from error code to HTTP status and problem type.
var statusOf = map[errs.Code]struct {
	status int
	slug   string
}{
	errs.Internal:         {http.StatusInternalServerError, "internal-error"},
	errs.BadRequest:       {http.StatusBadRequest, "bad-request"},
	errs.Unauthorized:     {http.StatusUnauthorized, "unauthorized"},
	errs.Forbidden:        {http.StatusForbidden, "forbidden"},
	errs.NotFound:         {http.StatusNotFound, "not-found"},
	errs.MethodNotAllowed: {http.StatusMethodNotAllowed, "method-not-allowed"},
	errs.Conflict:         {http.StatusConflict, "conflict"},
	errs.TooLarge:         {http.StatusRequestEntityTooLarge, "payload-too-large"},
	errs.UnsupportedMedia: {http.StatusUnsupportedMediaType, "unsupported-media-type"},
	errs.Invalid:          {http.StatusUnprocessableEntity, "validation-error"},
	errs.RateLimited:      {http.StatusTooManyRequests, "rate-limited"},
	errs.Unavailable:      {http.StatusServiceUnavailable, "unavailable"},
}

// codeOfStatus classifies the errors Echo itself raises (router, middleware).
var codeOfStatus = map[int]errs.Code{
	http.StatusBadRequest:            errs.BadRequest,
	http.StatusUnauthorized:          errs.Unauthorized,
	http.StatusForbidden:             errs.Forbidden,
	http.StatusNotFound:              errs.NotFound,
	http.StatusRequestEntityTooLarge: errs.TooLarge,
	http.StatusUnsupportedMediaType:  errs.UnsupportedMedia,
	http.StatusTooManyRequests:       errs.RateLimited,
	http.StatusServiceUnavailable:    errs.Unavailable,
}

// handleError is Echo's HTTPErrorHandler: it writes every error response of
// the service as problem details. Only internal errors are logged with their
// cause; clients never see it.
func (s *server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	p, retryAfter := s.problem(err, c)
	h := c.Response().Header()
	switch p.Status {
	case http.StatusUnauthorized:
		h.Set("WWW-Authenticate", `Bearer realm="orders-api"`)
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		h.Set("Retry-After", strconv.Itoa(int(math.Ceil(max(retryAfter.Seconds(), 1)))))
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(p.Status)
		return
	}
	_ = c.Blob(p.Status, "application/problem+json", problemJSON(p))
}

// problem turns err into problem details, with the Retry-After hint.
func (s *server) problem(err error, c echo.Context) (Problem, time.Duration) {
	var he *echo.HTTPError
	e, ok := errs.As(err)
	switch {
	case ok:
	case errors.As(err, &he):
		e = fromHTTPError(he)
	case errors.Is(err, context.Canceled): // the client went away: nobody reads this answer
		e = &errs.Error{Code: errs.Unavailable, Detail: "the request was canceled"}
	default:
		e = &errs.Error{Code: errs.Internal, Err: err}
	}
	if e.Code == errs.Internal {
		s.log.ErrorContext(c.Request().Context(), "internal error", slog.String("request_id", requestID(c)),
			slog.String("route", c.Path()), slog.Any("error", err))
		e.Detail = "an internal error occurred; it was logged with the request id " + requestID(c)
	} else if e.Code == errs.Unavailable && e.Err != nil {
		s.log.WarnContext(c.Request().Context(), "dependency unavailable", slog.String("request_id", requestID(c)),
			slog.Any("error", e.Err))
	}
	return toProblem(e, c.Request().URL.Path), e.RetryAfter
}

// toProblem writes a classified error as problem details.
func toProblem(e *errs.Error, instance string) Problem {
	row := statusOf[e.Code]
	slug := row.slug
	if e.Type != "" {
		slug = e.Type
	}
	p := Problem{Type: problemTypePrefix + slug, Title: http.StatusText(row.status), Status: row.status,
		Detail: e.Detail, Instance: instance}
	for _, f := range e.Fields {
		p.Errors = append(p.Errors, FieldProblem(f))
	}
	return p
}

// fromHTTPError classifies an error raised by Echo's router or middleware.
func fromHTTPError(he *echo.HTTPError) *errs.Error {
	if he.Code == http.StatusMethodNotAllowed {
		return &errs.Error{Code: errs.MethodNotAllowed, Detail: "this method is not allowed on this resource; see the Allow header"}
	}
	code, ok := codeOfStatus[he.Code]
	if !ok {
		return &errs.Error{Code: errs.Internal, Err: he}
	}
	detail := http.StatusText(he.Code)
	if code == errs.NotFound {
		detail = "no such resource"
	}
	return &errs.Error{Code: code, Detail: detail}
}

// problemJSON encodes a problem without HTML escaping, so that a detail
// such as "Authorization: Bearer <key>" reads in the body as written, not
// as \u003ckey\u003e. The body is application/problem+json, sent with
// X-Content-Type-Options: nosniff, never HTML.
func problemJSON(p Problem) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		panic(fmt.Sprintf("httpapi: encode a problem: %v", err))
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// mustJSON encodes a value whose encoding can't fail (fixed DTO types).
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("httpapi: encode %T: %v", v, err))
	}
	return b
}
