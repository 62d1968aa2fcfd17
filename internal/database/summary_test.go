package database_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/order"
)

// step is one attempt of a summary case: its system, status and when it
// occurred (seconds after base).
type step struct {
	system string
	status order.AttemptStatus
	second int
}

func TestSummary(t *testing.T) {
	t.Parallel()
	s := openDB(t).Orders()
	tests := []struct {
		name    string
		batches [][]step // each batch is one RecordAttempts call
		want    order.IntegrationStatus
		states  map[string]int // system -> index of the attempt that is its state, in recording order
	}{
		{"no attempt", nil, order.IntegrationNone, map[string]int{}},
		{"one success", [][]step{{{"bling", "success", 1}}}, order.IntegrationSuccess, map[string]int{"bling": 0}},
		{"newer replaces", [][]step{{{"bling", "error", 1}}, {{"bling", "success", 2}}},
			order.IntegrationSuccess, map[string]int{"bling": 1}},
		{"late older attempt counts but does not replace", [][]step{{{"bling", "success", 5}}, {{"bling", "error", 1}}},
			order.IntegrationSuccess, map[string]int{"bling": 0}},
		{"late older in one batch", [][]step{{{"bling", "success", 5}, {"bling", "error", 1}}},
			order.IntegrationSuccess, map[string]int{"bling": 0}},
		{"tie: later recorded wins", [][]step{{{"bling", "error", 3}}, {{"bling", "success", 3}}},
			order.IntegrationSuccess, map[string]int{"bling": 1}},
		{"tie in one batch: later recorded wins", [][]step{{{"bling", "success", 3}, {"bling", "pending", 3}}},
			order.IntegrationPending, map[string]int{"bling": 1}},
		{"error beats pending and success", [][]step{{{"bling", "success", 1}, {"tiny", "error", 1}, {"omie", "pending", 9}}},
			order.IntegrationError, map[string]int{"bling": 0, "tiny": 1, "omie": 2}},
		{"pending beats success", [][]step{{{"bling", "success", 1}}, {{"tiny", "pending", 2}}},
			order.IntegrationPending, map[string]int{"bling": 0, "tiny": 1}},
		{"all success", [][]step{{{"bling", "error", 1}, {"tiny", "success", 1}}, {{"bling", "success", 2}}},
			order.IntegrationSuccess, map[string]int{"bling": 2, "tiny": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			store := newStoreID()
			o := createOrder(t, s, store, "1", at(0))
			var recorded []*order.Attempt
			for _, batch := range tt.batches {
				var as []*order.Attempt
				for _, st := range batch {
					as = append(as, newAttempt(o, st.system, st.status, at(st.second)))
				}
				record(t, s, store, as...)
				recorded = append(recorded, as...)
			}
			got, err := s.Order(context.Background(), store, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Integration.Status != tt.want {
				t.Errorf("status = %s, want %s", got.Integration.Status, tt.want)
			}
			checkStates(t, got.Integration, recorded, tt.states)
			checkAgainstHistory(t, s, store, got)
		})
	}
}

// checkStates checks each system's state against the attempt that should be it.
func checkStates(t *testing.T, sum order.Summary, recorded []*order.Attempt, states map[string]int) {
	t.Helper()
	if len(sum.Systems) != len(states) {
		t.Fatalf("%d systems, want %d: %+v", len(sum.Systems), len(states), sum.Systems)
	}
	for _, st := range sum.Systems {
		a := recorded[states[st.System]]
		count := 0
		for _, r := range recorded {
			if r.System == st.System {
				count++
			}
		}
		if st.Status != a.Status || st.Message != a.Message || !st.LastAttemptAt.Equal(a.OccurredAt) ||
			st.LastSeq != a.Seq || st.Attempts != int64(count) {
			t.Errorf("state of %s = %+v, want attempt %+v with %d attempts", st.System, st, *a, count)
		}
	}
}

// checkAgainstHistory checks that o's summary is the one recomputed from its
// whole stored history, and that orders.integration_status agrees with it.
func checkAgainstHistory(t *testing.T, s order.Store, store string, o order.Order) {
	t.Helper()
	want := recompute(history(t, s, store, o.ID))
	if !reflect.DeepEqual(o.Integration, want) {
		t.Errorf("summary:\n got %+v\nwant %+v (recomputed from the history)", o.Integration, want)
	}
	st := o.Integration.Status
	page, err := s.Orders(context.Background(), store, order.OrderFilter{IntegrationStatus: &st, Number: &o.Number,
		Sort: order.SortPlacedDesc, Limit: 10})
	if err != nil || len(page) != 1 {
		t.Errorf("orders.integration_status disagrees with the summary %s: %d rows, %v", st, len(page), err)
	}
}

// history returns every attempt of an order, newest first, page by page.
func history(t testing.TB, s order.Store, store string, id uuid.UUID) []order.Attempt {
	t.Helper()
	var all []order.Attempt
	f := order.AttemptFilter{OrderID: &id, Limit: 7}
	for {
		page, err := s.Attempts(context.Background(), store, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) <= f.Limit {
			return append(all, page...)
		}
		all = append(all, page[:f.Limit]...)
		k := page[f.Limit-1].Key()
		f.After = &k
	}
}

// recompute derives a summary from a whole history, folding it in the order
// it was recorded.
func recompute(history []order.Attempt) order.Summary {
	h := slices.Clone(history)
	slices.SortFunc(h, func(a, b order.Attempt) int { return int(a.Seq - b.Seq) })
	states := map[string]order.SystemState{}
	for _, a := range h {
		var next order.SystemState
		if st, ok := states[a.System]; ok {
			next = order.Apply(&st, a)
		} else {
			next = order.Apply(nil, a)
		}
		states[a.System] = next
	}
	var list []order.SystemState
	for _, st := range states {
		list = append(list, st)
	}
	return order.Summarize(list)
}
