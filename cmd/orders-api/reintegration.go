package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/orders-api/orders-api/internal/config"
	"github.com/orders-api/orders-api/internal/database"
	"github.com/orders-api/orders-api/internal/metrics"
	"github.com/orders-api/orders-api/internal/request"
)

// sweepEvery is how often each replica sweeps integration requests: well
// within the 5 s in which an expired lease must read queued (it does at
// once, computed on read) and a given-up request failed.
const sweepEvery = time.Second

// sweepBatch bounds the requests of each kind one sweep handles.
const sweepBatch = 500

// reintegration is the re-integration part of a serving process: the
// service, its store's notification session and the background sweep.
type reintegration struct {
	service *request.Service
	stop    func()
}

// startReintegration builds the request service on db and starts its
// sweep; stop ends both (after the HTTP server, before the pool).
func startReintegration(ctx context.Context, cfg config.Config, logger *slog.Logger, db *database.DB,
	m *metrics.Metrics) reintegration {
	rs := db.Requests()
	svc := request.NewService(rs, rs.Notifier(), time.Now,
		request.Config{MaxDeliveries: cfg.RequestMaxDeliveries, TTL: cfg.RequestTTL})
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		sweepLoop(ctx, svc, rs, logger, m)
	}()
	return reintegration{service: svc, stop: func() {
		cancel()
		<-done
		rs.Close()
	}}
}

// sweepLoop sweeps every sweepEvery until ctx ends, and refreshes the
// gauges; failures are logged and retried next round.
func sweepLoop(ctx context.Context, svc *request.Service, rs *database.RequestStore, logger *slog.Logger,
	m *metrics.Metrics) {
	ticker := time.NewTicker(sweepEvery)
	defer ticker.Stop()
	for {
		res, err := svc.Sweep(ctx, sweepBatch)
		switch {
		case err != nil && ctx.Err() == nil:
			logger.Warn("integration request sweep failed", slog.Any("error", err))
		case err == nil:
			m.Swept(res.Requeued, res.MaxDeliveries, res.Expired)
			if res.MaxDeliveries+res.Expired > 0 {
				logger.Info("integration requests given up", slog.Int("max_deliveries", res.MaxDeliveries),
					slog.Int("expired", res.Expired))
			}
		}
		if counts, err := rs.OpenCounts(ctx); err == nil {
			m.OpenRequests(counts)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}
