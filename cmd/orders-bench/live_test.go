package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestLiveEventDelay checks that an event's delay is its receipt less its
// recorded_at, and that a data line without one counts as unreadable.
func TestLiveEventDelay(t *testing.T) {
	var s liveStream
	at := time.Date(2026, 12, 4, 20, 0, 1, 250_000_000, time.UTC)
	s.event([]byte(`data: {"id":"x","recorded_at":"2026-12-04T20:00:01.000Z","system":"bling"}`), at)
	s.event([]byte(`data: {"id":"y"}`), at)
	if s.got.Load() != 2 || s.bad != 1 || len(s.delays) != 1 || s.delays[0] != 250*time.Millisecond {
		t.Fatalf("got %d events, %d bad, delays %v; want 2, 1, [250ms]", s.got.Load(), s.bad, s.delays)
	}
}

// TestExportRows checks that the export's rows are counted as CSV records
// (a quoted field may hold a line break), without the header.
func TestExportRows(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer k" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		_, _ = w.Write([]byte("id,message\r\na,\"two\r\nlines\"\r\nb,one\r\n"))
	}))
	defer srv.Close()
	n, err := exportRows(context.Background(), srv.URL, "k")
	if err != nil || n != 2 {
		t.Fatalf("exportRows = %d, %v; want 2 rows", n, err)
	}
	if _, err := exportRows(context.Background(), srv.URL, "other"); err == nil {
		t.Fatal("a 401 was taken for an export")
	}
}
