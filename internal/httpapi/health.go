package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/errs"
)

// Health is the body of the health endpoints.
type Health struct {
	Status string `json:"status" enums:"ok" example:"ok" validate:"required"`
} //	@name	Health

// healthz answers while the process serves HTTP.
//
//	@Summary		Liveness
//	@Description	200 while the process serves HTTP; it does not touch the database. No key.
//	@ID				healthz
//	@Tags			health
//	@Produce		json
//	@Success		200	{object}	Health
//	@Failure		400	{object}	Problem	"Unknown query parameter"
//	@Failure		500	{object}	Problem	"Internal error (a bug): detail names the request id to report"
//	@Router			/healthz [get]
func (s *server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, Health{Status: "ok"})
}

// readyz answers 200 when the database answers and no migration is pending.
//
//	@Summary		Readiness
//	@Description	200 when the database answers and every migration is applied; 503 otherwise, and while shutting down. No key.
//	@ID				readyz
//	@Tags			health
//	@Produce		json
//	@Success		200	{object}	Health
//	@Failure		400	{object}	Problem	"Unknown query parameter"
//	@Failure		500	{object}	Problem	"Internal error (a bug): detail names the request id to report"
//	@Failure		503	{object}	Problem	"Database unreachable, migrations pending, or shutting down"
//	@Router			/readyz [get]
func (s *server) readyz(c echo.Context) error {
	if err := s.ready(c.Request().Context()); err != nil {
		if errs.CodeOf(err) != errs.Unavailable {
			return errs.Wrap(errs.Unavailable, err, "not ready")
		}
		return err
	}
	return c.JSON(http.StatusOK, Health{Status: "ok"})
}

// healthzHead is healthz without a body, for the load balancers and
// probes that check with HEAD.
//
//	@Summary		Liveness, without a body
//	@Description	The status of GET /healthz (200 while the process serves HTTP) without a body. No key.
//	@ID				headHealthz
//	@Tags			health
//	@Success		200	"The process serves HTTP"
//	@Failure		400	{object}	Problem	"Unknown query parameter"
//	@Failure		500	{object}	Problem	"Internal error (a bug): the X-Request-ID header names the request to report"
//	@Router			/healthz [head]
func (s *server) healthzHead(c echo.Context) error {
	return c.NoContent(http.StatusOK)
}

// readyzHead is readyz without a body.
//
//	@Summary		Readiness, without a body
//	@Description	The status of GET /readyz (200 when the database answers and every migration is applied; 503 otherwise, and while shutting down) without a body. No key.
//	@ID				headReadyz
//	@Tags			health
//	@Success		200	"Ready"
//	@Failure		400	{object}	Problem	"Unknown query parameter"
//	@Failure		500	{object}	Problem	"Internal error (a bug): the X-Request-ID header names the request to report"
//	@Failure		503	{object}	Problem	"Database unreachable, migrations pending, or shutting down"
//	@Router			/readyz [head]
func (s *server) readyzHead(c echo.Context) error {
	if err := s.ready(c.Request().Context()); err != nil {
		if errs.CodeOf(err) != errs.Unavailable {
			return errs.Wrap(errs.Unavailable, err, "not ready")
		}
		return err
	}
	return c.NoContent(http.StatusOK)
}
