package order

import (
	"sort"
	"time"
)

// IntegrationStatus is an order's overall integration state.
type IntegrationStatus string

// Overall integration states. None means no attempt was ever recorded.
const (
	IntegrationNone    IntegrationStatus = "none"
	IntegrationPending IntegrationStatus = "pending"
	IntegrationSuccess IntegrationStatus = "success"
	IntegrationError   IntegrationStatus = "error"
)

// Valid reports whether s is a known integration status.
func (s IntegrationStatus) Valid() bool {
	switch s {
	case IntegrationNone, IntegrationPending, IntegrationSuccess, IntegrationError:
		return true
	}
	return false
}

// Summary is an order's integration state, derived from its history.
type Summary struct {
	Status        IntegrationStatus
	LastAttemptAt *time.Time
	Systems       []SystemState // sorted by System
}

// SystemState is one system's state on one order: the attempt with the latest
// OccurredAt (ties: the one recorded last), and how many attempts it has.
type SystemState struct {
	System        string
	Status        AttemptStatus
	Message       string
	ErrorCode     *string
	LastAttemptAt time.Time // OccurredAt of the state's attempt
	LastSeq       int64     // Seq of the state's attempt
	Attempts      int64
}

// supersededBy reports whether a is newer than the state's attempt: a later
// OccurredAt, or the same OccurredAt recorded later.
func (s SystemState) supersededBy(a Attempt) bool {
	if !a.OccurredAt.Equal(s.LastAttemptAt) {
		return a.OccurredAt.After(s.LastAttemptAt)
	}
	return a.Seq > s.LastSeq
}

// Apply returns the state after attempt a is recorded. state is nil when the
// system had no attempt on the order. A late attempt older than the state
// counts, but does not change the state.
func Apply(state *SystemState, a Attempt) SystemState {
	if state == nil {
		return SystemState{System: a.System, Status: a.Status, Message: a.Message, ErrorCode: a.ErrorCode,
			LastAttemptAt: a.OccurredAt, LastSeq: a.Seq, Attempts: 1}
	}
	next := *state
	next.Attempts++
	if state.supersededBy(a) {
		next.Status, next.Message, next.ErrorCode = a.Status, a.Message, a.ErrorCode
		next.LastAttemptAt, next.LastSeq = a.OccurredAt, a.Seq
	}
	return next
}

// Summarize derives the order's summary from its systems' states: error if
// any system's state is error, else pending if any is pending, else success
// if there is at least one system, else none.
func Summarize(states []SystemState) Summary {
	sum := Summary{Status: IntegrationNone, Systems: append([]SystemState(nil), states...)}
	sort.Slice(sum.Systems, func(i, j int) bool { return sum.Systems[i].System < sum.Systems[j].System })
	for _, s := range sum.Systems {
		switch {
		case s.Status == AttemptError:
			sum.Status = IntegrationError
		case s.Status == AttemptPending && sum.Status != IntegrationError:
			sum.Status = IntegrationPending
		case sum.Status == IntegrationNone:
			sum.Status = IntegrationSuccess
		}
		if sum.LastAttemptAt == nil || s.LastAttemptAt.After(*sum.LastAttemptAt) {
			t := s.LastAttemptAt
			sum.LastAttemptAt = &t
		}
	}
	return sum
}
