package request

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/order"
)

// Lease limits (SPEC 9.3).
const (
	DefaultLeaseLimit = 10
	MaxLeaseLimit     = 100
	DefaultLease      = 300 * time.Second
	MinLease          = 5 * time.Second
	MaxLease          = 3600 * time.Second
	MaxWait           = 20 * time.Second
	MaxDelay          = 86400 * time.Second
)

// LeaseAsk is a lease call: up to Limit requests of System for LeaseFor,
// waiting up to Wait when none can be leased now.
type LeaseAsk struct {
	System   string
	Limit    int
	LeaseFor time.Duration
	Wait     time.Duration
}

// Lease leases requests of a.System to the caller. When none can be leased
// and a.Wait > 0 it waits until one can (a notification from any replica,
// or the next poll) or the time is up; waiting holds no database
// connection.
func (s *Service) Lease(ctx context.Context, storeID string, a LeaseAsk) ([]Grant, error) {
	if a.Limit <= 0 {
		a.Limit = DefaultLeaseLimit
	}
	if a.LeaseFor <= 0 {
		a.LeaseFor = DefaultLease
	}
	got, err := s.leaseNow(ctx, storeID, a)
	if err != nil || len(got) > 0 || a.Wait <= 0 {
		return got, err
	}
	wake, cancel := s.subscribe(storeID, a.System)
	defer cancel()
	deadline := time.NewTimer(a.Wait)
	defer deadline.Stop()
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	for {
		if got, err = s.leaseNow(ctx, storeID, a); err != nil || len(got) > 0 { // after subscribing: no lost wake-up
			return got, err
		}
		select {
		case <-ctx.Done():
			return []Grant{}, nil
		case <-deadline.C:
			return []Grant{}, nil
		case <-s.draining:
			return []Grant{}, nil
		case <-wake:
		case <-tick.C:
		}
	}
}

// subscribe returns the notifier's channel, or one that never fires.
func (s *Service) subscribe(storeID, system string) (<-chan struct{}, func()) {
	if s.notifier == nil {
		return nil, func() {}
	}
	return s.notifier.Subscribe(storeID, system)
}

// leaseNow is one lease statement.
func (s *Service) leaseNow(ctx context.Context, storeID string, a LeaseAsk) ([]Grant, error) {
	now := s.now()
	tokens := make([]string, a.Limit)
	hashes := make([][]byte, a.Limit)
	for i := range tokens {
		tokens[i], hashes[i] = NewToken()
	}
	got, err := s.store.Lease(ctx, storeID, LeaseParams{System: a.System, Limit: a.Limit, Now: now,
		Until: now.Add(a.LeaseFor), Hashes: hashes, MaxDeliveries: s.cfg.MaxDeliveries})
	if err != nil {
		return nil, fmt.Errorf("lease integration requests: %w", err)
	}
	for i := range got {
		got[i].Token = tokens[i]
	}
	return got, nil
}

// Holder is who releases or extends a lease: its system must be the
// request's, unless empty (an admin).
type Holder struct {
	System string
}

// Release gives a leased request back: queued again, leasable after delay.
// When that lease was its last allowed delivery, it is given up instead.
func (s *Service) Release(ctx context.Context, storeID string, id uuid.UUID, h Holder, token string,
	delay time.Duration) (Request, error) {
	if err := s.checkHolder(ctx, storeID, id, h); err != nil {
		return Request{}, err
	}
	now := s.now()
	r, err := s.store.Release(ctx, storeID, id, HashToken(token), now, func(r Request) (Request, *order.Attempt) {
		r.LeasedUntil = nil
		if r.Deliveries >= s.cfg.MaxDeliveries {
			r.State, r.CompletedAt, r.AvailableAt = Failed, &now, now
			return r, AbandonedAttempt(r, MaxDeliveries, s.cfg.MaxDeliveries, now)
		}
		r.State, r.AvailableAt = Queued, now.Add(delay)
		return r, nil
	})
	if err != nil {
		return Request{}, err
	}
	return r.At(now), nil
}

// Extend keeps a connector's lease: leased until now + leaseFor.
func (s *Service) Extend(ctx context.Context, storeID string, id uuid.UUID, h Holder, token string,
	leaseFor time.Duration) (Request, error) {
	if err := s.checkHolder(ctx, storeID, id, h); err != nil {
		return Request{}, err
	}
	now := s.now()
	r, err := s.store.Extend(ctx, storeID, id, HashToken(token), now, now.Add(leaseFor))
	if err != nil {
		return Request{}, err
	}
	return r.At(now), nil
}

// checkHolder returns NotFound for a request not in the store, Forbidden
// for a connector of another system.
func (s *Service) checkHolder(ctx context.Context, storeID string, id uuid.UUID, h Holder) error {
	if h.System == "" {
		return nil
	}
	r, err := s.store.Request(ctx, storeID, id)
	if err != nil {
		return err
	}
	if r.System != h.System {
		return errForbiddenSystem(h.System)
	}
	return nil
}

// ErrStaleLease is the Conflict of a token that is not the request's
// current unexpired lease; storage returns it.
func ErrStaleLease() error { return errStaleLease }

// ErrNotFound is the NotFound of a request not in the store.
func ErrNotFound() error { return errNotFound }

// Sweep puts expired leases back and gives up what the rules say, once per
// request whatever the number of replicas sweeping.
func (s *Service) Sweep(ctx context.Context, limit int) (SweepResult, error) {
	now := s.now()
	res, err := s.store.Sweep(ctx, SweepParams{Now: now, MaxDeliveries: s.cfg.MaxDeliveries,
		CreatedBefore: now.Add(-s.cfg.TTL), Limit: limit})
	if err != nil {
		return res, fmt.Errorf("sweep integration requests: %w", err)
	}
	return res, nil
}

// MaxDeliveries is the configured number of leases a request gets.
func (s *Service) MaxDeliveries() int { return s.cfg.MaxDeliveries }
