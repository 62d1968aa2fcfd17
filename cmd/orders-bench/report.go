package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

// Targets of issue 6.
const (
	minRatio      = 0.6
	maxHalfP99    = 25 * time.Millisecond
	maxKeysetGrow = 1.5
	maxRSS        = 150 << 20
	minBatchGain  = 10
)

// noise prints what else the machine is doing: the load average and, over
// two seconds, the share of the CPUs other processes use.
func (b *bench) noise(when string) {
	load, _ := os.ReadFile("/proc/loadavg")
	before := snapshotCPU()
	time.Sleep(2 * time.Second)
	b.logf("machine %s: %d CPUs, load average %s; over 2 s, %s", when, runtime.NumCPU(),
		strings.Join(strings.Fields(string(load))[:3], " "), snapshotCPU().since(before, nil))
}

// report prints the table and the targets.
func (b *bench) report() {
	if len(b.rows) > 0 || b.floor != nil { // not with -only w5,w6,w7
		b.rowReports()
	} else {
		b.logf("")
	}
	b.logf("Targets:")
	for _, r := range b.rows {
		if r.targetRatio && r.unsupported == "" {
			got := ratio(r.service.rate, r.yard.rate)
			note := ""
			if r.step == "w2" && b.floor != nil {
				note = fmt.Sprintf("; the HTTP floor is at %.2fx, the service at %.2fx the floor",
					ratio(b.floor.m.rate, r.yard.rate), ratio(r.service.rate, b.floor.m.rate))
			}
			b.target(got >= minRatio, "%s at %.2fx the yardstick (>= %.1fx)%s", r.name, got, minRatio, note)
		}
	}
	b.minimalTargets()
	for _, h := range b.half {
		b.target(h.m.p99 < maxHalfP99 && h.m.errors == 0, "%s at half the max rate, %.0f/s open loop: p50 %s, p99 %s (< %v), %d errors",
			h.name, h.rate, ms(h.m.p50), ms(h.m.p99), maxHalfP99, h.m.errors)
	}
	b.keysetTargets()
	b.batchTarget()
	if b.rss > 0 {
		b.target(b.rss <= maxRSS, "service peak RSS (VmHWM) %.1f MB (<= %d MB)", float64(b.rss)/(1<<20), maxRSS>>20)
	}
	if b.consistency != "" {
		b.target(b.consistent, "%s", b.consistency)
	}
	if b.minConsistency != "" {
		b.target(b.minConsistent, "%s", b.minConsistency)
	}
	if b.w4Result != "" {
		b.target(b.w4OK, "%s", b.w4Result)
	}
	for _, t := range b.live {
		b.target(t.ok, "%s", t.text)
	}
}

// minimalTargets holds the service to issue 15's ratios against the
// minimal yardstick.
func (b *bench) minimalTargets() {
	for _, r := range b.rows {
		switch {
		case r.minTarget == 0 || !b.cfg.has("minimal"):
		case r.unsupported != "":
			b.logf("  SKIP  %s: %s", r.name, r.unsupported)
		default:
			got := ratio(r.service.rate, r.min.rate)
			b.target(got >= r.minTarget, "%s at %.2fx the minimal SQL (>= %.1fx, issue 15)", r.name, got, r.minTarget)
		}
	}
}

// keysetTargets compares W2 and W3 at the same rate on the large and the
// small data set.
func (b *bench) keysetTargets() {
	for _, h := range b.half {
		s, ok := b.small[h.step]
		if !ok || s.p50 == 0 {
			continue
		}
		grow := float64(h.m.p50) / float64(s.p50)
		b.target(grow <= maxKeysetGrow && s.errors == 0,
			"%s at %.0f/s: p50 %s at %d attempts vs %s at %d: %.2fx (<= %.1fx); p99 %s vs %s (%.2fx)",
			h.name, h.rate, ms(h.m.p50), b.cfg.attempts, ms(s.p50), b.cfg.smallAtt, grow, maxKeysetGrow,
			ms(h.m.p99), ms(s.p99), float64(h.m.p99)/float64(max(s.p99, 1)))
	}
}

// batchTarget compares the attempts/s of batches with W1's.
func (b *bench) batchTarget() {
	single, batch := b.row("w1"), b.row("batch")
	if single.step == "" || batch.step == "" || single.service.rate == 0 {
		return
	}
	per := batch.service.rate * float64(batch.perRequest)
	gain := per / single.service.rate
	b.target(gain >= minBatchGain, "batch ingest %.0f attempts/s vs W1 %.0f attempts/s: %.1fx (>= %dx); yardstick %.0f vs %.0f attempts/s",
		per, single.service.rate, gain, minBatchGain, batch.yard.rate*float64(batch.perRequest), single.yard.rate)
}

// rateOf returns a workload's measured rate on the service, 0 when it did not run.
func (b *bench) rateOf(step string) float64 { return b.row(step).service.rate }

func (b *bench) row(step string) result {
	for _, r := range b.rows {
		if r.step == step {
			return r
		}
	}
	return result{}
}

func (b *bench) target(ok bool, format string, args ...any) {
	mark := "PASS"
	if !ok {
		mark = "MISS"
	}
	b.logf("  %s  %s", mark, fmt.Sprintf(format, args...))
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// ms formats d in milliseconds with two decimals.
func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }

// us formats d in microseconds.
func us(d time.Duration) string { return fmt.Sprintf("%.0fus", float64(d)/float64(time.Microsecond)) }

// rowReports prints the table of the rows, their noise and the statements seen.
func (b *bench) rowReports() {
	b.logf("")
	b.table()
	b.logf("")
	b.logf("Noise: CPU used by processes that are not the run's during each measurement (service | same SQL | minimal):")
	for _, r := range b.rows {
		if r.unsupported == "" {
			b.logf("  %-40s %4s | %4s | %4s", r.name, pct(r.serviceNoise, true), pct(r.yardNoise, r.workload.yard != nil),
				pct(r.minNoise, r.minOp != nil))
		}
	}
	if f := b.floor; f != nil {
		b.logf("  %-40s %4s", "W2 on the HTTP floor", pct(f.noise, true))
	}
	b.logf("")
	b.logf("Statements (pg_stat_activity sampled every 10 ms during each service run):")
	for _, c := range b.checks {
		b.logf("  %s", c)
	}
	b.logf("")
}
