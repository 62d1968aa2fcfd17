package auth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/orders-api/orders-api/internal/errs"
)

// now is the fixed clock of the token tests.
var now = time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)

// idp is a test identity provider: an RSA and a P-256 signing key.
type idp struct {
	rsa *rsa.PrivateKey
	ec  *ecdsa.PrivateKey
}

func newIDP(t testing.TB) idp {
	t.Helper()
	r, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	e, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return idp{rsa: r, ec: e}
}

// jwks is the provider's public JWKS document.
func (p idp) jwks() []byte {
	b64 := base64.RawURLEncoding.EncodeToString
	doc := map[string]any{"keys": []map[string]any{
		{"kty": "RSA", "kid": "r1", "use": "sig", "alg": "RS256", "n": b64(p.rsa.N.Bytes()), "e": b64(big.NewInt(int64(p.rsa.E)).Bytes())},
		{"kty": "EC", "kid": "e1", "crv": "P-256", "x": b64(p.ec.X.FillBytes(make([]byte, 32))), "y": b64(p.ec.Y.FillBytes(make([]byte, 32)))},
		{"kty": "oct", "kid": "h1", "k": "c2VjcmV0"},                         // skipped: symmetric
		{"kty": "RSA", "kid": "enc", "use": "enc", "n": "AQAB", "e": "AQAB"}, // skipped: not for signatures
	}}
	b, _ := json.Marshal(doc)
	return b
}

