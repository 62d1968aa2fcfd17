package main

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/order"
)

// The shape of the data set (SPEC 8): three systems, about 10% of the
// orders failing on one of them, 90 days of occurred_at.
var systems = []string{"bling", "tiny", "omie"}

const (
	storeID      = "bench"
	span         = 90 * 24 * time.Hour
	failingShare = 0.10
	pendingShare = 0.03
)

// dataset is a generated store: orders in placed order, attempts in
// recording order (seq 1..n), and the states and summaries they give.
type dataset struct {
	orders   []genOrder
	attempts []genAttempt
	states   []genState
}

// genOrder is one order; its summary is filled from its attempts.
type genOrder struct {
	id       uuid.UUID
	number   string
	status   string
	placed   time.Time
	updated  time.Time
	items    []byte
	total    int64
	summary  order.Summary
	nSystems int
}

// genAttempt is one attempt, kept small: there are a million of them.
type genAttempt struct {
	id       uuid.UUID
	order    int32
	system   uint8
	status   order.AttemptStatus
	variant  uint8
	occurred time.Time
	recorded time.Time
	seq      int64
}

// genState is one (order, system) state.
type genState struct {
	order int32
	state order.SystemState
	// firstSuccess is the earliest success's occurred_at (first_success_at,
	// which the record path keeps and the statistics read), or nil.
	firstSuccess *time.Time
}

// generate builds nOrders orders with exactly nAttempts attempts in all,
// deterministically from seed, with every time before now.
func generate(nOrders, nAttempts int, now time.Time, seed uint64) dataset {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	start := now.Add(-span)
	counts := attemptCounts(r, nOrders, nAttempts)
	d := dataset{orders: make([]genOrder, nOrders), attempts: make([]genAttempt, 0, nAttempts)}
	placed := make([]time.Time, nOrders)
	for i := range placed {
		placed[i] = start.Add(time.Duration(r.Int64N(int64(span - 48*time.Hour)))).Truncate(time.Millisecond)
	}
	slices.SortFunc(placed, func(a, b time.Time) int { return a.Compare(b) })
	for i := range d.orders {
		d.orders[i] = newGenOrder(r, i, placed[i])
		d.attempts = appendHistory(d.attempts, r, int32(i), &d.orders[i], counts[i])
	}
	slices.SortFunc(d.attempts, func(a, b genAttempt) int { return a.recorded.Compare(b.recorded) })
	for i := range d.attempts {
		d.attempts[i].seq = int64(i + 1)
		d.attempts[i].id = uuidV7(d.attempts[i].recorded, r)
	}
	d.states = summarize(d)
	return d
}

// attemptCounts gives each order 1-19 attempts (10 on average), nAttempts in all.
func attemptCounts(r *rand.Rand, nOrders, nAttempts int) []int {
	counts := make([]int, nOrders)
	total := 0
	for i := range counts {
		counts[i] = 1 + r.IntN(19)
		total += counts[i]
	}
	for total != nAttempts {
		i := r.IntN(nOrders)
		switch {
		case total < nAttempts && counts[i] < 40:
			counts[i]++
			total++
		case total > nAttempts && counts[i] > 1:
			counts[i]--
			total--
		}
	}
	return counts
}

var orderStatuses = []string{"pending", "paid", "invoiced", "shipped", "delivered", "canceled"}

func newGenOrder(r *rand.Rand, i int, placed time.Time) genOrder {
	o := genOrder{id: uuidV7(placed, r), number: fmt.Sprintf("B%07d", i+1), placed: placed,
		status: orderStatuses[r.IntN(len(orderStatuses))], nSystems: 1 + r.IntN(len(systems))}
	o.updated = placed.Add(time.Duration(r.Int64N(int64(72 * time.Hour)))).Truncate(time.Microsecond)
	o.items, o.total = genItems(r)
	return o
}

// genItems returns 1-3 order lines as the service stores them, and their total.
func genItems(r *rand.Rand) ([]byte, int64) {
	n := 1 + r.IntN(3)
	b := []byte{'['}
	var total int64
	for j := range n {
		if j > 0 {
			b = append(b, ',')
		}
		qty, price := int64(1+r.IntN(3)), int64(990+r.IntN(20000))
		total += qty * price
		b = fmt.Appendf(b, `{"sku":"SKU-%05d","name":"Produto %d","quantity":%d,"unit_price_cents":%d}`,
			r.IntN(100000), r.IntN(1000), qty, price)
	}
	return append(b, ']'), total
}

