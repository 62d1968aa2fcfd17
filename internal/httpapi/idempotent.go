package httpapi

import (
	"bytes"
	"context"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/idempotency"
)

const headerIdempotencyKey = "Idempotency-Key"

var (
	errKeyInFlight = &errs.Error{Code: errs.Conflict, Type: "idempotency-key-in-use",
		Detail: "a request with this Idempotency-Key is still being processed; retry later"}
	errKeyReused = &errs.Error{Code: errs.Invalid, Type: "idempotency-key-reused",
		Detail: "this Idempotency-Key was used with another request (method, path or body); use a new key"}
	errNotStored = errors.New("httpapi: response not stored")
)

// idempotent makes a POST safe to retry with an Idempotency-Key. The
// handler runs in one database transaction with the key locked; a 2xx
// outcome is stored in that same transaction, so it commits with the data
// or not at all, and the response is sent only after the commit. A retry
// gets the stored outcome; a concurrent one gets 409.
func (s *server) idempotent(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		values, present := c.Request().Header[headerIdempotencyKey]
		if !present {
			return next(c)
		}
		if len(values) != 1 || len(values[0]) == 0 || len(values[0]) > idempotency.MaxKeyLength || !printableASCII(values[0]) {
			return errs.New(errs.BadRequest, "Idempotency-Key must be one value of 1 to %d printable ASCII characters", idempotency.MaxKeyLength)
		}
		key, store := values[0], identity(c).StoreID
		fp := idempotency.Fingerprint(c.Request().Method, c.Request().URL.Path, canonicalBody(c))
		var replay *idempotency.Response
		rec := &recorder{header: http.Header{}}
		err := s.idem.InTx(c.Request().Context(), func(ctx context.Context) error {
			if ok, err := s.idem.Lock(ctx, store, key); err != nil {
				return err
			} else if !ok {
				return errKeyInFlight
			}
			prev, err := s.idem.Response(ctx, store, key)
			switch {
			case err != nil:
				return err
			case prev != nil && !bytes.Equal(prev.Fingerprint, fp):
				return errKeyReused
			case prev != nil:
				replay = prev
				return nil
			}
			return s.runRecorded(ctx, c, next, rec, store, key, fp)
		})
		switch {
		case errors.Is(err, errNotStored):
		case err != nil:
			resetResponse(c)
			return err
		case replay != nil:
			c.Response().Header().Set("Idempotent-Replayed", "true")
			if replay.Location != "" {
				c.Response().Header().Set(echo.HeaderLocation, replay.Location)
			}
			return c.Blob(replay.Status, replay.ContentType, replay.Body)
		}
		return rec.flush(c)
	}
}

// canonicalBody is the body in the form that identifies it whatever its
// spelling (wire.Value.AppendCanonical), from the parse the handler's bind
// reuses; a body that is not JSON is taken byte for byte.
func canonicalBody(c echo.Context) []byte {
	b, err := parsedBody(c)
	if err != nil {
		return body(c)
	}
	return b.Value.AppendCanonical(nil)
}

// runRecorded runs the handler with its response captured, and stores a 2xx
// outcome under the key.
func (s *server) runRecorded(ctx context.Context, c echo.Context, next echo.HandlerFunc, rec *recorder, store, key string, fp []byte) error {
	res := c.Response()
	orig := res.Writer
	res.Writer = rec
	c.SetRequest(c.Request().WithContext(ctx))
	err := next(c)
	res.Writer = orig
	if err != nil {
		return err
	}
	if rec.status < 200 || rec.status > 299 {
		return errNotStored
	}
	return s.idem.SaveResponse(ctx, store, key, idempotency.Response{
		Fingerprint: fp, Status: rec.status, ContentType: rec.header.Get(echo.HeaderContentType),
		Location: rec.header.Get(echo.HeaderLocation), Body: rec.body.Bytes(),
	})
}

// resetResponse forgets a response the handler wrote into the recorder
// before its transaction failed, so the error handler can answer.
func resetResponse(c echo.Context) {
	res := c.Response()
	res.Committed, res.Status, res.Size = false, 0, 0
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// recorder captures a response until its transaction commits.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

// flush sends the captured response to the client.
func (r *recorder) flush(c echo.Context) error {
	w := c.Response().Writer
	for k, v := range r.header {
		w.Header()[k] = v
	}
	w.WriteHeader(r.status)
	_, err := w.Write(r.body.Bytes())
	return err
}
