// Package metrics holds the Prometheus metrics of orders-api: HTTP requests
// by route, method and status with their latency, the database pool, and the
// integration attempts recorded by system and status.
//
// Nothing here is global: main makes the registry and passes it to New, and
// the HTTP layer and the order store get the *Metrics. The domain package
// never sees Prometheus: attempts are counted by a decorator of order.Store
// (see Orders).
package metrics

import (
	"database/sql"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Unmatched is the route label of requests that match no route, so that
// scanners probing random paths add one series, not one per path.
const Unmatched = "unmatched"

// Metrics are the service's collectors, registered on one registry.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	attempts *prometheus.CounterVec
	systems  *labelCap
	reint    *requestMetrics // re-integration, requests.go
	live     *live           // streams and exports (live.go)
}

// New registers the service's metrics, and the Go runtime and process
// collectors, on reg. A nil reg gets a registry of its own (for tests and
// for an HTTP handler built without metrics).
func New(reg *prometheus.Registry) *Metrics {
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	m := &Metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern and method.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route", "method"}),
		attempts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "orders_api_attempts_recorded_total",
			Help: "Integration attempts stored (replays excluded), by system and status.",
		}, []string{"system", "status"}),
		systems: newLabelCap(maxSystems),
		reint:   newRequestMetrics(reg),
	}
	m.live = newLive(reg)
	reg.MustRegister(m.requests, m.duration, m.attempts,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// WatchPool exports the statistics of the connection pool db (the go_sql_*
// metrics, labelled db_name="orders"). Call it once per pool.
func (m *Metrics) WatchPool(db *sql.DB) {
	m.reg.MustRegister(collectors.NewDBStatsCollector(db, "orders"))
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// ObserveRequest counts one answered request and its duration. route must
// be a route pattern (/orders/:id) or Unmatched, never a raw path.
func (m *Metrics) ObserveRequest(route, method string, status int, took time.Duration) {
	method = methodLabel(method)
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route, method).Observe(took.Seconds())
}

// methodLabel bounds the method label: a client may send any token as a method.
func methodLabel(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return method
	}
	return "OTHER"
}
