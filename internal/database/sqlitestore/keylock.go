package sqlitestore

import (
	"slices"
	"sync"
)

// keyLocks are the idempotency locks on SQLite, which has no advisory
// locks: held in this process from Lock to the end of the transaction, like
// PostgreSQL's pg_try_advisory_xact_lock. In process is enough, since the
// embedded database serves one process. Were a second process to serve the
// same file, no outcome would be stored twice all the same: its transaction
// reads the stored outcome only once it holds SQLite's write lock, so it
// replays the first one instead of answering 409.
type keyLocks struct {
	mu   sync.Mutex
	held map[string]struct{}
}

// newKeyLocks returns an empty set of locks.
func newKeyLocks() *keyLocks { return &keyLocks{held: map[string]struct{}{}} }

// tryLock takes (storeID, key) for t, or returns false at once when another
// transaction holds it. A transaction may take a key it holds again.
func (l *keyLocks) tryLock(t *tx, storeID, key string) bool {
	name := storeID + "\x00" + key // a store id is a slug: it never holds NUL
	if slices.Contains(t.keys, name) {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, busy := l.held[name]; busy {
		return false
	}
	l.held[name] = struct{}{}
	t.keys = append(t.keys, name)
	return true
}

// release frees the keys of a transaction that has ended.
func (l *keyLocks) release(names []string) {
	if len(names) == 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, name := range names {
		delete(l.held, name)
	}
}
