package auth

import (
	"context"
	"crypto/ecdsa"
	"crypto/rsa"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/order"
)

// JWT settings that are not configurable: the algorithms the identity
// provider may sign with, the clock skew tolerated on exp, nbf and iat, and
// the longest token considered at all.
const (
	JWTLeeway      = 30 * time.Second
	maxTokenLength = 8 << 10
)

// jwtMethods are the only accepted algorithms: asymmetric, so that a
// verifying key can never sign. "none" and HS256 (with the public key as the
// secret) are refused by the parser before any key is looked at.
var jwtMethods = []string{jwt.SigningMethodRS256.Alg(), jwt.SigningMethodES256.Alg()}

// subjectSpace namespaces the rate-limit identities derived from tokens.
var subjectSpace = uuid.MustParse("8d0b6c52-2f0c-4f5e-9a4c-6f1f2b7f1f6e")

// TokenConfig says which JWTs of the platform's identity provider are
// accepted: signed by one of Keys, issued by Issuer, for Audience.
type TokenConfig struct {
	Keys     KeySet
	Issuer   string
	Audience string
}

// Tokens verifies the admin SPA's JWTs (Authorization: Bearer <JWT>). It
// is an Authenticator, like Keys.
type Tokens struct {
	keys   KeySet
	parser *jwt.Parser
}

// NewTokens returns a verifier of tokens signed by cfg.Keys, with iss and aud
// required to match, exp required, and JWTLeeway of clock skew; clock is the
// time source (time.Now in production).
func NewTokens(cfg TokenConfig, clock func() time.Time) (*Tokens, error) {
	if len(cfg.Keys) == 0 || cfg.Issuer == "" || cfg.Audience == "" {
		return nil, errors.New("auth: a token verifier needs keys, an issuer and an audience")
	}
	p := jwt.NewParser(jwt.WithValidMethods(jwtMethods), jwt.WithExpirationRequired(), jwt.WithLeeway(JWTLeeway),
		jwt.WithIssuer(cfg.Issuer), jwt.WithAudience(cfg.Audience), jwt.WithIssuedAt(), jwt.WithTimeFunc(clock),
		jwt.WithStrictDecoding())
	return &Tokens{keys: cfg.Keys, parser: p}, nil
}

// tokenClaims are the claims orders-api reads: the registered ones, and the
// caller's store and role.
type tokenClaims struct {
	jwt.RegisteredClaims
	Store string `json:"store"`
	Role  Role   `json:"role"`
}

var (
	errBadToken     = errs.New(errs.Unauthorized, "the bearer token is not a valid token of this API: check its signature, issuer, audience and claims")
	errExpiredToken = errs.New(errs.Unauthorized, "the bearer token has expired; sign in again")
	errTokenClaims  = errs.New(errs.Unauthorized, "the bearer token lacks a valid store or role (admin or reader) claim")
)

// Authenticate returns the identity of a valid token: its store and role,
// and a KeyID derived from (store, sub), so each signed-in user has a rate
// limit of their own.
func (t *Tokens) Authenticate(_ context.Context, token string) (Identity, error) {
	if len(token) > maxTokenLength {
		return Identity{}, errBadToken
	}
	var c tokenClaims
	if _, err := t.parser.ParseWithClaims(token, &c, t.keyFor); err != nil {
		if errors.Is(err, jwt.ErrTokenExpired) {
			return Identity{}, errs.Wrap(errs.Unauthorized, err, errExpiredToken.Detail)
		}
		return Identity{}, errs.Wrap(errs.Unauthorized, err, errBadToken.Detail)
	}
	if !order.ValidSlug(c.Store) || (c.Role != RoleAdmin && c.Role != RoleReader) {
		return Identity{}, errTokenClaims
	}
	return Identity{KeyID: uuid.NewSHA1(subjectSpace, []byte(c.Store+"\x00"+c.Subject)), StoreID: c.Store, Role: c.Role, ViaJWT: true, Name: c.Subject}, nil
}

// keyFor returns the keys that may have signed token: the one its kid
// names, or, without a kid, every key of the algorithm's type.
func (t *Tokens) keyFor(token *jwt.Token) (any, error) {
	kid, _ := token.Header["kid"].(string)
	var set jwt.VerificationKeySet
	for _, k := range t.keys {
		if k.fits(token.Method.Alg()) && (kid == "" || k.ID == "" || k.ID == kid) {
			set.Keys = append(set.Keys, k.Key)
		}
	}
	if len(set.Keys) == 0 {
		return nil, fmt.Errorf("auth: no %s key with kid %q", token.Method.Alg(), kid)
	}
	return set, nil
}

// PublicKey is one verifying key of the identity provider: an RSA key (at
// least 2048 bits) for RS256 or a P-256 key for ES256.
type PublicKey struct {
	ID  string // the JWKS kid; empty for a PEM key, which matches any kid
	Key any    // *rsa.PublicKey or *ecdsa.PublicKey
}

// KeySet is the identity provider's verifying keys.
type KeySet []PublicKey

// fits reports whether k verifies alg.
func (k PublicKey) fits(alg string) bool {
	switch key := k.Key.(type) {
	case *rsa.PublicKey:
		return alg == jwt.SigningMethodRS256.Alg()
	case *ecdsa.PublicKey:
		return alg == jwt.SigningMethodES256.Alg() && key.Curve.Params().Name == "P-256"
	}
	return false
}
