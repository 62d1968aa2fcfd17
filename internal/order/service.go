package order

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/errs"
)

var errCanceled = errs.New(errs.Conflict, "a canceled order can't move to another status")

var errOrderNotFound = errs.New(errs.NotFound, "order not found")

// Service applies the business rules of orders and their histories on top of a Store.
type Service struct {
	store Store
	clock func() time.Time
}

// NewService returns a Service over store; clock is the time source (time.Now in production).
func NewService(store Store, clock func() time.Time) *Service {
	return &Service{store: store, clock: clock}
}

// now is the service time: UTC, at the microsecond precision the database keeps.
func (s *Service) now() time.Time { return s.clock().UTC().Truncate(time.Microsecond) }

// storeTime normalises a client time like the database will keep it.
func storeTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// CreateOrder validates in and stores a new order of storeID.
func (s *Service) CreateOrder(ctx context.Context, storeID string, in NewOrder) (Order, error) {
	if err := in.Validate(); err != nil {
		return Order{}, err
	}
	now := s.now()
	o := Order{
		ID: uuid.Must(uuid.NewV7()), StoreID: storeID, Number: in.Number, Status: StatusPending,
		Customer: in.Customer, Currency: "BRL", TotalCents: *in.TotalCents, Items: in.Items,
		PlacedAt: now, CreatedAt: now, UpdatedAt: now, Integration: Summarize(nil),
	}
	if o.Items == nil {
		o.Items = []Item{}
	}
	if in.Status != nil {
		o.Status = *in.Status
	}
	if in.Currency != nil {
		o.Currency = *in.Currency
	}
	if in.PlacedAt != nil {
		o.PlacedAt = storeTime(*in.PlacedAt)
	}
	if err := s.store.CreateOrder(ctx, o); err != nil {
		return Order{}, fmt.Errorf("create order: %w", err)
	}
	return o, nil
}

// Order returns one order of storeID.
func (s *Service) Order(ctx context.Context, storeID string, id uuid.UUID) (Order, error) {
	return s.store.Order(ctx, storeID, id)
}

// UpdateOrder applies p to an order of storeID. updated_at changes only when
// something did.
func (s *Service) UpdateOrder(ctx context.Context, storeID string, id uuid.UUID, p Patch) (Order, error) {
	if err := p.Validate(); err != nil {
		return Order{}, err
	}
	return s.store.UpdateOrder(ctx, storeID, id, func(o *Order) (bool, error) {
		changed, err := p.Apply(o)
		if changed {
			o.UpdatedAt = s.now()
		}
		return changed, err
	})
}

// Orders returns one page of storeID's orders.
func (s *Service) Orders(ctx context.Context, storeID string, f OrderFilter) (OrderPage, error) {
	if f.Sort == "" {
		f.Sort = SortPlacedDesc
	}
	f.Limit = clampLimit(f.Limit)
	orders, err := s.store.Orders(ctx, storeID, f)
	if err != nil {
		return OrderPage{}, fmt.Errorf("list orders: %w", err)
	}
	page := OrderPage{Orders: orders}
	if len(orders) > f.Limit {
		page.Orders = orders[:f.Limit]
		k := f.Sort.Key(page.Orders[f.Limit-1])
		page.Next = &k
	}
	return page, nil
}

// Attempts returns one page of storeID's attempts, newest first. With an
// order id, an order that is not in the store is NotFound. An attempt of
// the store names an order of the store, so only an empty page needs the
// extra query that tells an order without attempts from a missing one.
func (s *Service) Attempts(ctx context.Context, storeID string, f AttemptFilter) (AttemptPage, error) {
	f.Limit = clampLimit(f.Limit)
	attempts, err := s.store.Attempts(ctx, storeID, f)
	if err != nil {
		return AttemptPage{}, fmt.Errorf("list attempts: %w", err)
	}
	if f.OrderID != nil && len(attempts) == 0 {
		if ok, err := s.store.OrderExists(ctx, storeID, *f.OrderID); err != nil {
			return AttemptPage{}, fmt.Errorf("list attempts: %w", err)
		} else if !ok {
			return AttemptPage{}, errOrderNotFound
		}
	}
	page := AttemptPage{Attempts: attempts}
	if len(attempts) > f.Limit {
		page.Attempts = attempts[:f.Limit]
		k := page.Attempts[f.Limit-1].Key()
		page.Next = &k
	}
	return page, nil
}

func clampLimit(n int) int {
	switch {
	case n <= 0:
		return DefaultLimit
	case n > MaxLimit:
		return MaxLimit
	}
	return n
}

// ValidateAttempt returns every problem of in as of the service's clock, as
// one Invalid error, or nil: what RecordAttempt would refuse it for.
func (s *Service) ValidateAttempt(in NewAttempt) error { return in.Validate(s.now()) }

// RecordAttempt validates in and appends it to its order's history, updating
// the order's summary in the same transaction.
func (s *Service) RecordAttempt(ctx context.Context, storeID string, in NewAttempt) (Attempt, error) {
	res, err := s.RecordAttempts(ctx, storeID, []NewAttempt{in})
	if err != nil {
		return Attempt{}, err
	}
	return res[0].Attempt, res[0].Err
}

// Result is the outcome of one attempt of a batch: the stored attempt, or why
// it was not stored.
type Result struct {
	Attempt Attempt
	Err     error
}

// RecordAttempts validates each attempt and stores the valid ones in one
// transaction. It returns one Result per input, in order; the error is for
// failures of the whole batch (the database), when nothing was stored.
func (s *Service) RecordAttempts(ctx context.Context, storeID string, ins []NewAttempt) ([]Result, error) {
	now := s.now()
	results := make([]Result, len(ins))
	var batch []*Attempt
	var index []int
	for i, in := range ins {
		a, err := s.newAttempt(storeID, in, now)
		if err != nil {
			results[i].Err = err
			continue
		}
		results[i].Attempt = a
		batch = append(batch, &results[i].Attempt)
		index = append(index, i)
	}
	if len(batch) == 0 {
		return results, nil
	}
	itemErrs, err := s.store.RecordAttempts(ctx, storeID, batch)
	if err != nil {
		return nil, fmt.Errorf("record attempts: %w", err)
	}
	for j, e := range itemErrs {
		if e != nil {
			results[index[j]] = Result{Err: e}
		}
	}
	return results, nil
}

func (s *Service) newAttempt(storeID string, in NewAttempt, now time.Time) (Attempt, error) {
	if err := in.Validate(now); err != nil {
		return Attempt{}, err
	}
	a := Attempt{
		ID: uuid.Must(uuid.NewV7()), StoreID: storeID, OrderID: in.OrderID, System: in.System,
		Status: in.Status, Action: in.Action, Message: in.Message, ErrorCode: in.ErrorCode,
		ExternalID: in.ExternalID, OccurredAt: now, RecordedAt: now, Details: in.Details, RequestID: in.RequestID,
	}
	if in.OccurredAt != nil {
		a.OccurredAt = storeTime(*in.OccurredAt)
	}
	return a, nil
}
