package order

import "github.com/google/uuid"

// StateKey names one system's state on one order.
type StateKey struct {
	Order  uuid.UUID
	System string
}

// Fold applies attempts, in their order, to states (the current states of
// their orders), which it updates, and returns the states they touched: a
// store writes those back, and summarizes each order from ByOrder(states).
func Fold(states map[StateKey]SystemState, attempts []*Attempt) (touched map[StateKey]SystemState) {
	touched = make(map[StateKey]SystemState, len(attempts))
	for _, a := range attempts {
		k := StateKey{Order: a.OrderID, System: a.System}
		var next SystemState
		if st, ok := states[k]; ok {
			next = Apply(&st, *a)
		} else {
			next = Apply(nil, *a)
		}
		states[k], touched[k] = next, next
	}
	return touched
}

// ByOrder groups states by their order.
func ByOrder(states map[StateKey]SystemState) map[uuid.UUID][]SystemState {
	byOrder := make(map[uuid.UUID][]SystemState)
	for k, st := range states {
		byOrder[k.Order] = append(byOrder[k.Order], st)
	}
	return byOrder
}
