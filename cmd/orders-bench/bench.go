package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// bench is one run: its data sets, the results so far, the report.
type bench struct {
	cfg    options
	out    io.Writer
	dir    string
	rows   []result
	half   []halfResult
	small  map[string]measurement
	rss    int64
	checks []string

	consistency string // the states and summaries recomputed from the history
	consistent  bool
}

// dataSet is a seeded database.
type dataSet struct {
	name, url string
	keys      benchKeys
	ids       []uuid.UUID
	idsFile   string
}

// workload is one row of the table.
type workload struct {
	step, name  string
	script      string
	args        []string
	conns       int
	perRequest  int // attempts per request, for the ingest rows
	yard        op
	sql         []string // what the yardstick runs: the service must run the same
	targetRatio bool     // a SPEC 8 workload, held to >= 0.6x the yardstick
}

// result is a workload measured on both sides.
type result struct {
	workload
	service, yard           measurement
	serviceNoise, yardNoise noiseReport
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.out, format+"\n", args...)
}

func (b *bench) run(ctx context.Context) error {
	c := b.cfg
	dir, err := os.MkdirTemp("", "orders-bench-")
	if err != nil {
		return err
	}
	b.dir = dir
	defer func() {
		if !c.keep {
			os.RemoveAll(dir)
		}
	}()
	if err := writeScripts(dir); err != nil {
		return err
	}
	b.noise("before")
	if !loopback(c.databaseURL) {
		b.logf("WARNING: the database is not on a loopback address: the numbers include the network")
	}
	big, err := b.prepare(ctx, c.dbName, c.orders, c.attempts, 1)
	if err != nil {
		return err
	}
	var small dataSet
	if c.has("small") {
		if small, err = b.prepare(ctx, c.dbName+"_small", c.smallOrders, c.smallAtt, 2); err != nil {
			return err
		}
	}
	defer b.dropAll(small.name, big.name)
	if err := b.measureLarge(ctx, big); err != nil {
		return err
	}
	if c.has("small") {
		if err := b.measureSmall(ctx, small); err != nil {
			return err
		}
	}
	b.noise("after")
	b.report()
	return nil
}

