package main

import (
	"slices"
	"sync"
	"time"
)

// measurement is the outcome of one workload run.
type measurement struct {
	ops            int64
	rate           float64 // ops per second
	p50, p99, mean time.Duration
	errors         int64
	firstErr       error         // the first error, for the report
	cpu            time.Duration // CPU time of the service or yardstick process per operation
}

// recorder collects latencies from many goroutines.
type recorder struct {
	mu     sync.Mutex
	lat    []time.Duration
	errors int64
	first  error
}

// add records one operation.
func (r *recorder) add(d time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.errors++
		if r.first == nil {
			r.first = err
		}
		return
	}
	r.lat = append(r.lat, d)
}

// merge adds a worker's latencies at once.
func (r *recorder) merge(lat []time.Duration, errors int64, first error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lat = append(r.lat, lat...)
	r.errors += errors
	if r.first == nil {
		r.first = first
	}
}

// measure summarizes the operations recorded over elapsed.
func (r *recorder) measure(elapsed time.Duration) measurement {
	r.mu.Lock()
	defer r.mu.Unlock()
	m := measurement{ops: int64(len(r.lat)), errors: r.errors}
	m.rate = float64(m.ops) / elapsed.Seconds()
	if len(r.lat) == 0 {
		return m
	}
	slices.Sort(r.lat)
	var sum time.Duration
	for _, d := range r.lat {
		sum += d
	}
	m.mean = sum / time.Duration(len(r.lat))
	m.p50 = percentile(r.lat, 0.50)
	m.p99 = percentile(r.lat, 0.99)
	return m
}

// percentile returns the q-quantile of sorted.
func percentile(sorted []time.Duration, q float64) time.Duration {
	i := int(q*float64(len(sorted)) + 0.5)
	return sorted[min(max(i-1, 0), len(sorted)-1)]
}
