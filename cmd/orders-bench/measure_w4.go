package main

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"
)

// w4Workload is W4's row: its service side is a Go client (w4Client), not
// wrk, whose Lua cannot chain a lease's answer into ten posts.
func (b *bench) w4Workload(y *yardstick) workload {
	q := serviceSQL
	yard := &w4Yard{y: y, log: newW4Log()}
	return workload{step: "w4", name: "W4 lease 10 + answer each (answers/s)", conns: b.cfg.conns, perRequest: 1,
		yard: yard.round, w4: yard, targetRatio: true, write: true,
		sql: []string{"begin", q.Lease, "commit", q.LeasedOrders, q.States,
			q.IdempotencyLock, q.IdempotencyRead, q.LockAnswered, q.InsertAttempts, q.LockOrders, q.WriteStates,
			q.Answer, q.IdempotencySave}}
}

// measureW4 runs W4 on the service, then on the same SQL, each side on a
// queue topped up to -w4-requests queued requests, then checks both sides'
// answers against the database.
func (b *bench) measureW4(ctx context.Context, svc *service, ds dataSet, w workload) (result, error) {
	r := result{workload: w}
	client, yard := newW4Client(svc.url(), ds.keys.connectors, w.conns), w.w4
	var err error
	if r.service, r.serviceNoise, err = b.measureW4Side(ctx, ds, svc, w, client.round, client.log); err != nil {
		return r, err
	}
	if r.yard, r.yardNoise, err = b.measureW4Side(ctx, ds, nil, w, yard.round, yard.log); err != nil {
		return r, err
	}
	b.logf("  %-36s service %8.0f/s p99 %-8v same SQL %8.0f/s p99 %v (answers/s; p50/p99 of a lease and its answers)",
		w.name, r.service.rate, r.service.p99.Round(10*time.Microsecond), r.yard.rate, r.yard.p99.Round(10*time.Microsecond))
	b.logf("    %s; during the same SQL: %s", r.serviceNoise, r.yardNoise)
	for side, e := range map[string]error{"service": r.service.firstErr, "same SQL": r.yard.firstErr} {
		if e != nil {
			b.logf("    W4 %s error: %v", side, e)
		}
	}
	b.w4Result, b.w4OK, err = w4Check(ctx, ds.url, client.log, yard.log)
	if err != nil {
		return r, err
	}
	b.w4Result += fmt.Sprintf("; leases that found none: %d (service), %d (same SQL)", client.log.dry.Load(), yard.log.dry.Load())
	b.w4OK = b.w4OK && client.log.dry.Load() == 0 && yard.log.dry.Load() == 0
	return r, nil
}

// measureW4Side tops the queue up, warms round up, then measures it: its
// rate is answers per second and its latency a round's. svc is the service
// whose CPU and statements are measured, nil for the same SQL (this
// process's CPU).
func (b *bench) measureW4Side(ctx context.Context, ds dataSet, svc *service, w workload, round op,
	log *w4Log) (measurement, noiseReport, error) {
	queued, err := w4Queue(ctx, ds.url, b.cfg.w4Requests)
	if err != nil {
		return measurement{}, noiseReport{}, err
	}
	side, pid := "the same SQL", os.Getpid()
	if svc != nil {
		side, pid = "the service", svc.cmd.Process.Pid
	}
	b.logf("  W4: %d requests queued for %s", queued, side)
	runOps(ctx, w.conns, b.cfg.warmup, round)
	var act activity
	sctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	if svc != nil {
		wg.Go(func() {
			if err := act.sample(sctx, ds.url, ds.name); err != nil {
				b.logf("  pg_stat_activity sampling failed: %v", err)
			}
		})
	}
	cpu, before, answered, start := processCPU(pid), snapshotCPU(), log.answered.Load(), time.Now()
	m := runOps(ctx, w.conns, b.cfg.duration, round)
	elapsed, n := time.Since(start), log.answered.Load()-answered
	cpu = processCPU(pid) - cpu
	noise := snapshotCPU().since(before, b.backends(ctx, ds))
	stop()
	wg.Wait()
	if svc != nil {
		b.checkSQL(w, &act)
	}
	m.rate, m.cpu = float64(n)/elapsed.Seconds(), perOp(cpu, n)
	return m, noise, nil
}