// dropAll drops the run's databases unless -keep.
func (b *bench) dropAll(names ...string) {
	if b.cfg.keep {
		b.logf("kept databases %s and the run directory %s", strings.Join(slices.DeleteFunc(names,
			func(n string) bool { return n == "" }), ", "), b.dir)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, n := range names {
		if n != "" {
			if err := dropDatabase(ctx, b.cfg.databaseURL, n); err != nil {
				b.logf("drop %s: %v", n, err)
			}
		}
	}
}

// prepare seeds (or, with -reuse, reopens) database name.
func (b *bench) prepare(ctx context.Context, name string, nOrders, nAttempts int, seed uint64) (dataSet, error) {
	ds := dataSet{name: name}
	start := time.Now()
	var err error
	if b.cfg.reuse {
		b.logf("reusing %s", name)
		if ds.url, err = withDatabase(b.cfg.databaseURL, name); err != nil {
			return ds, err
		}
		if ds.ids, err = orderIDs(ctx, ds.url); err != nil {
			return ds, err
		}
	} else {
		b.logf("seeding %s: %d orders, %d attempts", name, nOrders, nAttempts)
		d := generate(nOrders, nAttempts, time.Now().UTC().Add(-time.Hour).Truncate(time.Second), seed)
		b.logf("  generated in %v (summaries by order.Apply and order.Summarize)", time.Since(start).Round(time.Millisecond))
		if ds.url, err = createDatabase(ctx, b.cfg.databaseURL, name); err != nil {
			return ds, err
		}
		if err := seedTables(ctx, ds.url, d, b.out); err != nil {
			return ds, err
		}
		for _, o := range d.orders {
			ds.ids = append(ds.ids, o.id)
		}
	}
	if ds.keys, err = createKeys(ctx, ds.url); err != nil {
		return ds, err
	}
	ds.idsFile = filepath.Join(b.dir, name+".ids")
	var sb strings.Builder
	for _, id := range ds.ids {
		sb.WriteString(id.String() + "\n")
	}
	if err := os.WriteFile(ds.idsFile, []byte(sb.String()), 0o644); err != nil {
		return ds, err
	}
	b.logf("  %s ready in %v", name, time.Since(start).Round(time.Millisecond))
	return ds, nil
}

// orderIDs reads the ids of the bench store's orders.
func orderIDs(ctx context.Context, dbURL string) ([]uuid.UUID, error) {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	rows, err := conn.Query(ctx, "SELECT id FROM orders WHERE store_id = $1", storeID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
}

// workloads returns the rows of the table for data set ds.
func (b *bench) workloads(ds dataSet, y *yardstick) []workload {
	k := ds.keys
	pages := strconv.Itoa(b.cfg.pages)
	ingest := []string{"begin", insertScopedSQL, lockOrdersSQL, statesSQL, writeStatesSQL, "commit"}
	keyed := append([]string{idemLockSQL, idemReadSQL, idemSaveSQL}, ingest...)
	args := func(mode string, extra ...string) []string {
		return append([]string{ds.idsFile, k.connectors[0], k.connectors[1], k.connectors[2], mode}, extra...)
	}
	return []workload{
		{step: "w1", name: "W1 POST attempt (Idempotency-Key)", script: "w1.lua", args: args("key"),
			conns: b.cfg.conns, perRequest: 1, yard: y.record(1, true), sql: keyed, targetRatio: true},
		{step: "w1nokey", name: "W1 POST attempt (no key)", script: "w1.lua", args: args("nokey"),
			conns: b.cfg.conns, perRequest: 1, yard: y.record(1, false), sql: ingest},
		{step: "w2", name: "W2 GET history limit=50", script: "w2.lua", args: []string{ds.idsFile, k.reader},
			conns: b.cfg.conns, yard: y.history, sql: w2SQL, targetRatio: true},
		{step: "w3", name: "W3 GET failing orders + next pages", script: "w3.lua", args: []string{k.reader, pages},
			conns: b.cfg.conns, yard: y.failing(b.cfg.pages), sql: []string{failingFirstSQL, failingNextSQL, statesSQL},
			targetRatio: true},
		{step: "batch", name: fmt.Sprintf("Batch of %d (Idempotency-Key)", b.cfg.batchSize), script: "batch.lua",
			args: args("key", strconv.Itoa(b.cfg.batchSize)), conns: b.cfg.batchConns, perRequest: b.cfg.batchSize,
			yard: y.record(b.cfg.batchSize, true), sql: keyed},
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
	for _, w := range b.workloads(ds, y) {
		if !b.cfg.has(w.step) {
			continue
		}
		r := result{workload: w}
		if r.service, r.serviceNoise, err = b.measureService(ctx, svc, ds, w); err != nil {
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
	}
	if b.cfg.has("half") {
		b.measureHalf(ctx, svc, ds)
	}
	if b.rss, err = svc.peakRSS(); err != nil {
		return err
	}
	if b.consistency, b.consistent, err = checkConsistency(ctx, ds.url); err != nil {
		return err
	}
	return nil
}

// measureService warms the service up with the workload, then measures it
// while sampling the statements its connections run.
func (b *bench) measureService(ctx context.Context, svc *service, ds dataSet, w workload) (measurement, noiseReport, error) {
	run := wrkRun{bin: b.cfg.wrk, dir: b.dir, script: w.script, url: svc.url(), conns: w.conns,
		threads: min(b.cfg.threads, w.conns), duration: b.cfg.warmup, args: w.args}
	if _, err := run.run(ctx); err != nil {
		return measurement{}, noiseReport{}, err
	}
	var act activity
	sctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := act.sample(sctx, ds.url, ds.name); err != nil {
			b.logf("  pg_stat_activity sampling failed: %v", err)
		}
	})
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
	b.checkSQL(w, &act)
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

// halfResult is an open-loop run at half a workload's maximum rate.
type halfResult struct {
	step, name string
	rate       float64
	m          measurement
}

// measureHalf runs W1, W2 and W3 open-loop at half their measured maximum.
func (b *bench) measureHalf(ctx context.Context, svc *service, ds dataSet) {
	targets := b.targets(svc, ds)
	for _, r := range b.rows {
		tg, ok := targets[r.step]
		if !ok || r.service.rate <= 0 {
			continue
		}
		rate := r.service.rate / 2
		m := openLoop(ctx, rate, b.cfg.duration, b.cfg.conns, tg)
		b.logf("  %-36s at %6.0f/s (open loop): p50 %v p99 %v, %d errors", r.name, rate, m.p50.Round(10*time.Microsecond),
			m.p99.Round(10*time.Microsecond), m.errors)
		if m.firstErr != nil {
			b.logf("    first error: %v", m.firstErr)
		}
		b.half = append(b.half, halfResult{step: r.step, name: r.name, rate: rate, m: m})
	}
}

// targets returns the open-loop targets of W1, W2 and W3 on svc.
func (b *bench) targets(svc *service, ds dataSet) map[string]target {
	k := ds.keys
	ids := make([]string, len(ds.ids))
	for i, id := range ds.ids {
		ids[i] = id.String()
	}
	return map[string]target{
		"w1": ingestTarget{base: svc.url(), auths: bearer(k.connectors...), ids: ids, withKey: true},
		"w2": historyTarget{base: svc.url(), auth: "Bearer " + k.reader, ids: ids},
		"w3": newFailingTarget(svc.url(), "Bearer "+k.reader, b.cfg.pages),
	}
}

// measureSmall runs W2 and W3 against the service on the small data set,
// open loop at the same rates as the half-rate runs on the large one: the
// latency of the same load on a table a hundred times smaller.
func (b *bench) measureSmall(ctx context.Context, ds dataSet) error {
	svc, err := startService(ctx, b.cfg.server, ds.url, filepath.Join(b.dir, "service-small.log"), b.cfg.serviceEnv())
	if err != nil {
		return err
	}
	defer svc.stop()
	b.small = map[string]measurement{}
	targets := b.targets(svc, ds)
	for _, w := range b.workloads(ds, nil) {
		h, ok := b.halfOf(w.step)
		if !ok || (w.step != "w2" && w.step != "w3") {
			continue
		}
		run := wrkRun{bin: b.cfg.wrk, dir: b.dir, script: w.script, url: svc.url(), conns: w.conns,
			threads: b.cfg.threads, duration: b.cfg.warmup, args: w.args}
		if _, err := run.run(ctx); err != nil {
			return err
		}
		m := openLoop(ctx, h.rate, b.cfg.duration, b.cfg.conns, targets[w.step])
		b.small[w.step] = m
		b.logf("  %-36s at %d attempts, %6.0f/s (open loop): p50 %v p99 %v, %d errors", w.name, b.cfg.smallAtt, h.rate,
			m.p50.Round(10*time.Microsecond), m.p99.Round(10*time.Microsecond), m.errors)
	}
	return nil
}

// halfOf returns the half-rate run of step.
func (b *bench) halfOf(step string) (halfResult, bool) {
	for _, h := range b.half {
		if h.step == step {
			return h, true
		}
	}
	return halfResult{}, false
}

// loopback reports whether the database URL names a loopback host.
func loopback(dbURL string) bool {
	u, err := url.Parse(dbURL)
	if err != nil {
		return false
	}
	host := u.Hostname()
	ip := net.ParseIP(host)
	return host == "localhost" || (ip != nil && ip.IsLoopback())
}
