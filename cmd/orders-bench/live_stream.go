package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync/atomic"
	"time"
)

// W5's shape (SPEC 8): streams open while W1 runs, for liveDuration.
const (
	liveStreams  = 200
	liveDuration = 10 * time.Second
	liveDrain    = 5 * time.Second // how long the streams may take to catch up after W1
)

// liveStream is one open stream of W5 and the delays of its events.
type liveStream struct {
	delays []time.Duration // receipt minus the attempt's recorded_at
	bad    int             // events without a readable recorded_at
	got    atomic.Int64
	ended  atomic.Bool // the body ended before the run closed it (a dropped stream)
	done   chan struct{}
}

// measureLive is W5: liveStreams streams of the reader key open on the
// service while wrk runs W1 (workload w1) against it for liveDuration; each
// event's delay is its receipt less its recorded_at (the service's clock,
// on the same machine: the 201 leaves after it, so this is an upper bound
// of the delay after the 201). Every attempt W1 recorded must reach every
// stream.
func (b *bench) measureLive(ctx context.Context, svc *service, ds dataSet, w1 workload) error {
	before, err := countAttempts(ctx, ds.url)
	if err != nil {
		return err
	}
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	streams := make([]*liveStream, liveStreams)
	for i := range streams {
		if streams[i], err = openLive(sctx, svc.url()+"/integration-history/stream", ds.keys.reader); err != nil {
			return fmt.Errorf("W5: stream %d: %w", i, err)
		}
	}
	run := wrkRun{bin: b.cfg.wrk, dir: b.dir, script: w1.script, url: svc.url(), conns: w1.conns,
		threads: min(b.cfg.threads, w1.conns), duration: liveDuration, args: w1.args}
	res, err := run.run(ctx)
	if err != nil {
		return fmt.Errorf("W5: %w", err)
	}
	after, err := countAttempts(ctx, ds.url)
	if err != nil {
		return err
	}
	recorded := after - before
	waitLive(streams, recorded, liveDrain)
	cancel()
	for _, s := range streams {
		<-s.done
	}
	b.liveReport(streams, recorded, res.measure())
	return nil
}

// liveReport logs W5's delays and adds its target.
func (b *bench) liveReport(streams []*liveStream, recorded int64, w1 measurement) {
	var delays []time.Duration
	var got, bad, dropped int64
	for _, s := range streams {
		delays = append(delays, s.delays...)
		got += s.got.Load()
		bad += int64(s.bad)
		if s.ended.Load() {
			dropped++
		}
	}
	slices.Sort(delays)
	want := recorded * int64(len(streams))
	p50, p99, top := time.Duration(0), time.Duration(0), time.Duration(0)
	if len(delays) > 0 {
		p50, p99, top = delays[len(delays)/2], delays[len(delays)*99/100], delays[len(delays)-1]
	}
	name := fmt.Sprintf("W5 %d streams during W1", len(streams))
	b.logf("  %-44s W1 %.0f/s (%d errors), %d attempts recorded; %d of %d events received, %d unreadable, "+
		"%d streams ended early; delay after recorded_at p50 %s, p99 %s, max %s", name, w1.rate, w1.errors,
		recorded, got, want, bad, dropped, ms(p50), ms(p99), ms(top))
	b.live = append(b.live, liveTarget{ok: p99 < maxLiveP99 && got == want && bad == 0 && dropped == 0,
		text: fmt.Sprintf("%s (%.0f attempts/s): %d of %d events reached their streams, p50 %s, p99 %s (< %v)",
			name, w1.rate, got, want, ms(p50), ms(p99), maxLiveP99)})
}

// waitLive waits until every stream has want events, one ends, or limit passes.
func waitLive(streams []*liveStream, want int64, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		all := true
		for _, s := range streams {
			if s.got.Load() < want && !s.ended.Load() {
				all = false
				break
			}
		}
		if all {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// openLive opens a stream at u and reads it until ctx ends.
func openLive(ctx context.Context, u, token string) (*liveStream, error) {
	resp, err := get(ctx, &http.Client{}, u, token)
	if err != nil {
		return nil, err
	}
	s := &liveStream{done: make(chan struct{})}
	go func() {
		defer close(s.done)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			if line := sc.Bytes(); bytes.HasPrefix(line, []byte("data: ")) {
				s.event(line, time.Now())
			}
		}
		if ctx.Err() == nil {
			s.ended.Store(true)
		}
	}()
	return s, nil
}

// event records the delay of one event's data line, received at.
func (s *liveStream) event(line []byte, at time.Time) {
	const key = `"recorded_at":"`
	i := bytes.Index(line, []byte(key))
	if i < 0 {
		s.bad++
		s.got.Add(1)
		return
	}
	rest := line[i+len(key):]
	j := bytes.IndexByte(rest, '"')
	t, err := time.Parse(time.RFC3339Nano, string(rest[:max(j, 0)]))
	if j < 0 || err != nil {
		s.bad++
	} else {
		s.delays = append(s.delays, max(at.Sub(t), 0))
	}
	s.got.Add(1)
}
