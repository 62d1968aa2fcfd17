package httpapi

import (
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/errs"
)

var errNoKey = errs.New(errs.Unauthorized, "send an API key as Authorization: Bearer <key>")

// authenticate resolves the bearer key to the caller's identity (401 when
// missing, unknown or revoked) and puts it in the request context.
func (s *server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		scheme, token, ok := strings.Cut(c.Request().Header.Get(echo.HeaderAuthorization), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
			return errNoKey
		}
		id, err := s.auth.Authenticate(c.Request().Context(), strings.TrimSpace(token))
		if err != nil {
			return err
		}
		c.SetRequest(c.Request().WithContext(auth.WithIdentity(c.Request().Context(), id)))
		return next(c)
	}
}

// allow lets through only the given roles (403 otherwise).
func allow(roles ...auth.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if !identity(c).Is(roles...) {
				return errs.New(errs.Forbidden, "a %s key may not do this", identity(c).Role)
			}
			return next(c)
		}
	}
}

// identity is the caller of an authenticated route.
func identity(c echo.Context) auth.Identity {
	id, _ := auth.FromContext(c.Request().Context())
	return id
}
