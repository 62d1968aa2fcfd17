package main

import (
	"fmt"
	"strconv"
)

// The table of a run: per workload, the service, the same-SQL yardstick,
// the minimal yardstick and their ratios.

// blockWidth is the width of one side's columns: rate, p50, p99, errors, CPU.
const blockWidth = 42

// table prints the table and its legend.
func (b *bench) table() {
	b.logf("%-41s | %-*s | %-*s | %-*s | %s", "", blockWidth, "service (HTTP, wrk)", blockWidth,
		"same SQL (the service's, pgx in-process)", blockWidth, "minimal SQL (own tables, pgx in-process)",
		"ratios of the rates")
	head := fmt.Sprintf("%8s %8s %8s %6s %8s", "ops/s", "p50", "p99", "errors", "CPU/op")
	b.logf("%-41s | %s | %s | %s | %8s %8s %8s", "workload (16 connections unless said)",
		fmt.Sprintf("%8s %8s %8s %6s %8s", "req/s", "p50", "p99", "errors", "CPU/req"), head, head,
		"svc/same", "svc/min", "same/min")
	for _, r := range b.rows {
		name := r.name
		if r.conns != b.cfg.conns {
			name = fmt.Sprintf("%s, %d conns", name, r.conns)
		}
		if r.unsupported != "" {
			b.logf("%-41s | %-*s |", name, blockWidth, "not supported by this build")
			continue
		}
		hasYard, hasMin := r.workload.yard != nil, r.minOp != nil
		b.logf("%-41s | %s | %s | %s | %s %s %s", name, block(r.service, true), block(r.yard, hasYard),
			block(r.min, hasMin), cell(r.service.rate, r.yard.rate, hasYard), cell(r.service.rate, r.min.rate, hasMin),
			cell(r.yard.rate, r.min.rate, hasYard && hasMin))
	}
	if f := b.floor; f != nil {
		w2 := b.row("w2")
		b.logf("%-41s | %s | %s | %s | %s %s %8s", "W2 on the HTTP floor (see below)", block(f.m, true),
			block(measurement{}, false), block(measurement{}, false), cell(f.m.rate, w2.yard.rate, true),
			cell(f.m.rate, w2.min.rate, w2.minOp != nil), "")
	}
	b.logf("(CPU/req, CPU/op: CPU time of the service process, or of this process for the yardsticks, per operation;")
	b.logf(" PostgreSQL and wrk use the rest of the 2 cores. svc/same: service / same SQL, the SPEC 8 ratio;")
	b.logf(" svc/min: service / minimal SQL, what the service costs against the least SQL for the job; same/min:")
	b.logf(" what the service's SQL design costs, HTTP apart. The floor row's ratios are floor/same and floor/min.)")
	if f := b.floor; f != nil {
		b.logf("HTTP floor: a minimal Go server written for the benchmark (net/http, a pgx pool, encoding/json; no")
		b.logf(" router, auth, validation, log or metrics) answering W2 with the same statement and JSON shape, loaded")
		b.logf(" by the same wrk script: what any Go HTTP service pays on this machine. Service/floor: %.2f",
			ratio(b.rateOf("w2"), f.m.rate))
	}
	if b.row("w4").step != "" {
		b.logf("W4: requests answered per second; p50/p99 of a round (a lease of 10, then one POST per answer). Its")
		b.logf(" service side is %d Go clients (connectors, a closed loop each), not wrk.", b.cfg.conns)
	}
	if b.cfg.has("minimal") {
		b.logf("Minimal SQL: the same data in tables of its own (the states in a jsonb column of the order, only the")
		b.logf(" indexes of W1-W3), W1 in one statement; see docs/PERFORMANCE.md.")
	}
}

// block formats one side's measurement, or blanks when ok is false.
func block(m measurement, ok bool) string {
	if !ok {
		return fmt.Sprintf("%*s", blockWidth, "")
	}
	return fmt.Sprintf("%8.0f %8s %8s %6d %8s", m.rate, ms(m.p50), ms(m.p99), m.errors, us(m.cpu))
}

// cell formats the ratio a/b, or a dash when it has no meaning.
func cell(a, b float64, ok bool) string {
	if !ok || b == 0 {
		return fmt.Sprintf("%8s", "-")
	}
	return fmt.Sprintf("%8.2f", a/b)
}

// pct formats the share of the CPUs others used during a measurement.
func pct(n noiseReport, ok bool) string {
	if !ok {
		return "-"
	}
	return strconv.Itoa(int(100*n.others+0.5)) + "%"
}
