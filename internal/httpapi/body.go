package httpapi

import (
	"compress/gzip"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/httpapi/wire"
)

const bodyKey = "httpapi.body"

// readBody is the middleware of routes with a JSON body: it checks the
// content type and encoding, decompresses gzip, enforces the size limit on
// the decompressed bytes, and keeps the body for decoding and fingerprinting.
func (s *server) readBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		mediaType, _, err := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType))
		if err != nil || !(mediaType == "application/json" || strings.HasPrefix(mediaType, "application/") && strings.HasSuffix(mediaType, "+json")) {
			return errs.New(errs.UnsupportedMedia, "the body must be JSON, sent with Content-Type: application/json")
		}
		r, err := decodedBody(req)
		if err != nil {
			return err
		}
		body, err := io.ReadAll(io.LimitReader(r, s.cfg.MaxBodyBytes+1))
		if err != nil {
			return errs.Wrap(errs.BadRequest, err, "the body could not be read")
		}
		if int64(len(body)) > s.cfg.MaxBodyBytes {
			return errs.New(errs.TooLarge, "the body is larger than %d bytes", s.cfg.MaxBodyBytes)
		}
		c.Set(bodyKey, body)
		return next(c)
	}
}

// decodedBody undoes the request's Content-Encoding: identity or gzip.
func decodedBody(req *http.Request) (io.Reader, error) {
	switch enc := strings.ToLower(strings.TrimSpace(req.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
		return req.Body, nil
	case "gzip":
		zr, err := gzip.NewReader(req.Body)
		if err != nil {
			return nil, errs.Wrap(errs.BadRequest, err, "the gzip body is malformed")
		}
		return zr, nil
	default:
		return nil, errs.New(errs.UnsupportedMedia, "Content-Encoding %q is not supported; use gzip or none", enc)
	}
}

// body returns the bytes kept by readBody.
func body(c echo.Context) []byte {
	b, _ := c.Get(bodyKey).([]byte)
	return b
}

const parsedKey = "httpapi.parsed"

// parsed is the body parsed once, or why it does not parse.
type parsed struct {
	body *wire.Body
	err  error
}

// parsedBody parses the bytes kept by readBody on first use (by the
// idempotency fingerprint or the handler's bind) and keeps the result, so
// that a body is parsed once however many steps read it.
func parsedBody(c echo.Context) (*wire.Body, error) {
	if p, ok := c.Get(parsedKey).(parsed); ok {
		return p.body, p.err
	}
	b, err := wire.Parse(body(c))
	c.Set(parsedKey, parsed{body: b, err: err})
	return b, err
}

// bind decodes the request body into dst strictly (wire.Decode): the body
// must be one JSON object without a member given twice (400); unknown and
// read-only fields and values of the wrong type are reported all at once
// (422) with their paths.
func bind(c echo.Context, dst any, readOnly ...string) error {
	b, err := parsedBody(c)
	if err != nil {
		return err
	}
	return wire.Decode(b, dst, readOnly)
}
