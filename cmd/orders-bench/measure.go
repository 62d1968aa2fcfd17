package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// readsFirst returns the workloads in the order they run: the reads first,
// on the data as seeded, then the writes, which add attempts and leave dead
// rows for autovacuum; each keeps its place in the table (order).
func readsFirst(ws []workload) []workload {
	for i := range ws {
		ws[i].order = i
	}
	out := slices.Clone(ws)
	slices.SortStableFunc(out, func(a, b workload) int { return boolInt(a.write) - boolInt(b.write) })
	return out
}

func boolInt(v bool) int {
	if v {
		return 1
	}
	return 0
}

// workloads returns the rows of the table for data set ds.
func (b *bench) workloads(ds dataSet, y *yardstick) []workload {
	k := ds.keys
	pages := strconv.Itoa(b.cfg.pages)
	q := serviceSQL
	ingest := []string{"begin", q.InsertAttempts, q.LockOrders, q.States, q.WriteStates, "commit"}
	keyed := append([]string{q.IdempotencyLock, q.IdempotencyRead, q.IdempotencySave}, ingest...)
	args := func(mode string, extra ...string) []string {
		return append([]string{ds.idsFile, k.connectors[0], k.connectors[1], k.connectors[2], mode}, extra...)
	}
	return []workload{
		{step: "w1", name: "W1 POST attempt (Idempotency-Key)", script: "w1.lua", args: args("key"),
			conns: b.cfg.conns, perRequest: 1, yard: y.record(1, true), sql: keyed, targetRatio: true, write: true},
		{step: "w1nokey", name: "W1 POST attempt (no key)", script: "w1.lua", args: args("nokey"),
			conns: b.cfg.conns, perRequest: 1, yard: y.record(1, false), sql: ingest, write: true},
		{step: "w2", name: "W2 GET history limit=50", script: "w2.lua", args: []string{ds.idsFile, k.reader},
			conns: b.cfg.conns, yard: y.history, sql: []string{q.OrderHistory}, targetRatio: true},
		{step: "w3", name: "W3 GET failing orders + next pages", script: "w3.lua", args: []string{k.reader, pages},
			conns: b.cfg.conns, yard: y.failing(b.cfg.pages), targetRatio: true,
			sql: []string{q.OrdersByIntegration, q.OrdersByIntegrationAfter, q.States}},
		{step: "batch", name: fmt.Sprintf("Batch of %d (Idempotency-Key)", b.cfg.batchSize), script: "batch.lua",
			args: args("key", strconv.Itoa(b.cfg.batchSize)), conns: b.cfg.batchConns, perRequest: b.cfg.batchSize,
			yard: y.record(b.cfg.batchSize, true), sql: keyed, write: true},
	}
}

// measureLarge runs every workload against the service and the yardstick
// on the large data set, then the open-loop runs at half the maximum rate.
func (b *bench) measureLarge(ctx context.Context, ds dataSet) error {
	svc, err := startService(ctx, b.cfg.server, ds.url, filepath.Join(b.dir, "service.log"), b.cfg.serviceEnv())
	if err != nil {
		return err
	}
	defer svc.stop()
	b.logf("service %s on %s (pid %d): RATE_LIMIT_RPS=0 (rate limit off), LOG_LEVEL=info (access log to a file)%s",
		b.cfg.server, svc.addr, svc.cmd.Process.Pid, strings.Join(append([]string{""}, b.cfg.serviceEnv()...), " "))
	y, err := newYardstick(ctx, ds.url, b.cfg.conns, ds.ids)
	if err != nil {
		return err
	}
	defer y.close()
	targets := b.targets(svc, ds)
	for _, w := range readsFirst(b.workloads(ds, y)) {
		if !b.cfg.has(w.step) {
			continue
		}
		r := result{workload: w}
		if r.service, r.serviceNoise, err = b.measureService(ctx, svc, ds, w, true); err != nil {
			return err
		}
		y.run(ctx, w.conns, b.cfg.warmup, w.yard)
		cpu, before := processCPU(os.Getpid()), snapshotCPU()
		r.yard = y.run(ctx, w.conns, b.cfg.duration, w.yard)
		r.yard.cpu = perOp(processCPU(os.Getpid())-cpu, r.yard.ops)
		r.yardNoise = snapshotCPU().since(before, b.backends(ctx, ds))
		b.logf("  %-36s service %8.0f/s p99 %-8v yardstick %8.0f/s p99 %v", w.name, r.service.rate,
			r.service.p99.Round(10*time.Microsecond), r.yard.rate, r.yard.p99.Round(10*time.Microsecond))
		b.logf("    %s; during the yardstick: %s", r.serviceNoise, r.yardNoise)
		if r.yard.firstErr != nil {
			b.logf("    yardstick error: %v", r.yard.firstErr)
		}
		b.rows = append(b.rows, r)
		if w.step == "w2" && b.cfg.has("floor") {
			if err := b.measureFloor(ctx, ds, w); err != nil {
				return err
			}
		}
		if tg, ok := targets[w.step]; ok && b.cfg.has("half") {
			b.measureHalf(ctx, r, tg)
		}
	}
	slices.SortFunc(b.rows, func(a, c result) int { return a.order - c.order })
	if b.rss, err = svc.peakRSS(); err != nil {
		return err
	}
	if b.consistency, b.consistent, err = checkConsistency(ctx, ds.url); err != nil {
		return err
	}
	return nil
}

