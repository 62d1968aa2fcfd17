package database_test

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/database"
	"github.com/orders-api/orders-api/internal/order"
)

// TestStatsMatchBruteForce compares Stats with a recomputation from the
// history, over random histories recorded in random arrival orders and
// batches, and random windows; then deletes the oldest attempts (retention)
// and checks that first_success_seconds doesn't change.
func TestStatsMatchBruteForce(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	for round := range 3 {
		rng := rand.New(rand.NewPCG(uint64(round), 42))
		storeID := newStoreID()
		var orders []order.Order
		for i := range 12 {
			orders = append(orders, createOrder(t, db.Orders(), storeID, fmt.Sprint(i), at(rng.IntN(3600))))
		}
		history := randomHistory(rng, orders, 150)
		rng.Shuffle(len(history), func(i, j int) { history[i], history[j] = history[j], history[i] })
		for len(history) > 0 { // seq is set by RecordAttempts: the recording order
			n := min(len(history), 1+rng.IntN(20))
			record(t, db.Orders(), storeID, history[:n]...)
			history = history[n:]
		}
		all := allAttempts(t, db, storeID)
		placed := map[string]time.Time{}
		for _, o := range orders {
			placed[o.ID.String()] = o.PlacedAt
		}
		for range 8 {
			q := randomWindow(rng)
			if rng.IntN(3) == 0 {
				q.System = ptr([]string{"bling", "tiny", "nope"}[rng.IntN(3)])
			}
			checkStats(t, db, storeID, q, bruteStats(all, all, placed, q))
		}
		// retention: the oldest attempts go, first successes stay
		cutoff := at(1800)
		if _, err := db.DeleteAttemptsBefore(context.Background(), storeID, cutoff, 10_000); err != nil {
			t.Fatal(err)
		}
		kept := allAttempts(t, db, storeID)
		q := order.StatsQuery{After: at(-10_000), Before: at(20_000)}
		want := bruteStats(kept, all, placed, q)
		got, err := db.Live().Stats(context.Background(), storeID, q)
		if err != nil {
			t.Fatal(err)
		}
		for i := range min(len(got.Systems), len(want.Systems)) {
			if !reflect.DeepEqual(got.Systems[i].FirstSuccess, want.Systems[i].FirstSuccess) {
				t.Errorf("after retention, %s first_success %+v, want %+v", want.Systems[i].System,
					got.Systems[i].FirstSuccess, want.Systems[i].FirstSuccess)
			}
		}
	}
}

// randomHistory returns n attempts on orders for two systems, of random
// statuses, error codes (12 of them, and none) and times.
func randomHistory(rng *rand.Rand, orders []order.Order, n int) []*order.Attempt {
	var out []*order.Attempt
	for range n {
		o := orders[rng.IntN(len(orders))]
		status := []order.AttemptStatus{order.AttemptPending, order.AttemptSuccess, order.AttemptError}[rng.IntN(3)]
		a := newAttempt(o, []string{"bling", "tiny"}[rng.IntN(2)], status, at(rng.IntN(8)*600+rng.IntN(3)))
		if status == order.AttemptError {
			a.ErrorCode = nil
			if c := rng.IntN(13); c < 12 {
				a.ErrorCode = ptr(fmt.Sprintf("code.%02d", c))
			}
			a.Message = fmt.Sprintf("error %d", rng.IntN(1000))
		}
		out = append(out, a)
	}
	return out
}

// randomWindow returns a window over the histories' times.
func randomWindow(rng *rand.Rand) order.StatsQuery {
	a, b := at(rng.IntN(6000)-600), at(rng.IntN(6000)-600)
	if b.Before(a) {
		a, b = b, a
	}
	return order.StatsQuery{After: a, Before: b}
}

