package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/order"
)

// tokenPrefix marks orders-api keys, so that secret scanners can find leaked ones.
const tokenPrefix = "oak_"

// Key is a stored API key. The secret itself is never stored, only its SHA-256.
type Key struct {
	ID         uuid.UUID
	StoreID    string
	Role       Role
	System     string
	Name       string
	SecretHash []byte
	CreatedAt  time.Time
	RevokedAt  *time.Time
	LastUsedAt *time.Time
}

// KeyStore keeps API keys.
type KeyStore interface {
	CreateKey(ctx context.Context, k Key) error
	// Key returns a key by id, revoked or not; NotFound when there is none.
	Key(ctx context.Context, id uuid.UUID) (Key, error)
	Keys(ctx context.Context, storeID string) ([]Key, error)
	// RevokeKey marks a key revoked at at; NotFound when there is none.
	RevokeKey(ctx context.Context, id uuid.UUID, at time.Time) error
	// TouchKey records that a key was used at at.
	TouchKey(ctx context.Context, id uuid.UUID, at time.Time) error
}

// NewKey is what an operator gives to create a key.
type NewKey struct {
	StoreID string
	Role    Role
	System  string
	Name    string
}

// Keys creates, lists, revokes and checks API keys. It caches checked keys
// for at most cacheTTL, so a revocation takes effect within that time on
// every replica.
type Keys struct {
	store    KeyStore
	clock    func() time.Time
	cacheTTL time.Duration

	mu    sync.Mutex
	cache map[uuid.UUID]cachedKey
}

type cachedKey struct {
	key       Key
	fetchedAt time.Time
}

// NewKeys returns a Keys over store. cacheTTL bounds how long a revoked key
// may still be accepted.
func NewKeys(store KeyStore, clock func() time.Time, cacheTTL time.Duration) *Keys {
	return &Keys{store: store, clock: clock, cacheTTL: cacheTTL, cache: map[uuid.UUID]cachedKey{}}
}

// Create stores a new key and returns it with its secret token, which is
// shown only this once.
func (ks *Keys) Create(ctx context.Context, in NewKey) (Key, string, error) {
	if err := in.Validate(); err != nil {
		return Key{}, "", err
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return Key{}, "", fmt.Errorf("auth: read random: %w", err)
	}
	encoded := base64.RawURLEncoding.EncodeToString(secret)
	k := Key{ID: uuid.Must(uuid.NewV7()), StoreID: in.StoreID, Role: in.Role, System: in.System, Name: in.Name,
		SecretHash: hashSecret(encoded), CreatedAt: ks.clock().UTC().Truncate(time.Microsecond)}
	if err := ks.store.CreateKey(ctx, k); err != nil {
		return Key{}, "", fmt.Errorf("auth: create key: %w", err)
	}
	return k, tokenPrefix + hex.EncodeToString(k.ID[:]) + "_" + encoded, nil
}

// Validate reports every field of in that Create would refuse, as an
// errs.Invalid error naming them; the CLI checks its flags with it before
// it opens the database.
func (in NewKey) Validate() error {
	var fields []errs.FieldError
	if !order.ValidSlug(in.StoreID) {
		fields = append(fields, errs.FieldError{Field: "store", Message: "must be a lowercase slug (a-z, 0-9, '.', '_', '-') of at most 64 characters"})
	}
	if !in.Role.Valid() {
		fields = append(fields, errs.FieldError{Field: "role", Message: "must be admin, reader or connector"})
	}
	switch {
	case in.Role == RoleConnector && !order.ValidSlug(in.System):
		fields = append(fields, errs.FieldError{Field: "system", Message: "a connector key needs the slug of its system"})
	case in.Role != RoleConnector && in.System != "":
		fields = append(fields, errs.FieldError{Field: "system", Message: "only a connector key is bound to a system"})
	}
	if len(in.Name) > 200 || strings.IndexByte(in.Name, 0) >= 0 {
		fields = append(fields, errs.FieldError{Field: "name", Message: "must be at most 200 characters without NUL"})
	}
	return errs.Fields(fields)
}

// List returns the keys of a store, without secrets.
func (ks *Keys) List(ctx context.Context, storeID string) ([]Key, error) {
	return ks.store.Keys(ctx, storeID)
}

// Revoke revokes a key; it is refused everywhere within the cache TTL.
func (ks *Keys) Revoke(ctx context.Context, id uuid.UUID) error {
	return ks.store.RevokeKey(ctx, id, ks.clock().UTC())
}

var errBadKey = errs.New(errs.Unauthorized, "the API key is missing, malformed, unknown or revoked")

// Authenticate returns the identity of the key whose token is given.
func (ks *Keys) Authenticate(ctx context.Context, token string) (Identity, error) {
	id, secret, ok := parseToken(token)
	if !ok {
		return Identity{}, errBadKey
	}
	k, err := ks.lookup(ctx, id)
	if err != nil {
		if errs.CodeOf(err) == errs.NotFound {
			return Identity{}, errBadKey
		}
		return Identity{}, err
	}
	if subtle.ConstantTimeCompare(hashSecret(secret), k.SecretHash) != 1 || k.RevokedAt != nil {
		return Identity{}, errBadKey
	}
	return Identity{KeyID: k.ID, StoreID: k.StoreID, Role: k.Role, System: k.System, Name: k.Name}, nil
}

// lookup returns the key from the cache, or from the store when the cached
// copy is older than the TTL; a store read also records the key's use.
func (ks *Keys) lookup(ctx context.Context, id uuid.UUID) (Key, error) {
	now := ks.clock()
	ks.mu.Lock()
	c, ok := ks.cache[id]
	ks.mu.Unlock()
	if ok && now.Sub(c.fetchedAt) < ks.cacheTTL {
		return c.key, nil
	}
	k, err := ks.store.Key(ctx, id)
	if err != nil {
		return Key{}, err
	}
	if k.RevokedAt == nil && (k.LastUsedAt == nil || now.Sub(*k.LastUsedAt) > time.Minute) {
		if err := ks.store.TouchKey(ctx, id, now.UTC()); err != nil {
			return Key{}, fmt.Errorf("auth: touch key: %w", err)
		}
	}
	ks.mu.Lock()
	if len(ks.cache) > 100_000 {
		clear(ks.cache) // a bound against floods of distinct valid-looking ids
	}
	ks.cache[id] = cachedKey{key: k, fetchedAt: now}
	ks.mu.Unlock()
	return k, nil
}

func parseToken(token string) (uuid.UUID, string, bool) {
	rest, ok := strings.CutPrefix(token, tokenPrefix)
	if !ok {
		return uuid.Nil, "", false
	}
	idHex, secret, ok := strings.Cut(rest, "_")
	raw, err := hex.DecodeString(idHex)
	if !ok || err != nil || len(raw) != 16 || len(secret) != 43 {
		return uuid.Nil, "", false
	}
	return uuid.UUID(raw), secret, true
}

func hashSecret(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}
