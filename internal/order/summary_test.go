package order

import (
	"math/rand/v2"
	"testing"
	"time"
)

func at(min int) time.Time { return time.Date(2026, 11, 26, 14, min, 0, 0, time.UTC) }

func attempt(system string, status AttemptStatus, occurred time.Time, seq int64) Attempt {
	return Attempt{System: system, Status: status, Message: string(status), OccurredAt: occurred, Seq: seq}
}

func TestApply(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		history    []Attempt // in recording order
		wantStatus AttemptStatus
		wantAt     time.Time
		wantCount  int64
	}{
		{"first attempt sets the state", []Attempt{attempt("bling", AttemptError, at(1), 1)}, AttemptError, at(1), 1},
		{"newer attempt replaces", []Attempt{attempt("bling", AttemptError, at(1), 1), attempt("bling", AttemptSuccess, at(2), 2)}, AttemptSuccess, at(2), 2},
		{"late older attempt is counted but does not override", []Attempt{attempt("bling", AttemptSuccess, at(5), 1), attempt("bling", AttemptError, at(1), 2)}, AttemptSuccess, at(5), 2},
		{"tie on occurred_at: the later recorded wins", []Attempt{attempt("bling", AttemptSuccess, at(3), 1), attempt("bling", AttemptError, at(3), 2)}, AttemptError, at(3), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var state *SystemState
			for _, a := range tt.history {
				next := Apply(state, a)
				state = &next
			}
			if state.Status != tt.wantStatus || !state.LastAttemptAt.Equal(tt.wantAt) || state.Attempts != tt.wantCount {
				t.Fatalf("state = %+v, want status %s at %s with %d attempts", *state, tt.wantStatus, tt.wantAt, tt.wantCount)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	t.Parallel()
	state := func(system string, s AttemptStatus, min int) SystemState {
		return SystemState{System: system, Status: s, LastAttemptAt: at(min), Attempts: 1}
	}
	tests := []struct {
		name   string
		states []SystemState
		want   IntegrationStatus
		last   *time.Time
	}{
		{"no system is none", nil, IntegrationNone, nil},
		{"all success", []SystemState{state("bling", AttemptSuccess, 1), state("tiny", AttemptSuccess, 2)}, IntegrationSuccess, ptr(at(2))},
		{"pending beats success", []SystemState{state("bling", AttemptSuccess, 3), state("tiny", AttemptPending, 2)}, IntegrationPending, ptr(at(3))},
		{"error beats pending", []SystemState{state("omie", AttemptPending, 1), state("bling", AttemptError, 2), state("tiny", AttemptSuccess, 9)}, IntegrationError, ptr(at(9))},
		{"error first then success", []SystemState{state("a", AttemptError, 1), state("b", AttemptSuccess, 1)}, IntegrationError, ptr(at(1))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Summarize(tt.states)
			if got.Status != tt.want {
				t.Errorf("status = %s, want %s", got.Status, tt.want)
			}
			if (got.LastAttemptAt == nil) != (tt.last == nil) || got.LastAttemptAt != nil && !got.LastAttemptAt.Equal(*tt.last) {
				t.Errorf("last_attempt_at = %v, want %v", got.LastAttemptAt, tt.last)
			}
			for i := 1; i < len(got.Systems); i++ {
				if got.Systems[i-1].System > got.Systems[i].System {
					t.Errorf("systems not sorted: %v", got.Systems)
				}
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// TestApplyOrderIndependent checks the property the summary promises: the
// state is the same whatever order the attempts arrive in, and equals the one
// computed from the whole history.
func TestApplyOrderIndependent(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	statuses := []AttemptStatus{AttemptPending, AttemptSuccess, AttemptError}
	for round := range 200 {
		n := 1 + rng.IntN(12)
		history := make([]Attempt, n)
		for i := range history {
			history[i] = attempt("bling", statuses[rng.IntN(3)], at(rng.IntN(4)), 0)
		}
		rng.Shuffle(n, func(i, j int) { history[i], history[j] = history[j], history[i] })
		var state *SystemState
		best := -1
		for i := range history {
			history[i].Seq = int64(i + 1) // recording order is arrival order
			next := Apply(state, history[i])
			state = &next
			if best < 0 || !history[i].OccurredAt.Before(history[best].OccurredAt) {
				best = i
			}
		}
		want := history[best]
		if state.Status != want.Status || state.LastSeq != want.Seq || state.Attempts != int64(n) {
			t.Fatalf("round %d: state %+v, want the attempt %+v with %d attempts", round, *state, want, n)
		}
	}
}