// allAttempts reads the store's whole history.
func allAttempts(t *testing.T, db *database.DB, storeID string) []order.Attempt {
	t.Helper()
	var all []order.Attempt
	err := db.Live().ExportAttempts(context.Background(), storeID, order.AttemptFilter{}, func(rows []order.ExportRow) error {
		for _, r := range rows {
			all = append(all, r.Attempt)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// checkStats compares Stats with want.
func checkStats(t *testing.T, db *database.DB, storeID string, q order.StatsQuery, want order.Stats) {
	t.Helper()
	got, err := db.Live().Stats(context.Background(), storeID, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Systems) == 0 && len(want.Systems) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("window %s-%s system %v:\n got %+v\nwant %+v", q.After, q.Before, q.System, got, want)
	}
}

// bruteStats computes SPEC 10.2 from history; firsts is the history that
// first successes are taken from (before retention).
func bruteStats(history, firsts []order.Attempt, placed map[string]time.Time, q order.StatsQuery) order.Stats {
	bySystem := map[string][]order.Attempt{}
	for _, a := range history {
		bySystem[a.System] = append(bySystem[a.System], a)
	}
	firstBySystem := map[string][]order.Attempt{}
	for _, a := range firsts {
		firstBySystem[a.System] = append(firstBySystem[a.System], a)
	}
	var out order.Stats
	for _, system := range slices.Sorted(func(yield func(string) bool) {
		for s := range firstBySystem {
			if !yield(s) {
				return
			}
		}
	}) {
		if q.System != nil && *q.System != system {
			continue
		}
		out.Systems = append(out.Systems, bruteSystem(system, bySystem[system], firstBySystem[system], placed, q))
	}
	if out.Systems == nil {
		out.Systems = []order.SystemStats{}
	}
	return out
}

// newer reports whether a comes after b in state order.
func newer(a, b order.Attempt) bool {
	if !a.OccurredAt.Equal(b.OccurredAt) {
		return a.OccurredAt.After(b.OccurredAt)
	}
	return a.Seq > b.Seq
}

func bruteSystem(system string, history, firsts []order.Attempt, placed map[string]time.Time, q order.StatsQuery) order.SystemStats {
	st := order.SystemStats{System: system, TopErrors: []order.ErrorGroup{}}
	in := func(t time.Time) bool { return !t.Before(q.After) && t.Before(q.Before) }
	state := map[string]order.Attempt{}
	groups := map[string]*order.ErrorGroup{}
	latest := map[string]order.Attempt{}
	for _, a := range firsts { // states and last success: the whole history, as the states keep it
		if s, ok := state[a.OrderID.String()]; !ok || newer(a, s) {
			state[a.OrderID.String()] = a
		}
		if a.Status == order.AttemptSuccess && (st.LastSuccessAt == nil || a.OccurredAt.After(*st.LastSuccessAt)) {
			st.LastSuccessAt = ptr(a.OccurredAt)
		}
	}
	for _, a := range history {
		if !in(a.OccurredAt) {
			continue
		}
		st.Attempts.Add(a.Status, 1)
		if a.Status != order.AttemptError {
			continue
		}
		key := "\xff" // null sorts last
		if a.ErrorCode != nil {
			key = *a.ErrorCode
		}
		if groups[key] == nil {
			groups[key] = &order.ErrorGroup{ErrorCode: a.ErrorCode}
		}
		groups[key].Count++
		if l, ok := latest[key]; !ok || newer(a, l) {
			latest[key] = a
			groups[key].LastMessage, groups[key].LastAt = a.Message, a.OccurredAt
		}
	}
	first := map[string]time.Time{}
	for id, s := range state {
		st.Orders.Add(s.Status, 1)
		if s.Status == order.AttemptPending && (st.OldestPendingAt == nil || s.OccurredAt.Before(*st.OldestPendingAt)) {
			st.OldestPendingAt = ptr(s.OccurredAt)
		}
		_ = id
	}
	for _, a := range firsts {
		if f, ok := first[a.OrderID.String()]; a.Status == order.AttemptSuccess && (!ok || a.OccurredAt.Before(f)) {
			first[a.OrderID.String()] = a.OccurredAt
		}
	}
	var seconds []float64
	for id, f := range first {
		if in(placed[id]) {
			seconds = append(seconds, f.Sub(placed[id]).Seconds())
		}
	}
	st.FirstSuccess = order.NearestRank(seconds)
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		return cmp.Or(cmp.Compare(groups[b].Count, groups[a].Count), cmp.Compare(a, b))
	})
	for _, k := range keys[:min(len(keys), order.TopErrors)] {
		st.TopErrors = append(st.TopErrors, *groups[k])
	}
	return st
}