// appendHistory appends the n attempts of order oi: each system of the order
// gets a run of attempts in time order that ends with its final status.
func appendHistory(out []genAttempt, r *rand.Rand, oi int32, o *genOrder, n int) []genAttempt {
	k := min(o.nSystems, n)
	o.nSystems = k
	final := make([]order.AttemptStatus, k)
	for s := range final {
		final[s] = order.AttemptSuccess
	}
	switch x := r.Float64(); {
	case x < failingShare:
		final[r.IntN(k)] = order.AttemptError
	case x < failingShare+pendingShare:
		final[r.IntN(k)] = order.AttemptPending
	}
	offsets := make([]time.Duration, n)
	for j := range offsets {
		offsets[j] = time.Duration(r.Int64N(int64(48 * time.Hour)))
	}
	slices.Sort(offsets)
	first := r.IntN(len(systems)) // the order's systems: k consecutive ones
	perSystem := make([]int, k)
	for j := range n {
		perSystem[j%k]++
	}
	seen := make([]int, k)
	for j := range n {
		s := j % k
		seen[s]++
		status := final[s]
		if seen[s] < perSystem[s] {
			status = []order.AttemptStatus{order.AttemptPending, order.AttemptError}[r.IntN(2)]
		}
		occurred := o.placed.Add(time.Minute + offsets[j]).Truncate(time.Millisecond)
		out = append(out, genAttempt{order: oi, system: uint8((first + s) % len(systems)), status: status,
			variant: uint8(r.IntN(3)), occurred: occurred,
			recorded: occurred.Add(time.Duration(50+r.IntN(450)) * time.Millisecond)})
	}
	return out
}

// summarize applies the attempts, in recording order, with the service's own
// rules (order.Apply, order.Summarize), and sets each order's summary.
func summarize(d dataset) []genState {
	type key struct {
		order  int32
		system uint8
	}
	states := map[key]*order.SystemState{}
	firsts := map[key]time.Time{}
	for _, a := range d.attempts {
		k := key{a.order, a.system}
		next := order.Apply(states[k], a.domain())
		states[k] = &next
		if f, ok := firsts[k]; a.status == order.AttemptSuccess && (!ok || a.occurred.Before(f)) {
			firsts[k] = a.occurred
		}
	}
	byOrder := make([][]order.SystemState, len(d.orders))
	out := make([]genState, 0, len(states))
	for k, st := range states {
		byOrder[k.order] = append(byOrder[k.order], *st)
		g := genState{order: k.order, state: *st}
		if f, ok := firsts[k]; ok {
			g.firstSuccess = &f
		}
		out = append(out, g)
	}
	for i := range d.orders {
		d.orders[i].summary = order.Summarize(byOrder[i])
	}
	slices.SortFunc(out, func(a, b genState) int {
		if a.order != b.order {
			return int(a.order - b.order)
		}
		return cmpString(a.state.System, b.state.System)
	})
	return out
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// domain returns a as an order.Attempt, with what order.Apply looks at.
func (a genAttempt) domain() order.Attempt {
	return order.Attempt{System: systems[a.system], Status: a.status, Message: message(a.status, a.variant),
		ErrorCode: errorCode(a.status, a.variant), OccurredAt: a.occurred, Seq: a.seq}
}

var (
	messages = map[order.AttemptStatus][3]string{
		order.AttemptSuccess: {"Pedido exportado para o ERP", "Nota fiscal emitida", "Pedido atualizado no ERP"},
		order.AttemptPending: {"Aguardando retorno do ERP", "Na fila do conector", "Reenvio agendado"},
		order.AttemptError: {"Cliente sem CPF: campo obrigatório no ERP", "SKU desconhecido no ERP",
			"Tempo esgotado ao chamar o ERP"},
	}
	errorCodes = [3]string{"customer.document_missing", "product.sku_unknown", "erp.timeout"}
)

func message(s order.AttemptStatus, variant uint8) string { return messages[s][variant] }

func errorCode(s order.AttemptStatus, variant uint8) *string {
	if s != order.AttemptError {
		return nil
	}
	return &errorCodes[variant]
}

// details is the JSON details of an error attempt (NULL otherwise).
func details(s order.AttemptStatus, variant uint8) []byte {
	if s != order.AttemptError {
		return nil
	}
	return fmt.Appendf(nil, `{"http_status":422,"response":"{\"erro\":\"%s\"}"}`, errorCodes[variant])
}

// uuidV7 returns a version 7 UUID of time t, as the service makes them.
func uuidV7(t time.Time, r *rand.Rand) uuid.UUID {
	var u uuid.UUID
	binary.BigEndian.PutUint64(u[8:], r.Uint64())
	binary.BigEndian.PutUint64(u[0:], uint64(t.UnixMilli())<<16|uint64(r.Uint32()&0x0fff))
	u[6] = 0x70 | u[6]&0x0f
	u[8] = 0x80 | u[8]&0x3f
	return u
}
