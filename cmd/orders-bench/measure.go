package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
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

// workloads returns the rows of the table for data set ds, measured with
// the same-SQL yardstick y and the minimal yardstick m (nil when it does
// not run).
func (b *bench) workloads(ds dataSet, y *yardstick, m *minimal) []workload {
	k := ds.keys
	pages := strconv.Itoa(b.cfg.pages)
	q := serviceSQL
	ingest := []string{"begin", q.InsertAttempts, q.LockOrders, q.States, q.WriteStates, "commit"}
	keyed := append([]string{q.IdempotencyLock, q.IdempotencyRead, q.IdempotencySave}, ingest...)
	args := func(mode string, extra ...string) []string {
		return append([]string{ds.idsFile, k.connectors[0], k.connectors[1], k.connectors[2], mode}, extra...)
	}
	ws := []workload{
		{step: "w1", name: "W1 POST attempt (Idempotency-Key)", script: "w1.lua", args: args("key"),
			conns: b.cfg.conns, perRequest: 1, yard: y.record(1, true), sql: keyed, targetRatio: true, write: true,
			minTarget: 0.6},
		{step: "w1nokey", name: "W1 POST attempt (no key)", script: "w1.lua", args: args("nokey"),
			conns: b.cfg.conns, perRequest: 1, yard: y.record(1, false), sql: ingest, write: true},
		{step: "w2", name: "W2 GET history limit=50", script: "w2.lua", args: []string{ds.idsFile, k.reader},
			conns: b.cfg.conns, yard: y.history, sql: []string{q.OrderHistory}, targetRatio: true, minTarget: 0.7},
		{step: "w3", name: "W3 GET failing orders + next pages", script: "w3.lua", args: []string{k.reader, pages},
			conns: b.cfg.conns, yard: y.failing(b.cfg.pages, false), targetRatio: true,
			sql: []string{q.OrdersByIntegration, q.OrdersByIntegrationAfter, q.States}},
		{step: "w3lean", name: "W3-lean (fields=...) + next pages", script: "w3.lua",
			args: []string{k.reader, pages, "&fields=" + leanFields}, conns: b.cfg.conns, minTarget: 0.5,
			yard: y.failing(b.cfg.pages, true), sql: []string{q.OrdersByIntegrationLean, q.OrdersByIntegrationLeanAfter, q.States},
			probe: "/orders?integration_status=error&limit=50&fields=" + leanFields},
		{step: "batch", name: fmt.Sprintf("Batch of %d (Idempotency-Key)", b.cfg.batchSize), script: "batch.lua",
			args: args("key", strconv.Itoa(b.cfg.batchSize)), conns: b.cfg.batchConns, perRequest: b.cfg.batchSize,
			yard: y.record(b.cfg.batchSize, true), sql: keyed, write: true},
		b.w4Workload(y),
	}
	if m != nil {
		mins := map[string]op{"w1": m.record(true), "w1nokey": m.record(false), "w2": m.history,
			"w3": m.failing(b.cfg.pages, false), "w3lean": m.failing(b.cfg.pages, true)}
		for i := range ws {
			ws[i].minOp = mins[ws[i].step]
		}
	}
	return ws
}

// leanFields is W3-lean's sparse fields (SPEC 8): the order list screen's.
const leanFields = "number,status,customer,total_cents,placed_at,integration"

// measureLarge runs every workload against the service and the yardsticks
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
	var m *minimal
	if ds.minimal != nil {
		if m, err = newMinimal(ctx, ds.minimal.url, b.cfg.conns, ds.minimal.ids); err != nil {
			return err
		}
		defer m.close()
	}
	targets := b.targets(svc, ds)
	if err := b.measureLiveReads(ctx, svc, ds); err != nil {
		return err
	}
	ws := b.workloads(ds, y, m)
	for _, w := range readsFirst(ws) {
		if !b.cfg.has(w.step) {
			continue
		}
		var r result
		var err error
		if w.step == "w4" {
			r, err = b.measureW4(ctx, svc, ds, w)
		} else {
			r, err = b.measureRow(ctx, svc, ds, w)
		}
		if err != nil {
			return err
		}
		b.rows = append(b.rows, r)
		if r.unsupported != "" {
			continue
		}
		if w.step == "w2" && b.cfg.has("floor") {
			if err := b.measureFloor(ctx, ds, w); err != nil {
				return err
			}
		}
		if tg, ok := targets[w.step]; ok && b.cfg.has("half") {
			b.measureHalf(ctx, r, tg)
		}
	}
	if b.cfg.has("w5") {
		if err := b.measureLive(ctx, svc, ds, ws[slices.IndexFunc(ws, func(w workload) bool { return w.step == "w1" })]); err != nil {
			return err
		}
	}
	slices.SortFunc(b.rows, func(a, c result) int { return a.order - c.order })
	if b.rss, err = svc.peakRSS(); err != nil {
		return err
	}
	if b.consistency, b.consistent, err = checkConsistency(ctx, ds.url); err != nil {
		return err
	}
	if ds.minimal != nil {
		if b.minConsistency, b.minConsistent, err = checkMinimal(ctx, ds.minimal.url); err != nil {
			return err
		}
	}
	return nil
}

