package database_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/order"
)

// TestFeedLagging checks that a feed whose reader doesn't read never slows
// writers: they record more than its queue holds at full speed, and the feed
// then ends with ErrFeedLagging; a new feed resumed from the last position it
// returned gets every attempt after it, from the table, in order.
func TestFeedLagging(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	storeID := newStoreID()
	o := createOrder(t, db.Orders(), storeID, "1", at(0))
	fd, err := db.Live().Subscribe(ctx, storeID, order.StreamFilter{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer fd.Close()
	record(t, db.Orders(), storeID, newAttempt(o, "bling", order.AttemptSuccess, at(1)))
	first, err := fd.Next(ctx, 2*time.Second)
	if err != nil || len(first) != 1 {
		t.Fatalf("first event: %v %v", first, err)
	}
	start := time.Now()
	const n = 6000 // more than a feed's queue
	for i := 0; i < n; i += 500 {
		batch := make([]*order.Attempt, 500)
		for j := range batch {
			batch[j] = newAttempt(o, "bling", order.AttemptError, at(2))
			batch[j].Message = fmt.Sprint(i + j)
		}
		record(t, db.Orders(), storeID, batch...)
	}
	took := time.Since(start)
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, err := fd.Next(ctx, 100*time.Millisecond)
		if errors.Is(err, order.ErrFeedLagging) {
			break
		}
		if err != nil || time.Now().After(deadline) {
			t.Fatalf("the unread feed did not end for lag: %v", err)
		}
	}
	t.Logf("%d attempts recorded in %s beside the unread feed", n, took)
	resumed, err := db.Live().Subscribe(ctx, storeID, order.StreamFilter{}, &first[0].Pos)
	if err != nil {
		t.Fatal(err)
	}
	defer resumed.Close()
	var got []order.Event
	// the resume's own bound: under -race on a loaded machine, reading
	// 6,000 attempts back from the table takes seconds
	deadline = time.Now().Add(20 * time.Second)
	for len(got) < n && time.Now().Before(deadline) {
		events, err := resumed.Next(ctx, 500*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, events...)
	}
	if len(got) != n {
		t.Fatalf("resumed feed: %d events, want %d", len(got), n)
	}
	for i, e := range got {
		if e.Attempt.Message != fmt.Sprint(i) || (i > 0 && !got[i-1].Pos.Less(e.Pos)) {
			t.Fatalf("resumed event %d: %s at %+v", i, e.Attempt.Message, e.Pos)
		}
	}
}

// TestExportEndsWithItsContext checks that an export whose context is done
// (its client went away) stops at the next chunk.
func TestExportEndsWithItsContext(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	storeID := newStoreID()
	o := createOrder(t, db.Orders(), storeID, "1", at(0))
	for range 9 {
		batch := make([]*order.Attempt, 500)
		for j := range batch {
			batch[j] = newAttempt(o, "bling", order.AttemptSuccess, at(j))
		}
		record(t, db.Orders(), storeID, batch...)
	}
	ctx, cancel := context.WithCancel(context.Background())
	chunks := 0
	err := db.Live().ExportAttempts(ctx, storeID, order.AttemptFilter{}, func(rows []order.ExportRow) error {
		chunks++
		cancel()
		return nil
	})
	if chunks != 1 || err == nil {
		t.Errorf("after the context ended: %d chunks, error %v; want 1 and an error", chunks, err)
	}
}
