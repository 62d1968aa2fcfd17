package httpapi

import (
	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/auth"
)

// requestRoutes are the routes of re-integration (SPEC 9.3), with the
// roles that may call them; release and extend further check that a
// connector is of the request's system.
func (s *server) requestRoutes(e *echo.Echo) {
	anyRole := []auth.Role{auth.RoleAdmin, auth.RoleReader, auth.RoleConnector}
	admin := []auth.Role{auth.RoleAdmin}
	writers := []auth.Role{auth.RoleAdmin, auth.RoleConnector}

	e.POST("/orders/:id/integration-requests", s.createRequest, s.write(admin)...)
	e.GET("/orders/:id/integration-requests", s.orderRequests, s.read(anyRole, orderRequestParams)...)
	e.GET("/integration-requests", s.listRequests, s.read(anyRole, requestListParams)...)
	e.GET("/integration-requests/:rid", s.getRequest, s.read(anyRole, nil)...)
	e.POST("/integration-requests/lease", s.leaseRequests, append(s.read(writers, nil), s.optionalBody)...)
	e.POST("/integration-requests/:rid/release", s.releaseRequest, s.change(writers)...)
	e.POST("/integration-requests/:rid/extend", s.extendRequest, s.change(writers)...)
	e.POST("/integration-requests/bulk", s.bulkRequests, s.write(admin)...)
	e.GET("/jobs/:jid", s.getJob, s.read(admin, nil)...)
	e.POST("/jobs/:jid/cancel", s.cancelJob, s.read(admin, nil)...)
}

// optionalBody is readBody for a route whose every field is optional (a
// connector's lease): a request without a body and without a Content-Type
// is taken as {}; any other goes through readBody.
func (s *server) optionalBody(next echo.HandlerFunc) echo.HandlerFunc {
	withBody := s.readBody(next)
	return func(c echo.Context) error {
		req := c.Request()
		if req.ContentLength == 0 && req.Header.Get(echo.HeaderContentType) == "" {
			c.Set(bodyKey, []byte("{}"))
			return next(c)
		}
		return withBody(c)
	}
}
