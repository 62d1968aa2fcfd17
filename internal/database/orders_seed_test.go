package database_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/orders-api/orders-api/internal/order"
)

// seeded is an order of the list tests with what its filters look at.
type seeded struct {
	order.Order
	systems map[string]order.AttemptStatus
}

// seedOrders stores 30 orders with ties on placed_at and updated_at, every
// status, and histories giving each integration status.
func seedOrders(t *testing.T, s order.Store, store string) []seeded {
	t.Helper()
	var all []seeded
	for i := range 30 {
		o := newOrder(store, fmt.Sprintf("N%02d", i), at(i/3))
		o.Status = order.Statuses[i%len(order.Statuses)]
		o.UpdatedAt = at(100 + (i*7)%10)
		if err := s.CreateOrder(context.Background(), o); err != nil {
			t.Fatal(err)
		}
		systems := [][]string{{"bling:error"}, {"bling:success", "tiny:pending"}, {"tiny:success"}, {}}[i%4]
		sd := seeded{Order: o, systems: map[string]order.AttemptStatus{}}
		for _, sys := range systems {
			name, status, _ := bytes.Cut([]byte(sys), []byte(":"))
			sd.systems[string(name)] = order.AttemptStatus(status)
			record(t, s, store, newAttempt(o, string(name), order.AttemptStatus(status), at(50)))
		}
		all = append(all, sd)
	}
	return all
}

// matches is the Go model of the SPEC 6 filters.
func (sd seeded) matches(f order.OrderFilter) bool {
	overall := order.IntegrationNone
	for _, st := range sd.systems {
		switch {
		case st == order.AttemptError:
			overall = order.IntegrationError
		case st == order.AttemptPending && overall != order.IntegrationError:
			overall = order.IntegrationPending
		case overall == order.IntegrationNone:
			overall = order.IntegrationSuccess
		}
	}
	state, has := order.IntegrationStatus(""), false
	if f.System != nil {
		var st order.AttemptStatus
		st, has = sd.systems[*f.System]
		state = order.IntegrationStatus(st)
	}
	is := f.IntegrationStatus
	switch {
	case f.Status != nil && sd.Status != *f.Status,
		f.System == nil && is != nil && overall != *is,
		f.System != nil && is == nil && !has,
		f.System != nil && is != nil && *is == order.IntegrationNone && has,
		f.System != nil && is != nil && *is != order.IntegrationNone && state != *is,
		f.Number != nil && sd.Number != *f.Number,
		f.PlacedAfter != nil && sd.PlacedAt.Before(*f.PlacedAfter),
		f.PlacedBefore != nil && !sd.PlacedAt.Before(*f.PlacedBefore),
		f.UpdatedAfter != nil && sd.UpdatedAt.Before(*f.UpdatedAfter):
		return false
	}
	return true
}

// expected returns the numbers of the orders matching f, in f.Sort order.
func expected(all []seeded, f order.OrderFilter) []string {
	var keep []order.Order
	for _, sd := range all {
		if sd.matches(f) {
			keep = append(keep, sd.Order)
		}
	}
	slices.SortFunc(keep, func(a, b order.Order) int {
		ka, kb := f.Sort.Key(a), f.Sort.Key(b)
		c := ka.Time.Compare(kb.Time)
		if c == 0 {
			c = bytes.Compare(ka.ID[:], kb.ID[:])
		}
		if f.Sort.Desc() {
			return -c
		}
		return c
	})
	numbers := make([]string, len(keep))
	for i, o := range keep {
		numbers[i] = o.Number
	}
	return numbers
}
