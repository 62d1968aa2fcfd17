package pgstore

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/database/sqldb"
)

// keyStore implements auth.KeyStore on PostgreSQL.
type keyStore struct{ db *DB }

// CreateKey stores k.
func (s keyStore) CreateKey(ctx context.Context, k auth.Key) error {
	row := sqldb.FromKey(k)
	return Classify(s.db.conn(ctx).Create(&row).Error, "create a key")
}

// Key returns a key by id, revoked or not; NotFound when there is none.
func (s keyStore) Key(ctx context.Context, id uuid.UUID) (auth.Key, error) {
	k, err := sqldb.FindKey(s.db.conn(ctx), id)
	return k, Classify(err, "read a key")
}

// Keys returns the keys of a store, oldest first.
func (s keyStore) Keys(ctx context.Context, storeID string) ([]auth.Key, error) {
	keys, err := sqldb.StoreKeys(s.db.conn(ctx), storeID)
	if err != nil {
		return nil, Classify(err, "list keys")
	}
	return keys, nil
}

// RevokeKey marks a key revoked at at; revoking it again keeps the first
// time. NotFound when there is no such key.
func (s keyStore) RevokeKey(ctx context.Context, id uuid.UUID, at time.Time) error {
	return Classify(sqldb.UpdateKey(s.db.conn(ctx), sqldb.RevokeKeySQL, id, at), "revoke a key")
}

// touchKeySQL records a key's use; GREATEST ignores a NULL last_used_at.
const touchKeySQL = "UPDATE api_keys SET last_used_at = GREATEST(last_used_at, $2) WHERE id = $1"

// TouchKey records that a key was used at at; last_used_at never moves back.
func (s keyStore) TouchKey(ctx context.Context, id uuid.UUID, at time.Time) error {
	return Classify(sqldb.UpdateKey(s.db.conn(ctx), touchKeySQL, id, at), "touch a key")
}
