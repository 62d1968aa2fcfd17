package main

import (
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/order"
)

// TestGenerateShape checks the data set against SPEC 8's shape and its
// summaries against the history they come from.
func TestGenerateShape(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	d := generate(2000, 20000, now, 7)
	if len(d.orders) != 2000 || len(d.attempts) != 20000 {
		t.Fatalf("%d orders, %d attempts; want 2000, 20000", len(d.orders), len(d.attempts))
	}
	var failing int
	for _, o := range d.orders {
		if o.summary.Status == order.IntegrationError {
			failing++
		}
	}
	if share := float64(failing) / 2000; share < 0.07 || share > 0.13 {
		t.Errorf("%.1f%% of the orders failing, want about 10%%", share*100)
	}
	first, last := d.attempts[0].occurred, d.attempts[0].occurred
	seen := map[string]bool{}
	for i, a := range d.attempts {
		if a.seq != int64(i+1) {
			t.Fatalf("attempt %d has seq %d", i, a.seq)
		}
		if !a.occurred.Before(now) {
			t.Fatalf("attempt %d occurred at %v, after now", i, a.occurred)
		}
		first, last = minTime(first, a.occurred), maxTime(last, a.occurred)
		seen[systems[a.system]] = true
	}
	if span := last.Sub(first); span < 80*24*time.Hour || span > 90*24*time.Hour {
		t.Errorf("occurred_at spans %v, want about 90 days", span)
	}
	if len(seen) != 3 {
		t.Errorf("systems %v, want 3", seen)
	}
	// the states and summaries are what the history gives, attempt by attempt
	states := map[int32][]order.SystemState{}
	for _, s := range d.states {
		states[s.order] = append(states[s.order], s.state)
	}
	byOrder := map[int32]map[string]*order.SystemState{}
	for _, a := range d.attempts {
		if byOrder[a.order] == nil {
			byOrder[a.order] = map[string]*order.SystemState{}
		}
		next := order.Apply(byOrder[a.order][systems[a.system]], a.domain())
		byOrder[a.order][systems[a.system]] = &next
	}
	for i, o := range d.orders {
		var list []order.SystemState
		for _, st := range byOrder[int32(i)] {
			list = append(list, *st)
		}
		want := order.Summarize(list)
		if o.summary.Status != want.Status || !o.summary.LastAttemptAt.Equal(*want.LastAttemptAt) ||
			len(states[int32(i)]) != len(list) {
			t.Fatalf("order %d: summary %+v, states %d; want %+v, %d", i, o.summary, len(states[int32(i)]), want, len(list))
		}
	}
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func TestParseSize(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int{"1kB": 1024, "4096": 4096, "2MB": 2 << 20} {
		if got := parseSize(in); got != want {
			t.Errorf("parseSize(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestPercentile(t *testing.T) {
	t.Parallel()
	var lat []time.Duration
	for i := 1; i <= 100; i++ {
		lat = append(lat, time.Duration(i)*time.Millisecond)
	}
	if p := percentile(lat, 0.5); p != 50*time.Millisecond {
		t.Errorf("p50 = %v", p)
	}
	if p := percentile(lat, 0.99); p != 99*time.Millisecond {
		t.Errorf("p99 = %v", p)
	}
}

// TestOnly checks -only: named steps run; add-ons alone run every workload.
func TestOnly(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		only    string
		runs    []string
		skipped []string
	}{
		{"", []string{"w1", "w3lean", "minimal", "floor", "half", "small"}, nil},
		{"minimal", []string{"w1", "w1nokey", "w2", "w3", "w3lean", "batch", "minimal"}, []string{"floor", "half", "small"}},
		{"w2,minimal", []string{"w2", "minimal"}, []string{"w1", "w3", "w3lean", "floor"}},
		{"w2,floor", []string{"w2", "floor"}, []string{"w1", "minimal"}},
	} {
		c, err := parse([]string{"-only", tc.only}, func(string) string { return "" })
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range tc.runs {
			if !c.has(s) {
				t.Errorf("-only %q: %s does not run", tc.only, s)
			}
		}
		for _, s := range tc.skipped {
			if c.has(s) {
				t.Errorf("-only %q: %s runs", tc.only, s)
			}
		}
	}
}
