package httpapi

import (
	"net"
	"net/http"
	"net/netip"
	"slices"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// corsMaxAge is how long a browser may cache a preflight answer.
const corsMaxAge = 10 * time.Minute

// cors lets the admin SPA, served from one of origins, call the API from a
// browser: exact origins only (no wildcard, no subdomain matching), no
// cookies (the SPA sends its JWT in Authorization), and the response
// headers a client needs exposed. Other origins get no CORS headers, so
// browsers keep them out.
func cors(origins []string) echo.MiddlewareFunc {
	return middleware.CORSWithConfig(middleware.CORSConfig{
		AllowOriginFunc: func(origin string) (bool, error) { return slices.Contains(origins, origin), nil },
		AllowMethods:    []string{http.MethodGet, http.MethodPost, http.MethodPatch},
		AllowHeaders: []string{echo.HeaderAuthorization, echo.HeaderContentType, "Content-Encoding",
			headerIdempotencyKey, echo.HeaderXRequestID},
		ExposeHeaders: []string{echo.HeaderLocation, "Link", echo.HeaderRetryAfter, "RateLimit-Limit", "RateLimit-Remaining",
			"RateLimit-Reset", echo.HeaderXRequestID, "Idempotent-Replayed"},
		MaxAge: int(corsMaxAge.Seconds()),
	})
}

// ipExtractor returns how the client's address is found (for logs and
// anything keyed by address; rate limits are per key). Without trusted
// proxies it is the TCP peer, whatever X-Forwarded-For or X-Real-IP say
// (GO-2026-6872, GO-2026-6875); with them, the nearest address in
// X-Forwarded-For that is not one of those proxies. Echo's own defaults,
// which trust loopback and private networks, are turned off.
func ipExtractor(trusted []netip.Prefix) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range trusted {
		opts = append(opts, echo.TrustIPRange(&net.IPNet{IP: p.Addr().AsSlice(), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}
