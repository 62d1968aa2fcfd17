// Package idempotency holds what makes a retried POST safe: the stored
// outcome of a request under its Idempotency-Key, and the store that keeps it.
package idempotency

import (
	"context"
	"crypto/sha256"
	"time"
)

// MaxKeyLength is the longest Idempotency-Key accepted.
const MaxKeyLength = 255

// Retention is how long outcomes are kept at least: Expire deletes them
// once they are older, in the servers' background purge and in the
// retention command alike. The contract promises it (kept at least 24
// hours); no other cut-off exists.
const Retention = 24 * time.Hour

// Response is the stored outcome of a successful request, replayed to retries.
type Response struct {
	Fingerprint []byte
	Status      int
	ContentType string
	Location    string
	Body        []byte
	CreatedAt   time.Time
}

// Store keeps outcomes by (store, key). Its methods run in the transaction
// carried by ctx (see the database package's InTx), so that an outcome is
// committed with the data it describes, or not at all.
type Store interface {
	// InTx runs fn in one database transaction, carried by the ctx given to fn.
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	// Lock takes the key for the rest of the transaction. It returns false at
	// once when another transaction holds it (a request still in flight).
	Lock(ctx context.Context, storeID, key string) (bool, error)
	// Response returns the stored outcome, or nil when there is none.
	Response(ctx context.Context, storeID, key string) (*Response, error)
	// SaveResponse stores the outcome of the request holding the key.
	SaveResponse(ctx context.Context, storeID, key string, r Response) error
	// Purge deletes up to limit outcomes created before before, and returns how many it deleted.
	Purge(ctx context.Context, before time.Time, limit int) (int64, error)
}

// Fingerprint identifies a request: its method, path and body, given in a
// form where key order and white space don't count (httpapi writes a JSON
// body so, from the parse its handlers reuse), or byte for byte when the
// body is not JSON.
func Fingerprint(method, path string, body []byte) []byte {
	h := sha256.New()
	h.Write([]byte(method + " " + path + "\n"))
	h.Write(body)
	return h.Sum(nil)
}
