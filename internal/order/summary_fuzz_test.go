package order

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"
)

// history decodes fuzz input into attempts in arrival order, three bytes
// each: system (of 3), status, and occurred_at (of 4 minutes, so that ties
// are common). Seq is the arrival position, as storage assigns it.
func history(data []byte) []Attempt {
	systems := []string{"bling", "omie", "tiny"}
	statuses := []AttemptStatus{AttemptPending, AttemptSuccess, AttemptError}
	var out []Attempt
	for i := 0; i+2 < len(data) && len(out) < 200; i += 3 {
		code := fmt.Sprint("c", len(out))
		out = append(out, Attempt{System: systems[int(data[i])%3], Status: statuses[int(data[i+1])%3],
			Message: fmt.Sprint("attempt ", len(out)), ErrorCode: &code,
			OccurredAt: time.Date(2026, 11, 26, 14, int(data[i+2])%4, 0, 0, time.UTC), Seq: int64(len(out) + 1)})
	}
	return out
}

// incremental is the summary as the service keeps it: Apply per arrival.
func incremental(arrivals []Attempt) Summary {
	states := map[string]*SystemState{}
	for _, a := range arrivals {
		next := Apply(states[a.System], a)
		states[a.System] = &next
	}
	var list []SystemState
	for _, s := range states {
		list = append(list, *s)
	}
	return Summarize(list)
}

// recomputed is SPEC 5.3 read directly, from the whole history at once.
func recomputed(all []Attempt) Summary {
	sum := Summary{Status: IntegrationNone, Systems: []SystemState{}}
	bySystem := map[string][]Attempt{}
	for _, a := range all {
		bySystem[a.System] = append(bySystem[a.System], a)
		if sum.LastAttemptAt == nil || a.OccurredAt.After(*sum.LastAttemptAt) {
			t := a.OccurredAt
			sum.LastAttemptAt = &t
		}
	}
	rank := map[AttemptStatus]int{AttemptSuccess: 1, AttemptPending: 2, AttemptError: 3}
	overall := map[int]IntegrationStatus{0: IntegrationNone, 1: IntegrationSuccess, 2: IntegrationPending, 3: IntegrationError}
	worst := 0
	for system, as := range bySystem {
		latest := slices.MaxFunc(as, func(a, b Attempt) int {
			if c := a.OccurredAt.Compare(b.OccurredAt); c != 0 {
				return c
			}
			return int(a.Seq - b.Seq)
		})
		sum.Systems = append(sum.Systems, SystemState{System: system, Status: latest.Status, Message: latest.Message,
			ErrorCode: latest.ErrorCode, LastAttemptAt: latest.OccurredAt, LastSeq: latest.Seq, Attempts: int64(len(as))})
		worst = max(worst, rank[latest.Status])
	}
	slices.SortFunc(sum.Systems, func(a, b SystemState) int { return compareStrings(a.System, b.System) })
	sum.Status = overall[worst]
	return sum
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// FuzzSummary: whatever the arrival order, the summary kept attempt by
// attempt equals the one recomputed from the whole history (SPEC 5.3).
func FuzzSummary(f *testing.F) {
	f.Add([]byte{0, 2, 1, 0, 1, 0})             // an older success arrives after a newer error
	f.Add([]byte{0, 1, 3, 0, 2, 3})             // a tie on occurred_at: the one recorded last wins
	f.Add([]byte{0, 1, 0, 1, 0, 1, 2, 2, 2})    // three systems: error beats pending beats success
	f.Add([]byte{1, 0, 3, 1, 1, 2, 1, 2, 1, 1}) // trailing bytes are ignored
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		arrivals := history(data)
		got, want := incremental(arrivals), recomputed(arrivals)
		if got.Systems == nil {
			got.Systems = []SystemState{}
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("incremental summary %+v\nrecomputed %+v", got, want)
		}
		// Another arrival order of the same attempts (re-recorded, so new
		// Seqs) ends in the same summary when occurred_at has no ties.
		reversed := slices.Clone(arrivals)
		slices.Reverse(reversed)
		for i := range reversed {
			reversed[i].Seq = int64(i + 1)
		}
		if !hasTies(arrivals) {
			back := incremental(reversed)
			for i := range back.Systems {
				back.Systems[i].LastSeq = got.Systems[i].LastSeq
			}
			if back.Systems == nil {
				back.Systems = []SystemState{}
			}
			if !reflect.DeepEqual(back, got) {
				t.Fatalf("reversed arrival order: %+v\nwant %+v", back, got)
			}
		}
	})
}

// hasTies reports whether two attempts of one system share occurred_at.
func hasTies(as []Attempt) bool {
	seen := map[string]bool{}
	for _, a := range as {
		k := a.System + a.OccurredAt.String()
		if seen[k] {
			return true
		}
		seen[k] = true
	}
	return false
}
