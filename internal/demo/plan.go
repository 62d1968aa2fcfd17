package demo

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/order"
)

// Size of the data set: a few hundred orders over the last 30 days.
const (
	orderCount = 300
	window     = 30 * 24 * time.Hour
	firstOrder = 100001 // the store's first order number
)

// dataSeed makes the data set the same on every machine, relative to now.
const dataSeed = 20261126

// justPlaced is how many of the newest orders have no attempt yet.
const justPlaced = 3

// planned is one order of the data set and its history.
type planned struct {
	in    order.NewOrder
	fixed *string // a CPF added after the ERP refused the order without one
	steps []step  // in arrival order
}

// step is one integration attempt of a planned order.
type step struct {
	at      time.Time
	system  string
	status  order.AttemptStatus
	action  string
	message string
	code    string // error_code, or ""
	details map[string]any
	ext     string // external_id, or ""
	late    bool   // arrives after the steps that follow it
}

// erp is one of the demo's ERPs, with how it names and numbers things.
type erp struct {
	system, name string
	idDigits     int
	nfe          bool // it also issues the NF-e
}

// erps are the systems the demo store sends orders to.
var erps = [...]erp{
	{"bling", "Bling", 11, true}, {"tiny", "Tiny", 9, true}, {"omie", "Omie", 10, false},
}

// plan returns the data set as of now, newest order last.
func plan(now time.Time) []planned {
	rng := rand.New(rand.NewPCG(dataSeed, dataSeed))
	placed := make([]time.Time, orderCount)
	for i := range placed {
		placed[i] = now.Add(-time.Duration(rng.Int64N(int64(window)))).Truncate(time.Second)
	}
	sort.Slice(placed, func(i, j int) bool { return placed[i].Before(placed[j]) })
	for i := range justPlaced { // the newest, placed seconds ago: not sent to any ERP yet
		placed[orderCount-1-i] = now.Add(-time.Duration(20*(i+1)) * time.Second).Truncate(time.Second)
	}
	out := make([]planned, orderCount)
	for i, at := range placed {
		out[i] = planOrder(rng, firstOrder+i, at, now)
	}
	return out
}

// planOrder returns one order placed at placed and its history up to now.
func planOrder(rng *rand.Rand, number int, placed, now time.Time) planned {
	e := erps[pick(rng, 50, 30, 20)]
	kind := pick(rng, 38, 12, 8, 8, 8, 6, 6, 6, 8)
	p := planned{in: order.NewOrder{Number: fmt.Sprint(number), PlacedAt: &placed, Items: newItems(rng)}}
	p.in.Customer = newCustomer(rng, kind != 3 && kind != 4)
	total := int64(0)
	for _, it := range p.in.Items {
		total += it.Quantity * it.UnitPriceCents
	}
	if total < 19900 {
		total += 1990 // shipping, free from R$ 199
	}
	p.in.TotalCents = &total
	h := history{rng: rng, e: e, placed: placed, sku: p.in.Items[0].SKU, number: number}
	switch kind {
	case 0: // sent and imported
		h.exported(2 * time.Minute)
	case 1: // the token expired; the connector renewed it and retried
		h.fail(time.Minute, "Token de acesso expirado", "auth.token_expired", 401)
		h.exported(6 * time.Minute)
	case 2: // throttled, then imported on the next try
		h.fail(time.Minute, "Limite de requisições excedido; nova tentativa em 60 s", "rate_limited", 429)
		h.exported(3 * time.Minute)
	case 3: // no CPF: refused until support added it, then imported
		h.fail(time.Minute, "Cliente sem CPF: campo obrigatório no ERP", "customer.document_missing", 422)
		cpf := newCPF(rng)
		p.fixed = &cpf
		h.exported(5 * time.Hour)
	case 4: // no CPF, not fixed yet: sent, then refused on every retry
		h.sent()
		for i := range 1 + rng.IntN(3) {
			h.fail(time.Duration(1+i*30)*time.Minute, "Cliente sem CPF: campo obrigatório no ERP", "customer.document_missing", 422)
		}
	case 5: // a product the ERP does not know: sent, then refused on every retry
		h.sent()
		for i := range 1 + rng.IntN(3) {
			h.fail(time.Duration(1+i*15)*time.Minute, fmt.Sprintf("Produto %s não encontrado no %s", h.sku, e.name), "product.not_found", 422)
		}
	case 6: // the ERP was down; a pending retry, then imported
		h.fail(time.Minute, fmt.Sprintf("Serviço do %s indisponível (HTTP 503)", e.name), "erp.unavailable", 503)
		h.add(step{at: placed.Add(20 * time.Minute), status: order.AttemptPending, action: "order.export",
			message: fmt.Sprintf("Nova tentativa agendada; aguardando o %s", e.name)})
		h.exported(45 * time.Minute)
	case 7: // imported; a slow pending confirmation arrives after the success
		h.add(step{at: placed.Add(time.Minute), status: order.AttemptPending, action: "order.export",
			message: fmt.Sprintf("Pedido enviado ao %s; aguardando confirmação", e.name), late: true})
		h.exported(3 * time.Minute)
	case 8: // sent, not confirmed yet
		h.add(step{at: placed.Add(2 * time.Minute), status: order.AttemptPending, action: "order.export",
			message: fmt.Sprintf("Aguardando processamento no %s", e.name)})
	}
	p.steps = h.upTo(now.Add(-time.Minute))
	p.in.Status = statusOf(rng, p.steps, placed, now)
	return p
}

