package demo_test

import (
	"context"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/database"
	"github.com/orders-api/orders-api/internal/demo"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/testdb"
)

// newService returns the order service on a fresh database of the run's
// backend (TEST_DB).
func newService(t *testing.T) *order.Service {
	t.Helper()
	db, err := database.Open(t.Context(), testdb.NewFor(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return order.NewService(db.Orders(), time.Now)
}

// TestSeed seeds twice: the second seeds nothing and finds the same store.
// Every seeded summary is the one recomputed from its history, and the
// histories have what the demo promises.
func TestSeed(t *testing.T) {
	t.Parallel()
	svc, ctx, now := newService(t), context.Background(), time.Now()
	first, err := demo.Seed(ctx, svc, now)
	if err != nil {
		t.Fatal(err)
	}
	if !first.Seeded || first.Orders != 300 || first.Attempts < 600 || first.Showcase == uuid.Nil {
		t.Fatalf("first seed: %+v, want 300 orders, hundreds of attempts, a showcase", first)
	}
	second, err := demo.Seed(ctx, svc, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if second.Seeded || second.Orders != first.Orders || second.Attempts != first.Attempts || second.Showcase != first.Showcase {
		t.Fatalf("second seed: %+v, want nothing seeded and the same store as %+v", second, first)
	}
	var seen facts
	for _, o := range allOrders(t, svc) {
		history := allAttempts(t, svc, o.ID)
		if got, want := o.Integration, replay(history); !reflect.DeepEqual(got, want) {
			t.Errorf("order %s: summary\n %+v\nwant, from its history,\n %+v", o.Number, got, want)
		}
		seen.add(t, o, history, now)
	}
	seen.check(t)
}

// replay recomputes a summary from a history, in recording order.
func replay(history []order.Attempt) order.Summary {
	sort.Slice(history, func(i, j int) bool { return history[i].Seq < history[j].Seq })
	states := map[string]order.SystemState{}
	for _, a := range history {
		if st, ok := states[a.System]; ok {
			states[a.System] = order.Apply(&st, a)
		} else {
			states[a.System] = order.Apply(nil, a)
		}
	}
	list := make([]order.SystemState, 0, len(states))
	for _, st := range states {
		list = append(list, st)
	}
	return order.Summarize(list)
}

// cpf is the form of a customer's document.
var cpf = regexp.MustCompile(`^\d{3}\.\d{3}\.\d{3}-\d{2}$`)

// facts are what the data set shows, counted over its orders.
type facts struct {
	systems, attemptStatuses, orderStates, messages map[string]bool
	retriedToSuccess, outOfOrder                    int
}

// add counts the facts of one order and its history.
func (f *facts) add(t *testing.T, o order.Order, history []order.Attempt, now time.Time) {
	t.Helper()
	if f.systems == nil {
		f.systems, f.attemptStatuses, f.orderStates, f.messages = map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	}
	if o.PlacedAt.Before(now.Add(-31*24*time.Hour)) || o.PlacedAt.After(now) {
		t.Errorf("order %s placed at %v, want within the last 30 days", o.Number, o.PlacedAt)
	}
	if d := o.Customer.Document; d != nil && !cpf.MatchString(*d) {
		t.Errorf("order %s: document %q is not a CPF", o.Number, *d)
	}
	f.orderStates[string(o.Integration.Status)] = true
	failed := map[string]bool{}
	for _, a := range history { // newest first
		f.systems[a.System], f.attemptStatuses[string(a.Status)], f.messages[a.Message] = true, true, true
		if a.Status == order.AttemptError {
			failed[a.System] = true
		}
	}
	for _, st := range o.Integration.Systems {
		if st.Status == order.AttemptSuccess && failed[st.System] {
			f.retriedToSuccess++
		}
		for _, a := range history {
			if a.System == st.System && a.Seq > st.LastSeq && a.OccurredAt.Before(st.LastAttemptAt) {
				f.outOfOrder++ // recorded after the state's attempt, but older: it did not replace it
				break
			}
		}
	}
}

// check fails t unless the data set shows everything the demo promises.
func (f *facts) check(t *testing.T) {
	t.Helper()
	for name, set := range map[string]map[string]bool{"system": f.systems, "attempt status": f.attemptStatuses,
		"integration status": f.orderStates} {
		want := map[string][]string{"system": {"bling", "tiny", "omie"}, "attempt status": {"pending", "success", "error"},
			"integration status": {"none", "pending", "success", "error"}}[name]
		for _, w := range want {
			if !set[w] {
				t.Errorf("no %s %q in the demo data", name, w)
			}
		}
	}
	for _, m := range []string{"Cliente sem CPF: campo obrigatório no ERP", "Token de acesso expirado", "NF-e autorizada",
		"Pedido importado com sucesso"} {
		if !f.messages[m] {
			t.Errorf("no attempt says %q", m)
		}
	}
	product := false
	for m := range f.messages {
		product = product || (strings.HasPrefix(m, "Produto ") && strings.HasSuffix(m, " não encontrado no Bling"))
	}
	if !product {
		t.Error(`no attempt says "Produto ... não encontrado no Bling"`)
	}
	if f.retriedToSuccess < 10 || f.outOfOrder < 5 {
		t.Errorf("%d retries ending in success, %d out-of-order arrivals; want some of each", f.retriedToSuccess, f.outOfOrder)
	}
}

// allOrders returns every order of the demo store.
func allOrders(t *testing.T, svc *order.Service) []order.Order {
	t.Helper()
	var out []order.Order
	f := order.OrderFilter{Limit: order.MaxLimit}
	for {
		page, err := svc.Orders(context.Background(), demo.StoreID, f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page.Orders...)
		if page.Next == nil {
			return out
		}
		f.After = page.Next
	}
}

// allAttempts returns the whole history of an order of the demo store.
func allAttempts(t *testing.T, svc *order.Service, id uuid.UUID) []order.Attempt {
	t.Helper()
	var out []order.Attempt
	f := order.AttemptFilter{OrderID: &id, Limit: order.MaxLimit}
	for {
		page, err := svc.Attempts(context.Background(), demo.StoreID, f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page.Attempts...)
		if page.Next == nil {
			return out
		}
		f.After = page.Next
	}
}
