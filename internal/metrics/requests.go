package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// requestMetrics are re-integration's (SPEC 9): requests made, leases,
// releases, expiries, give-ups and answers, the open requests by system
// and state, bulk jobs by state, and how long lease calls waited.
type requestMetrics struct {
	created   *prometheus.CounterVec
	leased    *prometheus.CounterVec
	released  *prometheus.CounterVec
	expired   prometheus.Counter
	failed    *prometheus.CounterVec
	answered  *prometheus.CounterVec
	open      *prometheus.GaugeVec
	jobs      *prometheus.GaugeVec
	leaseWait prometheus.Histogram
}

func newRequestMetrics(reg *prometheus.Registry) *requestMetrics {
	r := &requestMetrics{
		created: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "orders_api_integration_requests_created_total",
			Help: "Re-integration requests created, by system and trigger (manual, bulk).",
		}, []string{"system", "trigger"}),
		leased: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "orders_api_integration_requests_leased_total",
			Help: "Re-integration requests leased to connectors, by system.",
		}, []string{"system"}),
		released: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "orders_api_integration_requests_released_total",
			Help: "Leases given back by connectors, by system.",
		}, []string{"system"}),
		expired: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "orders_api_integration_request_lease_expiries_total",
			Help: "Leases that ended without an answer and were put back to queued by the sweep.",
		}),
		failed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "orders_api_integration_requests_failed_total",
			Help: "Re-integration requests given up, by cause (reintegration.max_deliveries, reintegration.expired).",
		}, []string{"cause"}),
		answered: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "orders_api_integration_request_answers_total",
			Help: "Attempts recorded with a request_id and a final status (success, error), by system.",
		}, []string{"system"}),
		open: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "orders_api_integration_requests_open",
			Help: "Open re-integration requests, by system and state (queued, leased), as of the last sweep.",
		}, []string{"system", "state"}),
		jobs: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "orders_api_bulk_jobs",
			Help: "Bulk re-integration jobs, by state, as of the last sweep.",
		}, []string{"state"}),
		leaseWait: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "orders_api_integration_request_lease_wait_seconds",
			Help:    "Time a lease call took, its long-poll wait included.",
			Buckets: []float64{0.005, 0.025, 0.1, 0.5, 1, 2, 5, 10, 20},
		}),
	}
	reg.MustRegister(r.created, r.leased, r.released, r.expired, r.failed, r.answered, r.open, r.jobs, r.leaseWait)
	return r
}

// RequestCreated counts a request made.
func (m *Metrics) RequestCreated(system, trigger string) {
	m.reint.created.WithLabelValues(m.systems.label(system), trigger).Inc()
}

// Leased counts a lease call's requests and its duration.
func (m *Metrics) Leased(system string, n int, took time.Duration) {
	m.reint.leased.WithLabelValues(m.systems.label(system)).Add(float64(n))
	m.reint.leaseWait.Observe(took.Seconds())
}

// Released counts a release; failed when it gave the request up.
func (m *Metrics) Released(system string, failed bool) {
	m.reint.released.WithLabelValues(m.systems.label(system)).Inc()
	if failed {
		m.reint.failed.WithLabelValues("reintegration.max_deliveries").Inc()
	}
}

// Swept counts what a sweep did.
func (m *Metrics) Swept(requeued, maxDeliveries, expired int) {
	m.reint.expired.Add(float64(requeued))
	m.reint.failed.WithLabelValues("reintegration.max_deliveries").Add(float64(maxDeliveries))
	m.reint.failed.WithLabelValues("reintegration.expired").Add(float64(expired))
}

// OpenRequests sets the open requests gauge: counts by system, then state.
func (m *Metrics) OpenRequests(counts map[string]map[string]int) {
	m.reint.open.Reset()
	for system, states := range counts {
		for state, n := range states {
			m.reint.open.WithLabelValues(m.systems.label(system), state).Add(float64(n))
		}
	}
}

// Jobs sets the bulk jobs gauge, by state.
func (m *Metrics) Jobs(counts map[string]int) {
	m.reint.jobs.Reset()
	for state, n := range counts {
		m.reint.jobs.WithLabelValues(state).Set(float64(n))
	}
}

// answered counts an attempt that answers a request.
func (m *Metrics) answered(system string) {
	m.reint.answered.WithLabelValues(m.systems.label(system)).Inc()
}
