package request

import "sync"

// Hub wakes the long polls of one process, by store and system: it is the
// Notifier of both engines. On SQLite the store publishes to it directly;
// on PostgreSQL the LISTEN session publishes what NOTIFY brought, from any
// replica.
type Hub struct {
	mu   sync.Mutex
	subs map[hubKey]map[chan struct{}]struct{}
}

// hubKey is a store and a system.
type hubKey struct{ store, system string }

// NewHub returns a hub without subscribers.
func NewHub() *Hub { return &Hub{subs: make(map[hubKey]map[chan struct{}]struct{})} }

// Subscribe returns a channel that receives after requests of the store
// and system may have become leasable; cancel stops it.
func (h *Hub) Subscribe(storeID, system string) (<-chan struct{}, func()) {
	k, ch := hubKey{storeID, system}, make(chan struct{}, 1)
	h.mu.Lock()
	if h.subs[k] == nil {
		h.subs[k] = make(map[chan struct{}]struct{})
	}
	h.subs[k][ch] = struct{}{}
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		delete(h.subs[k], ch)
		if len(h.subs[k]) == 0 {
			delete(h.subs, k)
		}
		h.mu.Unlock()
	}
}

// Publish wakes every subscriber of the store and system, without blocking.
func (h *Hub) Publish(storeID, system string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs[hubKey{storeID, system}] {
		wake(ch)
	}
}

// WakeAll wakes every subscriber: after notifications were lost.
func (h *Hub) WakeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, subs := range h.subs {
		for ch := range subs {
			wake(ch)
		}
	}
}

// wake sends on ch unless it is already woken.
func wake(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

var _ Notifier = (*Hub)(nil)
