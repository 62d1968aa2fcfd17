package order

import (
	"testing"

	"github.com/google/uuid"
)

// TestFold: a batch over two orders updates their states in input order,
// reports only the states it touched, and ByOrder gives every state of
// those orders, untouched ones included.
func TestFold(t *testing.T) {
	t.Parallel()
	o1, o2 := uuid.New(), uuid.New()
	on := func(o uuid.UUID, a Attempt) *Attempt { a.OrderID = o; return &a }
	states := map[StateKey]SystemState{
		{Order: o1, System: "bling"}: Apply(nil, attempt("bling", AttemptSuccess, at(5), 1)),
		{Order: o1, System: "tiny"}:  Apply(nil, attempt("tiny", AttemptError, at(1), 2)),
	}
	touched := Fold(states, []*Attempt{
		on(o1, attempt("bling", AttemptError, at(2), 3)),  // late and older: counted, no new state
		on(o2, attempt("omie", AttemptPending, at(3), 4)), // a first state
		on(o2, attempt("omie", AttemptSuccess, at(4), 5)), // then a newer one in the same batch
	})
	bling, omie := touched[StateKey{Order: o1, System: "bling"}], touched[StateKey{Order: o2, System: "omie"}]
	if len(touched) != 2 || bling.Status != AttemptSuccess || bling.Attempts != 2 ||
		omie.Status != AttemptSuccess || omie.Attempts != 2 {
		t.Fatalf("touched = %+v", touched)
	}
	if states[StateKey{Order: o2, System: "omie"}] != omie {
		t.Error("Fold did not update states")
	}
	byOrder := ByOrder(states)
	if len(byOrder) != 2 || len(byOrder[o1]) != 2 || len(byOrder[o2]) != 1 {
		t.Errorf("ByOrder = %+v, want o1 with bling and tiny, o2 with omie", byOrder)
	}
}
