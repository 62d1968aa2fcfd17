package httpapi

import (
	"encoding/base64"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/errs"
)

var (
	errNoKey  = errs.New(errs.Unauthorized, "send an API key as Authorization: Bearer <key>")
	errJWTOff = errs.New(errs.Unauthorized, "the bearer token is a JWT, and this server accepts none (no identity provider keys are configured): send an API key (oak_...) as Authorization: Bearer <key>")
)

// authenticate resolves the bearer key to the caller's identity (401 when
// missing, unknown or revoked) and puts it in the request context.
func (s *server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		scheme, token, ok := strings.Cut(c.Request().Header.Get(echo.HeaderAuthorization), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
			return errNoKey
		}
		token = strings.TrimSpace(token)
		if s.tokens == nil && looksLikeJWT(token) {
			return errJWTOff
		}
		id, err := s.verifier(token).Authenticate(c.Request().Context(), token)
		if err != nil {
			return err
		}
		c.SetRequest(c.Request().WithContext(auth.WithIdentity(c.Request().Context(), id)))
		return next(c)
	}
}

// verifier picks the authenticator of a bearer token by its shape: API keys
// start with oak_; anything else is taken for a JWT of the admin SPA when
// JWTs are configured.
func (s *server) verifier(token string) Authenticator {
	if s.tokens == nil || strings.HasPrefix(token, "oak_") {
		return s.auth
	}
	return s.tokens
}

// looksLikeJWT reports whether token has a JWT's shape: three parts
// separated by dots, the first a base64url JSON object (its header).
func looksLikeJWT(token string) bool {
	header, rest, ok := strings.Cut(token, ".")
	if !ok || strings.Count(rest, ".") != 1 || len(header) > 1024 {
		return false
	}
	b, err := base64.RawURLEncoding.DecodeString(header)
	return err == nil && strings.HasPrefix(strings.TrimSpace(string(b)), "{")
}

// allow lets through only the given roles (403 otherwise). The refusal
// names the caller as it signed in: "a reader key" with an API key, "a
// reader" with a JWT, which is a user, not a key.
func allow(roles ...auth.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if id := identity(c); !id.Is(roles...) {
				if id.ViaJWT {
					return errs.New(errs.Forbidden, "a %s may not do this", id.Role)
				}
				return errs.New(errs.Forbidden, "a %s key may not do this", id.Role)
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
