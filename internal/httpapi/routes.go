package httpapi

import (
	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/adminui"
	"github.com/orders-api/orders-api/internal/auth"
)

// Query parameters of the list routes.
var (
	orderListParams   = []string{"status", "integration_status", "system", "error_code", "number", "placed_after", "placed_before", "updated_after", "sort", "limit", "cursor", "fields"}
	historyListParams = []string{"system", "status", "error_code", "occurred_after", "occurred_before", "limit", "cursor"}
)

// routes is the whole API: every route with the roles that may call it.
func (s *server) routes(e *echo.Echo) {
	anyRole := []auth.Role{auth.RoleAdmin, auth.RoleReader, auth.RoleConnector}
	admin := []auth.Role{auth.RoleAdmin}
	writers := []auth.Role{auth.RoleAdmin, auth.RoleConnector}

	e.GET("/orders", s.listOrders, s.read(anyRole, orderListParams)...)
	e.POST("/orders", s.createOrder, s.write(admin)...)
	e.GET("/orders/:id", s.getOrder, s.read(anyRole, []string{"fields"})...)
	e.PATCH("/orders/:id", s.patchOrder, s.change(admin)...)
	e.GET("/orders/:id/integration-history", s.orderHistory, s.read(anyRole, historyListParams)...)
	e.POST("/orders/:id/integration-history", s.recordAttempt, s.write(writers)...)
	e.GET("/integration-history", s.storeHistory, s.read(anyRole, historyListParams)...)
	e.POST("/integration-history/batch", s.recordBatch, s.write(writers)...)
	s.requestRoutes(e)
	e.GET("/integration-history/stream", s.stream, s.read(anyRole, streamParams)...)
	e.GET("/integration-history/export", s.export, s.read(anyRole, exportParams)...)
	e.GET("/integration-stats", s.stats, s.read(anyRole, statsParams)...)

	e.GET("/healthz", s.healthz, onlyQuery())
	e.GET("/readyz", s.readyz, onlyQuery())
	e.HEAD("/healthz", s.healthzHead, onlyQuery())
	e.HEAD("/readyz", s.readyzHead, onlyQuery())
	e.GET("/metrics", s.metricsHandler, onlyQuery())
	e.GET("/openapi.json", s.openapiJSON, onlyQuery())
	e.GET("/openapi.yaml", s.openapiYAML, onlyQuery())
	e.GET("/swagger/*", swaggerUI)

	// The admin screen's static files (SPEC 11): public, like the docs.
	adminUI := echo.WrapHandler(adminui.Handler())
	e.GET("/admin", adminUI)
	e.GET(adminui.Prefix+"*", adminUI)
	e.HEAD("/admin", adminUI)
	e.HEAD(adminui.Prefix+"*", adminUI)
}

// read is the middleware of a read route: key, rate limit, role, query.
func (s *server) read(roles []auth.Role, params []string) []echo.MiddlewareFunc {
	return []echo.MiddlewareFunc{s.authenticate, s.rateLimit, allow(roles...), onlyQuery(params...)}
}

// change is the middleware of a route with a JSON body.
func (s *server) change(roles []auth.Role) []echo.MiddlewareFunc {
	return append(s.read(roles, nil), s.readBody)
}

// write is the middleware of a POST that honours Idempotency-Key.
func (s *server) write(roles []auth.Role) []echo.MiddlewareFunc {
	return append(s.change(roles), s.idempotent)
}
