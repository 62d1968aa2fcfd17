package httpapi

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/errs"
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

// bind decodes the request body into dst strictly: the body must be one
// JSON object without a member given twice (400); unknown and read-only
// fields and values of the wrong type are reported all at once (422) with
// their paths.
func bind(c echo.Context, dst any, readOnly ...string) error {
	return decodeStrict(body(c), dst, readOnly)
}

func decodeStrict(data []byte, dst any, readOnly []string) error {
	v, err := parseJSON(data)
	if err != nil {
		return err
	}
	if _, ok := v.(map[string]any); !ok {
		return errs.New(errs.BadRequest, "the body must be a JSON object")
	}
	w := walker{readOnly: readOnly}
	w.walk(v, reflectTypeOf(dst), "")
	if err := duplicated(w.ownDuplicates(duplicateMembers(data))); err != nil {
		return err
	}
	if err := errs.Fields(w.problems); err != nil {
		return err
	}
	if err := jsonUnmarshal(data, dst); err != nil {
		// the walker accepted what encoding/json refused: our bug, not the client's
		return errs.Wrap(errs.Internal, err, "decode request")
	}
	return nil
}

// duplicated is the 400 for a body with members given twice (dupkeys.go),
// naming each by its path; nil when there are none.
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

// parseJSON parses data as exactly one JSON value, keeping numbers exact.
func parseJSON(data []byte) (any, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errs.New(errs.BadRequest, "the body is empty; send a JSON object")
	}
	if !utf8.Valid(data) {
		return nil, errs.New(errs.BadRequest, "the body is not valid UTF-8")
	}
	dec := newNumberDecoder(data)
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, malformed(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errs.New(errs.BadRequest, "malformed JSON: more data after the JSON object")
	}
	return v, nil
}
