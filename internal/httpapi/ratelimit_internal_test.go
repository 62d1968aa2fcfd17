package httpapi

import (
	"testing"
	"time"

	"github.com/google/uuid"
)

// TestLimiterEvictsIdleBuckets: buckets of keys that stop calling are
// dropped once full again, so many keys (one per JWT subject) don't grow
// the map for ever, while a key still over its budget keeps its bucket.
func TestLimiterEvictsIdleBuckets(t *testing.T) {
	t.Parallel()
	l := newLimiter(100, 200) // refills in 2 s
	t0 := time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)
	const keys = 10_000
	for range keys {
		if !l.bucket(uuid.New(), t0).AllowN(t0, 1) {
			t.Fatal("a new key's first request was refused")
		}
	}
	busy := uuid.New()
	if n := l.size(); n != keys {
		t.Fatalf("%d buckets after %d keys, want %d", n, keys, keys)
	}

	t1 := t0.Add(1900 * time.Millisecond) // busy drains its bucket just before the others refill
	if !l.bucket(busy, t1).AllowN(t1, 200) {
		t.Fatal("busy's burst was refused")
	}
	t2 := t0.Add(2100 * time.Millisecond) // the idle buckets are full again
	b := l.bucket(busy, t2)
	if n := l.size(); n != 1 {
		t.Errorf("%d buckets once the idle keys' buckets refilled, want 1 (busy's)", n)
	}
	if b.AllowN(t2, 200) {
		t.Error("busy's bucket was reset: it got a second burst within 0.2 s")
	}

	t3 := t2.Add(3 * time.Second)
	l.bucket(uuid.New(), t3)
	if n := l.size(); n != 1 {
		t.Errorf("%d buckets after busy went idle too, want 1 (the new key's)", n)
	}
}
