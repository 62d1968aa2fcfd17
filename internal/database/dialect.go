package database

import (
	"context"

	"github.com/google/uuid"
	"github.com/pressly/goose/v3"

	"github.com/orders-api/orders-api/internal/order"
)

// dialect is what differs between the two databases the package speaks,
// chosen once by Open: a few statement texts, how RecordAttempts writes a
// batch, when a transaction begins, and the migrations. Everything else (the
// GORM rows, the list queries with their numbered placeholders, which both
// drivers bind by position, the summary logic) is shared.
type dialect struct {
	// lazyBegin starts a transaction at its first statement instead of in
	// inTx. SQLite has one writer, so a transaction waits for it when it
	// begins; lazily, an idempotency key is locked (in process) before that
	// wait, and a request whose key is in flight gets its 409 at once.
	lazyBegin bool

	// forUpdate is the locking clause of UpdateOrder's read. SQLite needs
	// none: its write transactions already exclude each other.
	forUpdate string

	statesSQL     string // an order's states: $1 store, $2 the order ids
	lockOrdersSQL string // RecordAttempts' orders: $1 store, $2 the order ids
	purgeSQL      string // idempotency purge: $1 created before, $2 limit
	touchKeySQL   string // a key's last use, never moving back: $1 id, $2 time
	deleteOldSQL  string // retention's batch, oldest first: $1 store, $2 cutoff, $3 limit

	// record is RecordAttempts in its transaction. PostgreSQL inserts the
	// attempts whose order is in the store before it locks those orders
	// (recordInsertingFirst), so that concurrent batches hold the orders'
	// locks for less time, and sends arrays in one statement each; SQLite,
	// whose write transactions exclude each other, reads the orders first
	// and, in process, runs one short statement per row (recordRows).
	record func(s orderStore, ctx context.Context, storeID string, attempts []*order.Attempt,
		results []error) error
	// writeStates writes the states and summaries that record changed.
	writeStates func(s orderStore, ctx context.Context, storeID string, touched map[order.StateKey]order.SystemState,
		locked map[uuid.UUID]lockedOrder, changed map[uuid.UUID]order.Summary) error

	migrations  string        // the folder of its migrations in the embedded FS
	goose       goose.Dialect // goose's name for it
	sessionLock bool          // replicas migrating at once take turns on a session lock
}

// postgresDialect is PostgreSQL's: row locks, arrays, advisory locks.
func postgresDialect() dialect {
	return dialect{
		forUpdate:     "FOR UPDATE",
		statesSQL:     statesSQL,
		lockOrdersSQL: lockOrdersSQL,
		purgeSQL:      purgeSQL,
		touchKeySQL:   touchKeySQL,
		deleteOldSQL:  deleteOldAttemptsSQL,
		record:        orderStore.recordInsertingFirst,
		writeStates:   orderStore.writeStates,
		migrations:    "migrations/postgres",
		goose:         goose.DialectPostgres,
		sessionLock:   true,
	}
}
