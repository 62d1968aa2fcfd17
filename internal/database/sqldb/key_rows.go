package sqldb

import (
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/orders-api/orders-api/internal/auth"
)

// KeyRow is a row of api_keys.
type KeyRow struct {
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

// TableName tells GORM the table of KeyRow.
func (KeyRow) TableName() string { return "api_keys" }

// FromKey returns the row of k.
func FromKey(k auth.Key) KeyRow {
	r := KeyRow{ID: k.ID, StoreID: k.StoreID, Role: string(k.Role), Name: k.Name, SecretHash: k.SecretHash,
		CreatedAt: k.CreatedAt, RevokedAt: k.RevokedAt, LastUsedAt: k.LastUsedAt}
	if k.System != "" {
		r.System = &k.System
	}
	return r
}

// ToKey returns the key of r, its times in UTC.
func ToKey(r KeyRow) auth.Key {
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

// RevokeKeySQL marks a key revoked, keeping the first time: $1 id, $2 time.
const RevokeKeySQL = "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1"

// FindKey reads the key id with GORM; ErrKeyNotFound when there is none.
// Other errors are the driver's, for the engine to classify.
func FindKey(g *gorm.DB, id uuid.UUID) (auth.Key, error) {
	var row KeyRow
	err := g.Where("id = ?", id).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return auth.Key{}, ErrKeyNotFound()
	}
	if err != nil {
		return auth.Key{}, err
	}
	return ToKey(row), nil
}

// StoreKeys reads the keys of a store with GORM, oldest first.
func StoreKeys(g *gorm.DB, storeID string) ([]auth.Key, error) {
	var rows []KeyRow
	if err := g.Where("store_id = ?", storeID).Order("created_at, id").Find(&rows).Error; err != nil {
		return nil, err
	}
	keys := make([]auth.Key, len(rows))
	for i, r := range rows {
		keys[i] = ToKey(r)
	}
	return keys, nil
}

// UpdateKey runs a one-key UPDATE of $1 id, $2 time; ErrKeyNotFound when
// it matched no row.
func UpdateKey(g *gorm.DB, stmt string, id uuid.UUID, at time.Time) error {
	res := g.Exec(stmt, id, at)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return ErrKeyNotFound()
	}
	return nil
}
