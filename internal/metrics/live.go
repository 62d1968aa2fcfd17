package metrics

import "github.com/prometheus/client_golang/prometheus"

// live are the metrics of SPEC 10's streams and exports.
type live struct {
	streams  prometheus.Gauge
	events   prometheus.Counter
	dropped  prometheus.Counter
	exported prometheus.Counter
}

// newLive registers the live metrics on reg.
func newLive(reg *prometheus.Registry) *live {
	l := &live{
		streams: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "orders_api_streams_open",
			Help: "Live history streams open on this server.",
		}),
		events: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "orders_api_stream_events_sent_total",
			Help: "Events sent on live history streams.",
		}),
		dropped: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "orders_api_streams_dropped_lagging_total",
			Help: "Live history streams ended because their client read slower than attempts were recorded (it resumes from its last event id).",
		}),
		exported: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "orders_api_export_rows_total",
			Help: "Attempts written by history exports.",
		}),
	}
	reg.MustRegister(l.streams, l.events, l.dropped, l.exported)
	return l
}

// StreamOpened counts an open stream.
func (m *Metrics) StreamOpened() { m.live.streams.Inc() }

// StreamClosed counts a stream that ended.
func (m *Metrics) StreamClosed() { m.live.streams.Dec() }

// EventsSent counts n events sent on a stream.
func (m *Metrics) EventsSent(n int) { m.live.events.Add(float64(n)) }

// StreamDropped counts a stream ended for lag.
func (m *Metrics) StreamDropped() { m.live.dropped.Inc() }

// ExportRows counts n attempts exported.
func (m *Metrics) ExportRows(n int) { m.live.exported.Add(float64(n)) }
