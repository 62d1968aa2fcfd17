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
