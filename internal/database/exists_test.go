package database_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
)

// TestOrderExists checks the 404 probe of a history: an order of the store
// exists; another store's, or none, does not.
func TestOrderExists(t *testing.T) {
	t.Parallel()
	s := openDB(t).Orders()
	store, other := newStoreID(), newStoreID()
	o := createOrder(t, s, store, "E1", at(0))
	for _, tt := range []struct {
		store string
		id    uuid.UUID
		want  bool
	}{{store, o.ID, true}, {other, o.ID, false}, {store, uuid.Must(uuid.NewV7()), false}} {
		got, err := s.OrderExists(context.Background(), tt.store, tt.id)
		if err != nil || got != tt.want {
			t.Errorf("OrderExists(%s, %s) = %v, %v; want %v", tt.store, tt.id, got, err, tt.want)
		}
	}
}
