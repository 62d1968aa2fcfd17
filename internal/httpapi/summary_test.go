package httpapi_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi"
)

// step is one attempt of a summary scenario: system, status, minutes after
// the base time, message.
type step struct {
	system, status string
	min            int
	msg            string
}

type sysWant struct {
	system, status, msg string
	min, attempts       int
}

// TestSummary covers SPEC 5.3: per-system state is the latest occurred_at
// (ties: recorded last), late attempts count but don't override, error
// beats pending beats success beats none, last_attempt_at is the max.
func TestSummary(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	base := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
	tests := []struct {
		name    string
		steps   []step
		status  string
		lastMin int // -1: null
		systems []sysWant
	}{
		{"none", nil, "none", -1, nil},
		{"success", []step{{"bling", "success", 1, "ok"}}, "success", 1,
			[]sysWant{{"bling", "success", "ok", 1, 1}}},
		{"pending beats success", []step{{"bling", "success", 1, "ok"}, {"tiny", "pending", 2, "wait"}}, "pending", 2,
			[]sysWant{{"bling", "success", "ok", 1, 1}, {"tiny", "pending", "wait", 2, 1}}},
		{"error beats pending", []step{{"omie", "success", 5, "ok"}, {"tiny", "pending", 1, "wait"}, {"bling", "error", 3, "bad"}}, "error", 5,
			[]sysWant{{"bling", "error", "bad", 3, 1}, {"omie", "success", "ok", 5, 1}, {"tiny", "pending", "wait", 1, 1}}},
		{"latest occurred_at wins", []step{{"bling", "error", 1, "bad"}, {"bling", "success", 2, "fixed"}}, "success", 2,
			[]sysWant{{"bling", "success", "fixed", 2, 2}}},
		{"late attempt counts but doesn't override", []step{{"bling", "success", 3, "ok"}, {"bling", "error", 1, "late"}}, "success", 3,
			[]sysWant{{"bling", "success", "ok", 3, 2}}},
		{"tie: recorded last wins (error)", []step{{"bling", "success", 2, "first"}, {"bling", "error", 2, "second"}}, "error", 2,
			[]sysWant{{"bling", "error", "second", 2, 2}}},
		{"tie: recorded last wins (success)", []step{{"bling", "error", 2, "first"}, {"bling", "success", 2, "second"}}, "success", 2,
			[]sysWant{{"bling", "success", "second", 2, 2}}},
		{"last_attempt_at is the max over systems", []step{{"bling", "success", 1, "a"}, {"tiny", "success", 9, "b"}, {"bling", "success", 4, "c"}, {"tiny", "success", 2, "late"}}, "success", 9,
			[]sysWant{{"bling", "success", "c", 4, 2}, {"tiny", "success", "b", 9, 2}}},
		{"one system's late error doesn't override", []step{{"bling", "pending", 1, "p"}, {"tiny", "success", 3, "s"}, {"tiny", "error", 2, "late"}}, "pending", 3,
			[]sysWant{{"bling", "pending", "p", 1, 1}, {"tiny", "success", "s", 3, 2}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := v.sub(t)
			o := v.createOrder(admin, nil)
			for _, s := range tc.steps {
				over := map[string]any{"system": s.system, "status": s.status, "message": s.msg,
					"occurred_at": ts(base.Add(time.Duration(s.min) * time.Minute))}
				if s.status == "error" {
					over["error_code"] = "code." + s.msg
				}
				v.record(admin, o.ID, over)
			}
			want := httpapi.IntegrationResponse{Status: tc.status, Systems: []httpapi.SystemStateResponse{}}
			if tc.lastMin >= 0 {
				s := ts(base.Add(time.Duration(tc.lastMin) * time.Minute))
				want.LastAttemptAt = &s
			}
			for _, s := range tc.systems {
				st := httpapi.SystemStateResponse{System: s.system, Status: s.status, Message: s.msg,
					LastAttemptAt: ts(base.Add(time.Duration(s.min) * time.Minute)), Attempts: int64(s.attempts)}
				if s.status == "error" {
					code := "code." + s.msg
					st.ErrorCode = &code
				}
				want.Systems = append(want.Systems, st)
			}
			if g := v.getOrder(admin, o.ID); !equalJSON(g.Integration, want) {
				t.Errorf("GET integration = %s\nwant %s", mustJSON(t, g.Integration), mustJSON(t, want))
			}
			list := walk[httpapi.OrderResponse](v, admin, "/orders?number="+o.Number)
			if len(list) != 1 || !equalJSON(list[0].Integration, want) {
				t.Errorf("list integration = %s\nwant %s", mustJSON(t, list), mustJSON(t, want))
			}
		})
	}
}

// TestConcurrentAttempts: two connectors and an admin post many attempts to
// one order at once; the counts are exact and the summary is the one the
// full history gives.
func TestConcurrentAttempts(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	o := v.createOrder(admin, nil)
	base := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
	const perWriter = 25
	writers := []struct {
		token, system string
		omit          bool
	}{
		{v.key("a", auth.RoleConnector, "bling"), "bling", true},
		{v.key("a", auth.RoleConnector, "tiny"), "tiny", false},
		{admin, "omie", false},
	}
	statuses := []string{"pending", "success", "error"}
	var wg sync.WaitGroup
	for w, wr := range writers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for i := range perWriter {
				body := map[string]any{"status": statuses[rng.IntN(3)], "message": fmt.Sprintf("%s #%d", wr.system, i),
					"occurred_at": ts(base.Add(time.Duration(rng.IntN(6)) * time.Second))} // many ties
				if !wr.omit {
					body["system"] = wr.system
				}
				if r := v.do("POST", "/orders/"+o.ID+"/integration-history", wr.token, body); r.Code != 201 {
					t.Errorf("%s: status %d: %s", wr.system, r.Code, r.Body)
				}
			}
		})
	}
	wg.Wait()

	hist := walk[httpapi.AttemptResponse](v, admin, "/orders/"+o.ID+"/integration-history?limit=17")
	if len(hist) != len(writers)*perWriter {
		t.Fatalf("history has %d records, want %d", len(hist), len(writers)*perWriter)
	}
	// the history is newest first, ties by recording: the first record of
	// each system is its state
	want := httpapi.IntegrationResponse{Status: "success", Systems: []httpapi.SystemStateResponse{}}
	seen := map[string]bool{}
	var last time.Time
	for _, a := range hist {
		if at := parseAPITime(t, a.OccurredAt); at.After(last) {
			last = at
		}
		if seen[a.System] {
			continue
		}
		seen[a.System] = true
		want.Systems = append(want.Systems, httpapi.SystemStateResponse{System: a.System, Status: a.Status, Message: a.Message,
			ErrorCode: a.ErrorCode, LastAttemptAt: a.OccurredAt, Attempts: perWriter})
		switch {
		case a.Status == "error":
			want.Status = "error"
		case a.Status == "pending" && want.Status != "error":
			want.Status = "pending"
		}
	}
	lastS := ts(last)
	want.LastAttemptAt = &lastS
	slices.SortFunc(want.Systems, func(a, b httpapi.SystemStateResponse) int { return strings.Compare(a.System, b.System) })
	if g := v.getOrder(admin, o.ID); !equalJSON(g.Integration, want) {
		t.Errorf("integration = %s\nfrom history %s", mustJSON(t, g.Integration), mustJSON(t, want))
	}
}
