// Package demo seeds a demo store with realistic orders and integration
// histories, for the frontend team and for newcomers (orders-api serve
// --demo): about 300 orders placed over the last 30 days by customers with
// Brazilian names and CPFs, sent to Bling, Tiny and Omie, with the ERPs'
// own messages in Portuguese, pending, successful and failed attempts,
// retries that end in success, and attempts that arrive out of order.
//
// It seeds through order.Service, like the API does, so that every summary
// is the one the history gives. The data set is the same on every run,
// relative to the time of seeding.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/order"
)

// StoreID is the demo store.
const StoreID = "demo"

// batchSize is how many attempts go to the service at once.
const batchSize = 250

// Result describes the demo store after Seed.
type Result struct {
	Seeded   bool // false when the store had orders already: nothing was added
	Orders   int
	Attempts int64
	// Showcase is a failing order with several attempts, to look at first.
	Showcase uuid.UUID
}

// Seed stores the data set, as of now, in StoreID through svc, unless the
// store has orders already: seeding is done once, and a second call only
// describes the store.
func Seed(ctx context.Context, svc *order.Service, now time.Time) (Result, error) {
	page, err := svc.Orders(ctx, StoreID, order.OrderFilter{Limit: 1})
	if err != nil {
		return Result{}, fmt.Errorf("demo: %w", err)
	}
	if len(page.Orders) == 0 {
		if err := seed(ctx, svc, plan(now)); err != nil {
			return Result{}, fmt.Errorf("demo: %w", err)
		}
	}
	res, err := Describe(ctx, svc)
	res.Seeded = len(page.Orders) == 0
	return res, err
}

// seed creates the orders of p, then records their attempts in batches, in
// rounds: each order's first arrival, then each one's second, and so on, so
// that histories interleave as they would from connectors.
func seed(ctx context.Context, svc *order.Service, p []planned) error {
	ids := make([]uuid.UUID, len(p))
	for i, po := range p {
		o, err := svc.CreateOrder(ctx, StoreID, po.in)
		if err != nil {
			return fmt.Errorf("create order %s: %w", po.in.Number, err)
		}
		ids[i] = o.ID
		if po.fixed != nil {
			fix := order.Patch{Customer: &order.CustomerPatch{Document: order.Optional[*string]{Set: true, Value: po.fixed}}}
			if _, err := svc.UpdateOrder(ctx, StoreID, o.ID, fix); err != nil {
				return fmt.Errorf("add the CPF of order %s: %w", po.in.Number, err)
			}
		}
	}
	var batch []order.NewAttempt
	for round := 0; ; round++ {
		more := false
		for i, po := range p {
			if round < len(po.steps) {
				batch, more = append(batch, po.steps[round].attempt(ids[i])), true
			}
		}
		if !more || len(batch) >= batchSize {
			if err := record(ctx, svc, batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
		if !more {
			return nil
		}
	}
}

// record stores one batch of attempts; any refused attempt is an error.
func record(ctx context.Context, svc *order.Service, batch []order.NewAttempt) error {
	if len(batch) == 0 {
		return nil
	}
	results, err := svc.RecordAttempts(ctx, StoreID, batch)
	if err != nil {
		return fmt.Errorf("record attempts: %w", err)
	}
	for i, r := range results {
		if r.Err != nil {
			return fmt.Errorf("record attempt %q of %s: %w", batch[i].Message, batch[i].System, r.Err)
		}
	}
	return nil
}

// Describe counts the demo store's orders and attempts, and picks the
// showcase: the newest failing order with at least three attempts.
func Describe(ctx context.Context, svc *order.Service) (Result, error) {
	var res Result
	f := order.OrderFilter{Limit: order.MaxLimit}
	for {
		page, err := svc.Orders(ctx, StoreID, f)
		if err != nil {
			return Result{}, fmt.Errorf("demo: %w", err)
		}
		for _, o := range page.Orders {
			res.Orders++
			var n int64
			for _, s := range o.Integration.Systems {
				n += s.Attempts
			}
			res.Attempts += n
			if res.Showcase == uuid.Nil && o.Integration.Status == order.IntegrationError && n >= 3 {
				res.Showcase = o.ID
			}
		}
		if page.Next == nil {
			return res, nil
		}
		f.After = page.Next
	}
}