// claims are valid claims, changed by over (a nil value removes the claim).
func claims(over map[string]any) jwt.MapClaims {
	c := jwt.MapClaims{"iss": "https://id.example.com", "aud": "orders-api", "sub": "user-1", "store": "acme",
		"role": "admin", "exp": now.Add(5 * time.Minute).Unix(), "iat": now.Add(-time.Minute).Unix()}
	for k, v := range over {
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	return c
}

func sign(t testing.TB, method jwt.SigningMethod, key any, kid string, c jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, c)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// unsigned returns a token with alg none and no signature.
func unsigned(c jwt.MapClaims) string {
	enc := func(v any) string { b, _ := json.Marshal(v); return base64.RawURLEncoding.EncodeToString(b) }
	return enc(map[string]string{"alg": "none", "typ": "JWT"}) + "." + enc(c) + "."
}

func newVerifier(t testing.TB, keys KeySet) *Tokens {
	t.Helper()
	v, err := NewTokens(TokenConfig{Keys: keys, Issuer: "https://id.example.com", Audience: "orders-api"}, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestTokens(t *testing.T) {
	t.Parallel()
	p, other := newIDP(t), newIDP(t)
	keys, err := ParseJWKS(p.jwks())
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 {
		t.Fatalf("JWKS keys = %d, want 2 (RSA and EC; oct and enc skipped)", len(keys))
	}
	v := newVerifier(t, keys)
	pubDER, _ := x509.MarshalPKIXPublicKey(&p.rsa.PublicKey)
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})

	tests := []struct {
		name  string
		token string
		want  Identity // zero: refused
	}{
		{"RS256 with kid", sign(t, jwt.SigningMethodRS256, p.rsa, "r1", claims(nil)), Identity{StoreID: "acme", Role: RoleAdmin}},
		{"ES256 with kid", sign(t, jwt.SigningMethodES256, p.ec, "e1", claims(map[string]any{"role": "reader"})), Identity{StoreID: "acme", Role: RoleReader}},
		{"RS256 without kid", sign(t, jwt.SigningMethodRS256, p.rsa, "", claims(nil)), Identity{StoreID: "acme", Role: RoleAdmin}},
		{"audience list", sign(t, jwt.SigningMethodRS256, p.rsa, "r1", claims(map[string]any{"aud": []string{"other", "orders-api"}})), Identity{StoreID: "acme", Role: RoleAdmin}},
		{"expired within leeway", sign(t, jwt.SigningMethodRS256, p.rsa, "r1", claims(map[string]any{"exp": now.Add(-20 * time.Second).Unix()})), Identity{StoreID: "acme", Role: RoleAdmin}},
		{"no sub", sign(t, jwt.SigningMethodRS256, p.rsa, "r1", claims(map[string]any{"sub": nil})), Identity{StoreID: "acme", Role: RoleAdmin}},

		{"expired", sign(t, jwt.SigningMethodRS256, p.rsa, "r1", claims(map[string]any{"exp": now.Add(-31 * time.Second).Unix()})), Identity{}},
		{"not yet valid", sign(t, jwt.SigningMethodRS256, p.rsa, "r1", claims(map[string]any{"nbf": now.Add(time.Minute).Unix()})), Identity{}},
		{"issued in the future", sign(t, jwt.SigningMethodRS256, p.rsa, "r1", claims(map[string]any{"iat": now.Add(time.Minute).Unix()})), Identity{}},
		{"wrong key", sign(t, jwt.SigningMethodRS256, other.rsa, "r1", claims(nil)), Identity{}},
		{"wrong EC key", sign(t, jwt.SigningMethodES256, other.ec, "e1", claims(nil)), Identity{}},
		{"kid of the other key", sign(t, jwt.SigningMethodRS256, p.rsa, "e1", claims(nil)), Identity{}},
		{"unknown kid", sign(t, jwt.SigningMethodRS256, p.rsa, "r9", claims(nil)), Identity{}},
		{"wrong audience", sign(t, jwt.SigningMethodRS256, p.rsa, "r1", claims(map[string]any{"aud": "billing"})), Identity{}},
		{"wrong issuer", sign(t, jwt.SigningMethodRS256, p.rsa, "r1", claims(map[string]any{"iss": "https://evil.example.com"})), Identity{}},
		{"alg none", unsigned(claims(nil)), Identity{}},
		{"HS256 with the public key as secret", sign(t, jwt.SigningMethodHS256, pubPEM, "r1", claims(nil)), Identity{}},
		{"HS256 with the DER public key as secret", sign(t, jwt.SigningMethodHS256, pubDER, "", claims(nil)), Identity{}},
		{"RS384", sign(t, jwt.SigningMethodRS384, p.rsa, "r1", claims(nil)), Identity{}},
		{"PS256", sign(t, jwt.SigningMethodPS256, p.rsa, "r1", claims(nil)), Identity{}},
		{"no exp", sign(t, jwt.SigningMethodRS256, p.rsa, "r1", claims(map[string]any{"exp": nil})), Identity{}},
		{"no store", sign(t, jwt.SigningMethodRS256, p.rsa, "r1", claims(map[string]any{"store": nil})), Identity{}},
		{"no role", sign(t, jwt.SigningMethodRS256, p.rsa, "r1", claims(map[string]any{"role": nil})), Identity{}},
		{"no issuer", sign(t, jwt.SigningMethodRS256, p.rsa, "r1", claims(map[string]any{"iss": nil})), Identity{}},
		{"no audience", sign(t, jwt.SigningMethodRS256, p.rsa, "r1", claims(map[string]any{"aud": nil})), Identity{}},
		{"connector role", sign(t, jwt.SigningMethodRS256, p.rsa, "r1", claims(map[string]any{"role": "connector"})), Identity{}},
		{"superuser role", sign(t, jwt.SigningMethodRS256, p.rsa, "r1", claims(map[string]any{"role": "root"})), Identity{}},
		{"store not a slug", sign(t, jwt.SigningMethodRS256, p.rsa, "r1", claims(map[string]any{"store": "Acme Inc"})), Identity{}},
		{"store of the wrong type", sign(t, jwt.SigningMethodRS256, p.rsa, "r1", claims(map[string]any{"store": 7})), Identity{}},
		{"exp of the wrong type", sign(t, jwt.SigningMethodRS256, p.rsa, "r1", claims(map[string]any{"exp": "tomorrow"})), Identity{}},
		{"signature cut", strings.TrimRight(sign(t, jwt.SigningMethodRS256, p.rsa, "r1", claims(nil)), "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")[:40], Identity{}},
		{"garbage", "not.a.token", Identity{}},
		{"huge", strings.Repeat("a", 9000), Identity{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			id, err := v.Authenticate(t.Context(), tt.token)
			if tt.want.Role == "" {
				if err == nil || errs.CodeOf(err) != errs.Unauthorized {
					t.Fatalf("accepted (%+v, %v), want Unauthorized", id, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if id.StoreID != tt.want.StoreID || id.Role != tt.want.Role || id.System != "" || id.KeyID.String() == "" {
				t.Fatalf("identity %+v, want %+v", id, tt.want)
			}
		})
	}
}

func TestTokenRateLimitIdentity(t *testing.T) {
	t.Parallel()
	p := newIDP(t)
	keys, _ := ParseJWKS(p.jwks())
	v := newVerifier(t, keys)
	idOf := func(over map[string]any) string {
		id, err := v.Authenticate(t.Context(), sign(t, jwt.SigningMethodRS256, p.rsa, "r1", claims(over)))
		if err != nil {
			t.Fatal(err)
		}
		return id.KeyID.String()
	}
	a, again := idOf(nil), idOf(map[string]any{"exp": now.Add(time.Hour).Unix()})
	if a != again {
		t.Error("two tokens of one user have different rate-limit identities")
	}
	if a == idOf(map[string]any{"sub": "user-2"}) || a == idOf(map[string]any{"store": "globex"}) {
		t.Error("another user, or the same user of another store, shares the rate-limit identity")
	}
}

func TestParseKeys(t *testing.T) {
	t.Parallel()
	p := newIDP(t)
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	pemOf := func(typ string, key any) []byte {
		der, err := x509.MarshalPKIXPublicKey(key)
		if err != nil {
			t.Fatal(err)
		}
		return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
	}
	both := append(pemOf("PUBLIC KEY", &p.rsa.PublicKey), pemOf("PUBLIC KEY", &p.ec.PublicKey)...)
	if keys, err := ParsePEM(both); err != nil || len(keys) != 2 {
		t.Fatalf("ParsePEM(RSA + EC) = %d keys, %v", len(keys), err)
	}
	privDER := x509.MarshalPKCS1PrivateKey(p.rsa)
	bad := map[string][]byte{
		"empty":               nil,
		"RSA 1024":            pemOf("PUBLIC KEY", &small.PublicKey),
		"P-384":               pemOf("PUBLIC KEY", &p384.PublicKey),
		"a private key":       pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: privDER}),
		"a broken block":      pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: []byte("nope")}),
		"not PEM":             []byte("hello"),
		"a JWKS given as PEM": p.jwks(),
	}
	for name, data := range bad {
		if _, err := ParsePEM(data); err == nil {
			t.Errorf("ParsePEM(%s) accepted", name)
		}
	}
	badJWKS := map[string]string{
		"not JSON":      `{`,
		"no keys":       `{"keys":[]}`,
		"only HMAC":     `{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}`,
		"short RSA":     `{"keys":[{"kty":"RSA","n":"` + base64.RawURLEncoding.EncodeToString(small.N.Bytes()) + `","e":"AQAB"}]}`,
		"even exponent": `{"keys":[{"kty":"RSA","n":"` + base64.RawURLEncoding.EncodeToString(p.rsa.N.Bytes()) + `","e":"Ag"}]}`,
		"EC off curve":  `{"keys":[{"kty":"EC","crv":"P-256","x":"` + strings.Repeat("A", 43) + `","y":"` + strings.Repeat("A", 43) + `"}]}`,
		"EC short":      `{"keys":[{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}]}`,
	}
	for name, doc := range badJWKS {
		if _, err := ParseJWKS([]byte(doc)); err == nil {
			t.Errorf("ParseJWKS(%s) accepted", name)
		}
	}

	dir := t.TempDir()
	jwksFile, pemFile := filepath.Join(dir, "jwks.json"), filepath.Join(dir, "idp.pem")
	_ = os.WriteFile(jwksFile, p.jwks(), 0o600)
	_ = os.WriteFile(pemFile, both, 0o600)
	for _, files := range [][2]string{{jwksFile, ""}, {"", pemFile}} {
		keys, err := LoadKeySet(files[0], files[1])
		if err != nil || len(keys) != 2 {
			t.Errorf("LoadKeySet(%q, %q) = %d keys, %v", files[0], files[1], len(keys), err)
		}
	}
	if _, err := LoadKeySet(filepath.Join(dir, "missing.json"), ""); err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("LoadKeySet(missing) = %v, want an error naming the file", err)
	}
	if _, err := NewTokens(TokenConfig{Keys: KeySet{{Key: &p.rsa.PublicKey}}}, time.Now); err == nil {
		t.Error("NewTokens without issuer and audience accepted")
	}
}
