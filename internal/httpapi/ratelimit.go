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
// replicas a key may reach N times the rate; see README). A bucket that
// has refilled to its burst is the same as a new one, so it is dropped:
// the map holds only the keys seen within the last burst/rps seconds,
// however many keys and JWT subjects come and go.
type limiter struct {
	rps   rate.Limit
	burst int

	mu        sync.Mutex
	buckets   map[uuid.UUID]*rate.Limiter
	lastSweep time.Time
}

func newLimiter(rps float64, burst int) *limiter {
	return &limiter{rps: rate.Limit(rps), burst: max(burst, 1), buckets: map[uuid.UUID]*rate.Limiter{}}
}

// refill is how long an unused bucket takes to fill up: after that it is
// dropped, and the sweep that drops it runs at most that often.
func (l *limiter) refill() time.Duration {
	return time.Duration(float64(l.burst) / float64(l.rps) * float64(time.Second))
}

// bucket returns key's bucket at now, first dropping the full ones when
// the last sweep is older than refill.
func (l *limiter) bucket(key uuid.UUID, now time.Time) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastSweep) >= l.refill() {
		l.sweep(now)
	}
	b, ok := l.buckets[key]
	if !ok {
		b = rate.NewLimiter(l.rps, l.burst)
		l.buckets[key] = b
	}
	return b
}

// sweep drops the buckets that are full at now. Callers hold l.mu.
func (l *limiter) sweep(now time.Time) {
	for key, b := range l.buckets {
		if b.TokensAt(now) >= float64(l.burst) {
			delete(l.buckets, key)
		}
	}
	l.lastSweep = now
}

// size is the number of buckets kept.
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

// rateLimit answers 429 with Retry-After when the caller's key is over its
// rate, and tells every caller its budget in RateLimit-* headers.
func (s *server) rateLimit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.limiter.rps <= 0 {
			return next(c)
		}
		now := time.Now()
		b := s.limiter.bucket(identity(c).KeyID, now)
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