// measureRow measures workload w on the service, then on the same-SQL
// yardstick and the minimal one (those it has). A row with a probe runs only
// when the service answers the probe with 200.
func (b *bench) measureRow(ctx context.Context, svc *service, ds dataSet, w workload) (result, error) {
	r := result{workload: w}
	if w.probe != "" {
		status, err := probe(ctx, svc.url()+w.probe, "Bearer "+ds.keys.reader)
		if err != nil {
			return r, err
		}
		if status != http.StatusOK {
			r.unsupported = fmt.Sprintf("not supported by this build (GET %s: %d)", w.probe, status)
			b.logf("  %-36s %s", w.name, r.unsupported)
			return r, nil
		}
	}
	var err error
	if r.service, r.serviceNoise, err = b.measureService(ctx, svc, ds, w, true); err != nil {
		return r, err
	}
	line := fmt.Sprintf("  %-36s service %8.0f/s p99 %-8v", w.name, r.service.rate, r.service.p99.Round(10*time.Microsecond))
	noise := r.serviceNoise.String()
	if w.yard != nil {
		r.yard, r.yardNoise = b.measureOps(ctx, ds, w.conns, w.yard)
		line += fmt.Sprintf(" same SQL %8.0f/s p99 %-8v", r.yard.rate, r.yard.p99.Round(10*time.Microsecond))
		noise += "; during the same SQL: " + r.yardNoise.String()
	}
	if w.minOp != nil {
		r.min, r.minNoise = b.measureOps(ctx, ds, w.conns, w.minOp)
		line += fmt.Sprintf(" minimal %8.0f/s p99 %v", r.min.rate, r.min.p99.Round(10*time.Microsecond))
		noise += "; during the minimal: " + r.minNoise.String()
	}
	b.logf("%s", line)
	b.logf("    %s", noise)
	for _, e := range []struct {
		side string
		err  error
	}{{"same-SQL yardstick", r.yard.firstErr}, {"minimal yardstick", r.min.firstErr}} {
		if e.err != nil {
			b.logf("    %s error: %v", e.side, e.err)
		}
	}
	return r, nil
}

// measureOps warms a yardstick's operation fn up, then measures it, with
// the CPU this process spent per operation and what else the machine did.
func (b *bench) measureOps(ctx context.Context, ds dataSet, conns int, fn op) (measurement, noiseReport) {
	runOps(ctx, conns, b.cfg.warmup, fn)
	cpu, before := processCPU(os.Getpid()), snapshotCPU()
	m := runOps(ctx, conns, b.cfg.duration, fn)
	m.cpu = perOp(processCPU(os.Getpid())-cpu, m.ops)
	return m, snapshotCPU().since(before, b.backends(ctx, ds))
}

// probe returns the status of one GET of u with the Authorization auth.
func probe(ctx context.Context, u, auth string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", auth)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("probe %s: %w", u, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
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
	names := []string{ds.name, ds.name + "_small"}
	if ds.minimal != nil {
		names = append(names, ds.minimal.name)
	}
	rows, err := conn.Query(ctx, "SELECT pid FROM pg_stat_activity WHERE datname = ANY($1)", names)
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
		if strings.Contains(e, "api_keys") || e == "-- ping" || background(e) {
			known++
			continue
		}
		kept = append(kept, e)
	}
	msg := fmt.Sprintf("%s: %d of the yardstick's %d statements seen from the service", w.name,
		len(w.sql)-len(missing), len(w.sql))
	if len(kept) == 0 {
		msg += fmt.Sprintf(", and no other (besides %d key-cache refreshes, connection pings and background loops)", known)
	}
	for _, e := range kept {
		msg += "\n      DIFFERENT, service only: " + oneLine(e)
	}
	for _, m := range missing {
		msg += "\n      not seen (too brief to sample?): " + oneLine(m)
	}
	b.checks = append(b.checks, msg)
}

// background reports whether a statement is one of the service's own
// loops, which run whatever the load: the re-integration sweep (requeue,
// give up), the open-requests gauge and the bulk job runner's poll.
func background(stmt string) bool {
	for _, s := range []string{"bulk_jobs", "GROUP BY system, state", "WHERE state = 'leased' AND available_at <= $1"} {
		if strings.Contains(stmt, s) {
			return true
		}
	}
	return false
}
