package database

import (
	"context"
	"encoding/json"
	"sync"

	"github.com/orders-api/orders-api/internal/errs"
)

// hub wakes the long polls of one process, by store and system. On SQLite
// the stores publish to it directly; on PostgreSQL the listener publishes
// what NOTIFY brought, from any replica.
type hub struct {
	mu   sync.Mutex
	subs map[hubKey]map[chan struct{}]struct{}
}

// hubKey is a store and a system.
type hubKey struct{ store, system string }

func newHub() *hub { return &hub{subs: make(map[hubKey]map[chan struct{}]struct{})} }

// Subscribe returns a channel that receives after requests of the store
// and system may have become leasable; cancel stops it.
func (h *hub) Subscribe(storeID, system string) (<-chan struct{}, func()) {
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

// publish wakes every subscriber of the store and system, without blocking.
func (h *hub) publish(storeID, system string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs[hubKey{storeID, system}] {
		select {
		case ch <- struct{}{}:
		default: // already woken
		}
	}
}

// wakeAll wakes every subscriber: after the listener lost notifications.
func (h *hub) wakeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, subs := range h.subs {
		for ch := range subs {
			select {
			case ch <- struct{}{}:
			default:
			}
		}
	}
}

// notifyChannel is the LISTEN/NOTIFY channel of leasable requests.
const notifyChannel = "integration_requests"

// notifySQL sends one notification, delivered when the transaction
// commits (and not at all if it rolls back).
const notifySQL = `SELECT pg_notify('` + notifyChannel + `', $1)`

// notify tells long polls that requests of the store and system may be
// leasable: on PostgreSQL a NOTIFY in ctx's transaction, seen by every
// replica at its commit; on SQLite the hub at once (a woken lease then
// waits for the one writer, so it runs after this commit).
func (rs *RequestStore) notify(ctx context.Context, storeID, system string) error {
	if !rs.db.onPostgres() {
		rs.hub.publish(storeID, system)
		return nil
	}
	payload, _ := json.Marshal([2]string{storeID, system}) // strings always marshal
	err := rs.db.conn(ctx).Exec(notifySQL, string(payload)).Error
	return classify(err, "notify")
}

// decodeNotification returns the store and system of a payload.
func decodeNotification(payload string) (string, string, bool) {
	var v [2]string
	if err := json.Unmarshal([]byte(payload), &v); err != nil {
		return "", "", false
	}
	return v[0], v[1], true
}

// errBusyRequest is the 503 of a request whose order and system changed
// under three tries in a row.
func errBusyRequest() error {
	return &errs.Error{Code: errs.Unavailable, Detail: "the integration request is busy; try again",
		RetryAfter: retryAfter}
}
