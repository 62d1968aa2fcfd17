// Package auth holds API keys and the caller's identity: how keys are made,
// stored (hashed) and checked, and what each role may do.
package auth

import (
	"context"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/errs"
)

// Role is what a key may do in its store.
type Role string

// Roles.
const (
	RoleAdmin     Role = "admin"     // everything in its store
	RoleReader    Role = "reader"    // read orders and history
	RoleConnector Role = "connector" // read, and post attempts for its own system only
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleReader || r == RoleConnector }

// Identity is the authenticated caller of a request.
type Identity struct {
	KeyID   uuid.UUID
	StoreID string
	Role    Role
	System  string // the connector's system; empty for other roles
	ViaJWT  bool   // signed in with a JWT of the identity provider, not an API key
	Name    string // the key's name, or the JWT's sub; may be empty
}

// Is reports whether the caller has one of roles.
func (id Identity) Is(roles ...Role) bool {
	for _, r := range roles {
		if id.Role == r {
			return true
		}
	}
	return false
}

// SystemFor returns the system an attempt is recorded for: a connector may
// omit it (its own is used) but not name another one.
func (id Identity) SystemFor(requested string) (string, error) {
	if id.Role != RoleConnector {
		return requested, nil
	}
	if requested == "" || requested == id.System {
		return id.System, nil
	}
	return "", errs.New(errs.Forbidden, "this connector key may only record attempts for system %q", id.System)
}

type identityKey struct{}

// WithIdentity returns ctx carrying the caller's identity.
func WithIdentity(ctx context.Context, id Identity) context.Context {
	return context.WithValue(ctx, identityKey{}, id)
}

// FromContext returns the caller's identity, if ctx has one.
func FromContext(ctx context.Context) (Identity, bool) {
	id, ok := ctx.Value(identityKey{}).(Identity)
	return id, ok
}
