package httpapi

import (
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	"golang.org/x/time/rate"

	"github.com/orders-api/orders-api/internal/errs"
)

// limiter is a token bucket per API key, kept in this process (so with N
// replicas a key may reach N times the rate; see README).
type limiter struct {
	rps   rate.Limit
	burst int

	mu      sync.Mutex
	buckets map[uuid.UUID]*rate.Limiter
}

func newLimiter(rps float64, burst int) *limiter {
	return &limiter{rps: rate.Limit(rps), burst: max(burst, 1), buckets: map[uuid.UUID]*rate.Limiter{}}
}

func (l *limiter) bucket(key uuid.UUID) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		b = rate.NewLimiter(l.rps, l.burst)
		l.buckets[key] = b
	}
	return b
}

// rateLimit answers 429 with Retry-After when the caller's key is over its
// rate, and tells every caller its budget in RateLimit-* headers.
func (s *server) rateLimit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.limiter.rps <= 0 {
			return next(c)
		}
		b := s.limiter.bucket(identity(c).KeyID)
		now := time.Now()
		ok := b.AllowN(now, 1)
		h := c.Response().Header()
		h.Set("RateLimit-Limit", strconv.Itoa(s.limiter.burst))
		h.Set("RateLimit-Remaining", strconv.Itoa(max(int(b.TokensAt(now)), 0)))
		if !ok {
			wait := time.Duration(float64(time.Second) / float64(s.limiter.rps))
			h.Set("RateLimit-Reset", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			return &errs.Error{Code: errs.RateLimited, RetryAfter: wait,
				Detail: "too many requests for this API key; retry after the number of seconds in Retry-After"}
		}
		return next(c)
	}
}
