package database

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/errs"
)

// keyStore implements auth.KeyStore.
type keyStore struct{ db *DB }

// keyRow is a row of api_keys.
type keyRow struct {
	ID         uuid.UUID
	StoreID    string
	Role       string
	System     *string // NULL for keys not bound to a system
	Name       string
	SecretHash []byte
	CreatedAt  time.Time
	RevokedAt  *time.Time
	LastUsedAt *time.Time
}

// TableName tells GORM the table of keyRow.
func (keyRow) TableName() string { return "api_keys" }

// fromKey returns the row of k.
func fromKey(k auth.Key) keyRow {
	r := keyRow{ID: k.ID, StoreID: k.StoreID, Role: string(k.Role), Name: k.Name, SecretHash: k.SecretHash,
		CreatedAt: k.CreatedAt, RevokedAt: k.RevokedAt, LastUsedAt: k.LastUsedAt}
	if k.System != "" {
		r.System = &k.System
	}
	return r
}

// toKey returns the key of r, its times in UTC.
func toKey(r keyRow) auth.Key {
	k := auth.Key{ID: r.ID, StoreID: r.StoreID, Role: auth.Role(r.Role), Name: r.Name, SecretHash: r.SecretHash,
		CreatedAt: r.CreatedAt.UTC(), RevokedAt: utc(r.RevokedAt), LastUsedAt: utc(r.LastUsedAt)}
	if r.System != nil {
		k.System = *r.System
	}
	return k
}

// utc returns t in UTC, or nil.
func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// errKeyNotFound is what an unknown key id gets.
func errKeyNotFound() error { return errs.New(errs.NotFound, "API key not found") }

// CreateKey stores k.
func (s keyStore) CreateKey(ctx context.Context, k auth.Key) error {
	row := fromKey(k)
	return classify(s.db.conn(ctx).Create(&row).Error, "create a key")
}

// Key returns a key by id, revoked or not; NotFound when there is none.
func (s keyStore) Key(ctx context.Context, id uuid.UUID) (auth.Key, error) {
	var row keyRow
	err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return auth.Key{}, errKeyNotFound()
	}
	if err != nil {
		return auth.Key{}, classify(err, "read a key")
	}
	return toKey(row), nil
}

// Keys returns the keys of a store, oldest first.
func (s keyStore) Keys(ctx context.Context, storeID string) ([]auth.Key, error) {
	var rows []keyRow
	if err := s.db.conn(ctx).Where("store_id = ?", storeID).Order("created_at, id").Find(&rows).Error; err != nil {
		return nil, classify(err, "list keys")
	}
	keys := make([]auth.Key, len(rows))
	for i, r := range rows {
		keys[i] = toKey(r)
	}
	return keys, nil
}

// RevokeKey marks a key revoked at at; revoking it again keeps the first
// time. NotFound when there is no such key.
func (s keyStore) RevokeKey(ctx context.Context, id uuid.UUID, at time.Time) error {
	return s.update(ctx, "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1", id, at, "revoke a key")
}

// touchKeySQL records a key's use; GREATEST ignores a NULL last_used_at.
const touchKeySQL = "UPDATE api_keys SET last_used_at = GREATEST(last_used_at, $2) WHERE id = $1"

// TouchKey records that a key was used at at; last_used_at never moves back.
func (s keyStore) TouchKey(ctx context.Context, id uuid.UUID, at time.Time) error {
	return s.update(ctx, s.db.dialect.touchKeySQL, id, at, "touch a key")
}

// update runs a one-key UPDATE; NotFound when it matched no row.
func (s keyStore) update(ctx context.Context, stmt string, id uuid.UUID, at time.Time, action string) error {
	res := s.db.conn(ctx).Exec(stmt, id, at)
	if res.Error != nil {
		return classify(res.Error, action)
	}
	if res.RowsAffected == 0 {
		return errKeyNotFound()
	}
	return nil
}