// pick returns an index drawn with the given weights.
func pick(rng *rand.Rand, weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := rng.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

// history builds the steps of one order with its ERP.
type history struct {
	rng    *rand.Rand
	e      erp
	placed time.Time
	sku    string
	number int
	steps  []step
}

// add appends s, for the order's ERP, 0 to 50 s later than planned.
func (h *history) add(s step) {
	s.system = h.e.system
	s.at = s.at.Add(time.Duration(h.rng.IntN(50_000_000)) * time.Microsecond)
	h.steps = append(h.steps, s)
}

// sent adds the pending send that the ERP's checks later refuse.
func (h *history) sent() {
	h.add(step{at: h.placed.Add(5 * time.Second), status: order.AttemptPending, action: "order.export",
		message: fmt.Sprintf("Pedido enviado ao %s; aguardando confirmação", h.e.name)})
}

// fail adds an error after d, with the ERP's response in the details.
func (h *history) fail(d time.Duration, message, code string, status int) {
	h.add(step{at: h.placed.Add(d), status: order.AttemptError, action: "order.export", message: message, code: code,
		details: map[string]any{"http_status": status, "response": map[string]any{"erros": []string{message}}}})
}

// exported adds the ERP's import after d and, a day later, the NF-e.
func (h *history) exported(d time.Duration) {
	id := digits(h.rng, h.e.idDigits)
	h.add(step{at: h.placed.Add(d), status: order.AttemptSuccess, action: "order.export",
		message: "Pedido importado com sucesso", ext: id, details: map[string]any{"http_status": 201, "id": id}})
	if !h.e.nfe {
		return
	}
	nfe := h.placed.Add(d + 20*time.Hour)
	if h.number%9 == 0 { // SEFAZ rejects a few at first
		h.add(step{at: nfe, status: order.AttemptError, action: "invoice.issue", code: "nfe.rejected",
			message: "Rejeição 539: Duplicidade de NF-e com diferença na chave de acesso",
			details: map[string]any{"http_status": 422, "cStat": 539}})
		nfe = nfe.Add(40 * time.Minute)
	}
	key := "3526" + digits(h.rng, 40)
	h.add(step{at: nfe, status: order.AttemptSuccess, action: "invoice.issue", message: "NF-e autorizada", ext: key,
		details: map[string]any{"cStat": 100, "chave": key}})
}

// upTo returns the steps that happened before cutoff, in arrival order:
// by time, except that a late step arrives after all the others.
func (h *history) upTo(cutoff time.Time) []step {
	var on, late []step
	for _, s := range h.steps {
		switch {
		case s.at.After(cutoff):
		case s.late:
			late = append(late, s)
		default:
			on = append(on, s)
		}
	}
	sort.SliceStable(on, func(i, j int) bool { return on[i].at.Before(on[j].at) })
	return append(on, late...)
}

// statusOf returns the commercial status of an order with steps, placed at
// placed: paid while the ERP has not taken it, then invoiced, shipped and
// delivered as days go by; a few are canceled.
func statusOf(rng *rand.Rand, steps []step, placed, now time.Time) *order.Status {
	age := now.Sub(placed)
	imported, invoiced := false, false
	for _, s := range steps {
		imported = imported || (s.action == "order.export" && s.status == order.AttemptSuccess)
		invoiced = invoiced || (s.action == "invoice.issue" && s.status == order.AttemptSuccess)
	}
	st := order.StatusPaid
	switch {
	case rng.IntN(25) == 0:
		st = order.StatusCanceled
	case len(steps) == 0 && age < time.Hour:
		st = order.StatusPending
	case invoiced && age > 6*24*time.Hour:
		st = order.StatusDelivered
	case invoiced && age > 2*24*time.Hour:
		st = order.StatusShipped
	case invoiced:
		st = order.StatusInvoiced
	case imported && age > 3*24*time.Hour:
		st = order.StatusShipped
	}
	return &st
}

// attempt returns the new attempt of s on the order id.
func (s step) attempt(id uuid.UUID) order.NewAttempt {
	a := order.NewAttempt{OrderID: id, System: s.system, Status: s.status, Message: s.message, OccurredAt: &s.at}
	if s.action != "" {
		a.Action = &s.action
	}
	if s.code != "" {
		a.ErrorCode = &s.code
	}
	if s.ext != "" {
		a.ExternalID = &s.ext
	}
	if s.details != nil {
		a.Details, _ = json.Marshal(s.details) // maps of strings and numbers always marshal
	}
	return a
}