// measureFloor loads the HTTP floor of W2 (floor.go) as it loads the service.
func (b *bench) measureFloor(ctx context.Context, ds dataSet, w workload) error {
	fl, err := startFloor(ctx, ds.url, filepath.Join(b.dir, "floor.log"), b.cfg.conns)
	if err != nil {
		return err
	}
	defer fl.stop()
	m, noise, err := b.measureService(ctx, fl, ds, w, false)
	if err != nil {
		return err
	}
	b.floor = &floorResult{m: m, noise: noise}
	b.logf("  %-36s HTTP floor %6.0f/s p99 %v", w.name, m.rate, m.p99.Round(10*time.Microsecond))
	b.logf("    %s", noise)
	return nil
}

// measureService warms svc up with the workload, then measures it, and
// with checkSQL samples the statements its connections run.
func (b *bench) measureService(ctx context.Context, svc *service, ds dataSet, w workload,
	checkSQL bool) (measurement, noiseReport, error) {
	run := wrkRun{bin: b.cfg.wrk, dir: b.dir, script: w.script, url: svc.url(), conns: w.conns,
		threads: min(b.cfg.threads, w.conns), duration: b.cfg.warmup, args: w.args}
	if _, err := run.run(ctx); err != nil {
		return measurement{}, noiseReport{}, err
	}
	var act activity
	sctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	if checkSQL {
		wg.Go(func() {
			if err := act.sample(sctx, ds.url, ds.name); err != nil {
				b.logf("  pg_stat_activity sampling failed: %v", err)
			}
		})
	}
	run.duration = b.cfg.duration
	cpu, before := processCPU(svc.cmd.Process.Pid), snapshotCPU()
	res, err := run.run(ctx)
	cpu = processCPU(svc.cmd.Process.Pid) - cpu
	noise := snapshotCPU().since(before, b.backends(ctx, ds))
	stop()
	wg.Wait()
	if err != nil {
		return measurement{}, noise, err
	}
	if checkSQL {
		b.checkSQL(w, &act)
	}
	m := res.measure()
	m.cpu = perOp(cpu, m.ops)
	return m, noise, nil
}

// backends returns the pids of the PostgreSQL backends of the run's
// databases (the service's and the yardstick's connections).
func (b *bench) backends(ctx context.Context, ds dataSet) map[int]bool {
	mine := map[int]bool{}
	conn, err := pgx.Connect(ctx, b.cfg.databaseURL) // not ds.url: the statement sampler would see this query
	if err != nil {
		return mine
	}
	defer conn.Close(context.Background())
	rows, err := conn.Query(ctx, "SELECT pid FROM pg_stat_activity WHERE datname IN ($1, $2)", ds.name, ds.name+"_small")
	if err != nil {
		return mine
	}
	pids, _ := pgx.CollectRows(rows, pgx.RowTo[int32])
	for _, p := range pids {
		mine[int(p)] = true
	}
	return mine
}

// perOp returns cpu divided among ops.
func perOp(cpu time.Duration, ops int64) time.Duration {
	if ops == 0 {
		return 0
	}
	return cpu / time.Duration(ops)
}

// checkSQL records whether the service ran the yardstick's statements and
// no other. Statements that are seen only now and then are named apart: the
// key cache's refresh (every 3 s per key) and pgx's check of a connection
// idle for over a second ("-- ping"). A yardstick statement that was never
// seen is reported too, though a brief one may just be missed by sampling.
func (b *bench) checkSQL(w workload, act *activity) {
	extra, missing := act.compare(w.sql)
	var known int
	kept := extra[:0]
	for _, e := range extra {
		if strings.Contains(e, "api_keys") || e == "-- ping" {
			known++
			continue
		}
		kept = append(kept, e)
	}
	msg := fmt.Sprintf("%s: %d of the yardstick's %d statements seen from the service", w.name,
		len(w.sql)-len(missing), len(w.sql))
	if len(kept) == 0 {
		msg += fmt.Sprintf(", and no other (besides %d key-cache refreshes and connection pings)", known)
	}
	for _, e := range kept {
		msg += "\n      DIFFERENT, service only: " + oneLine(e)
	}
	for _, m := range missing {
		msg += "\n      not seen (too brief to sample?): " + oneLine(m)
	}
	b.checks = append(b.checks, msg)
}
