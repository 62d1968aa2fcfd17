package main

import (
	"context"
	"path/filepath"
	"time"
)

// halfResult is an open-loop run at half a workload's maximum rate.
type halfResult struct {
	step, name string
	rate       float64
	m          measurement
}

// measureHalf runs r's workload open loop at half the rate measured for it,
// right after it, on the same data.
func (b *bench) measureHalf(ctx context.Context, r result, tg target) {
	if r.service.rate <= 0 {
		return
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
	for _, w := range b.workloads(ds, nil, nil) {
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
