package app

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/orders-api/orders-api/internal/database"
	"github.com/orders-api/orders-api/internal/metrics"
	"github.com/orders-api/orders-api/internal/request"
)

// sweepEvery is how often each replica sweeps integration requests: well
// within the 5 s in which an expired lease must read queued (it does at
// once, computed on read) and a given-up request failed.
const sweepEvery = time.Second

// sweepBatch bounds the requests of each kind one sweep handles.
const sweepBatch = 100

// gaugeEvery is how many sweeps pass between two counts of the open
// requests and the jobs for the gauges.
const gaugeEvery = 5

// reintegration is the re-integration part of the App: the stores (the
// request store's notification session), the services on them.
type reintegration struct {
	requests database.RequestStore
	jobs     database.JobStore
}

// wireRequests builds the re-integration stores and services on the open
// database; Close stops the request store's session.
func (a *App) wireRequests() {
	rs := a.DB.Requests()
	a.reint = reintegration{requests: rs, jobs: a.DB.Jobs(rs)}
	a.Requests = request.NewService(rs, rs.Notifier(), time.Now,
		request.Config{MaxDeliveries: a.Config.RequestMaxDeliveries, TTL: a.Config.RequestTTL})
	a.Jobs = request.NewJobs(a.reint.jobs, time.Now)
}

// startReintegration starts the sweep and the bulk job runner, which skip
// their rounds while ready fails (a schema not migrated yet has no
// requests); stop ends both (after the HTTP server, before the pool).
func (a *App) startReintegration(ctx context.Context, ready func(context.Context) error) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { sweepLoop(ctx, a.Requests, a.reint, ready, a.Logger, a.Metrics) })
	wg.Go(func() { runJobs(ctx, a.Jobs, ready, a.Logger) })
	return func() {
		cancel()
		wg.Wait()
	}
}

// Bulk jobs run in chunks: each chunk's requests and the job's counters
// commit together. A pause between chunks leaves the database to the
// interactive requests; 10,000 orders take about 50 chunks.
const (
	jobChunk     = 200
	jobPace      = 20 * time.Millisecond
	jobIdleEvery = 500 * time.Millisecond
)

// runJobs runs the chunks of running bulk jobs, on this replica and any
// other (each chunk takes its job's row), until ctx ends. A job left by a
// stopped or killed replica is picked up here.
func runJobs(ctx context.Context, jobs *request.Jobs, ready func(context.Context) error, logger *slog.Logger) {
	for ctx.Err() == nil {
		pause := jobIdleEvery
		if ready(ctx) == nil {
			pause = runChunk(ctx, jobs, logger)
		}
		select {
		case <-ctx.Done():
		case <-time.After(pause):
		}
	}
}

// runChunk runs one chunk and returns the pause before the next: short
// while a job has work, longer when none had or the chunk failed.
func runChunk(ctx context.Context, jobs *request.Jobs, logger *slog.Logger) time.Duration {
	ran, err := jobs.RunChunk(ctx, jobChunk)
	switch {
	case err != nil && ctx.Err() == nil:
		logger.Warn("bulk job chunk failed", slog.Any("error", err))
		return jobIdleEvery
	case err != nil || !ran:
		return jobIdleEvery
	}
	return jobPace
}

// sweepLoop sweeps every sweepEvery until ctx ends, and refreshes the
// gauges every gaugeEvery sweeps; rounds are skipped while ready fails,
// failures are logged and retried next round.
func sweepLoop(ctx context.Context, svc *request.Service, stores reintegration, ready func(context.Context) error,
	logger *slog.Logger, m *metrics.Metrics) {
	ticker := time.NewTicker(sweepEvery)
	defer ticker.Stop()
	for round := 0; ; {
		if ready(ctx) == nil {
			sweepOnce(ctx, svc, logger, m)
			if round%gaugeEvery == 0 {
				refreshGauges(ctx, stores, m)
			}
			round++
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// sweepOnce runs one sweep and counts what it did.
func sweepOnce(ctx context.Context, svc *request.Service, logger *slog.Logger, m *metrics.Metrics) {
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
}

// refreshGauges counts the open requests and the jobs; a failure leaves
// the gauges as they were (the sweep logs database trouble).
func refreshGauges(ctx context.Context, stores reintegration, m *metrics.Metrics) {
	if counts, err := stores.requests.OpenCounts(ctx); err == nil {
		m.OpenRequests(counts)
	}
	if counts, err := stores.jobs.JobCounts(ctx); err == nil {
		m.Jobs(counts)
	}
}
