package httpapi

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/errs"
)

const requestIDKey = "httpapi.request_id"

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,128}$`)

// requestID accepts a sane X-Request-ID or makes one, and returns it.
func (s *server) requestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Request().Header.Get(echo.HeaderXRequestID)
		if !requestIDPattern.MatchString(id) || mayBeSecret(id, c.Request()) {
			id = uuid.NewString()
		}
		c.Set(requestIDKey, id)
		c.Response().Header().Set(echo.HeaderXRequestID, id)
		return next(c)
	}
}

func requestID(c echo.Context) string {
	id, _ := c.Get(requestIDKey).(string)
	return id
}

// accessLog writes one line per request: never a key, a body or a query value.
func (s *server) accessLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err) // write the problem now, so the line has the real status
		}
		s.log.LogAttrs(c.Request().Context(), slog.LevelInfo, "request",
			slog.String("request_id", requestID(c)), slog.String("method", c.Request().Method),
			slog.String("route", c.Path()), slog.Int("status", c.Response().Status),
			slog.Int64("bytes", c.Response().Size), slog.Duration("duration", time.Since(start)))
		return nil
	}
}

// recover turns a panic into an internal error (500) with the panic logged.
func (s *server) recover(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = errs.Wrap(errs.Internal, fmt.Errorf("panic: %v", r), "panic")
			}
		}()
		return next(c)
	}
}

// securityHeaders sets the headers every API response carries.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		return next(c)
	}
}

// deadline bounds the request's context by the configured RequestTimeout;
// the database calls under it then fail as unavailable (503) when it passes.
func (s *server) deadline(next echo.HandlerFunc) echo.HandlerFunc {
	if s.cfg.RequestTimeout <= 0 {
		return next
	}
	return func(c echo.Context) error {
		if streaming(c) {
			return next(c) // bounded by its own write deadlines instead
		}
		ctx, cancel := context.WithTimeout(c.Request().Context(), s.cfg.RequestTimeout)
		defer cancel()
		c.SetRequest(c.Request().WithContext(ctx))
		return next(c)
	}
}
