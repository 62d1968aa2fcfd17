package httpapi

import (
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/metrics"
)

// metricsHandler serves /metrics in the Prometheus text format, without a
// key: scrapers reach it on the pod network, like the probes.
//
//	@Summary		Metrics
//	@Description	Prometheus text format: http_requests_total{route,method,status}, http_request_duration_seconds{route,method}, orders_api_attempts_recorded_total{system,status}, the database pool (go_sql_*), the Go runtime and the process. See docs/OPERATIONS.md.
//	@ID				metrics
//	@Tags			health
//	@Produce		plain
//	@Success		200	{string}	string	"Prometheus text format"
//	@Failure		400	{object}	Problem	"Unknown query parameter"
//	@Failure		500	{object}	Problem	"Internal error (a bug): detail names the request id to report"
//	@Router			/metrics [get]
func (s *server) metricsHandler(c echo.Context) error {
	s.metrics.Handler().ServeHTTP(c.Response(), c.Request())
	return nil
}

// observe returns the middleware that counts and times every request by
// route pattern, and counts the attempts it stored once the response is a
// 2xx (sent only after they committed). It runs outside accessLog, which
// has already written the error response, so the status is the final one.
func (s *server) observe() echo.MiddlewareFunc {
	var once sync.Once
	var routes map[string]bool
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			once.Do(func() { routes = routePaths(c.Echo()) })
			start := time.Now()
			ctx, tally := s.metrics.WithTally(c.Request().Context())
			c.SetRequest(c.Request().WithContext(ctx))
			if err := next(c); err != nil {
				c.Error(err)
			}
			status := c.Response().Status
			if status >= 200 && status <= 299 {
				tally.Commit()
			}
			route := c.Path()
			if !routes[route] {
				route = metrics.Unmatched
			}
			s.metrics.ObserveRequest(route, c.Request().Method, status, time.Since(start))
			return nil
		}
	}
}

// routePaths returns the set of route patterns of e. Echo sets the path of
// an unmatched request to the nearest node of its tree, which may be no
// route at all: such requests are labelled metrics.Unmatched.
func routePaths(e *echo.Echo) map[string]bool {
	paths := map[string]bool{}
	for _, r := range e.Routes() {
		paths[r.Path] = true
	}
	return paths
}

// metricsOrNew returns m, or metrics on a registry of their own when m is nil.
func metricsOrNew(m *metrics.Metrics) *metrics.Metrics {
	if m == nil {
		return metrics.New(nil)
	}
	return m
}
