package httpapi_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi"
	"github.com/orders-api/orders-api/internal/testdb"
)

// spa is the admin SPA's identity provider in a test: it signs tokens with
// an RSA key whose public half the server trusts.
type spa struct {
	key *rsa.PrivateKey
}

// newSPAEnv starts a server like newEnv that also accepts the SPA's JWTs
// and answers CORS requests from origins.
func newSPAEnv(t *testing.T, cfg httpapi.Config) (*env, spa) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := auth.NewTokens(auth.TokenConfig{Keys: auth.KeySet{{ID: "k1", Key: &key.PublicKey}},
		Issuer: "https://id.example.com", Audience: "orders-api"}, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	a := newApp(t, testdb.New(t), slog.New(slog.NewTextHandler(logs, nil)), 0)
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	d := a.Deps()
	d.Config, d.Tokens = cfg, tokens
	return &env{t: t, h: httpapi.NewServer(d), db: a.DB, keys: a.Keys, logs: logs, number: new(atomic.Int64), deps: d}, spa{key: key}
}

// token signs claims (valid ones for store acme, role admin, changed by
// over; a nil value removes a claim) with method and key.
func (s spa) token(t testing.TB, over map[string]any, method jwt.SigningMethod, key any) string {
	t.Helper()
	c := jwt.MapClaims{"iss": "https://id.example.com", "aud": "orders-api", "sub": "ana", "store": "acme",
		"role": "admin", "exp": time.Now().Add(5 * time.Minute).Unix(), "iat": time.Now().Unix()}
	for k, v := range over {
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	if method == nil {
		method, key = jwt.SigningMethodRS256, s.key
	}
	tok := jwt.NewWithClaims(method, c)
	tok.Header["kid"] = "k1"
	signed, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

// TestJWTAccess: the admin SPA's tokens work like keys of their store and
// role; every forged, expired or misdirected one is a 401.
func TestJWTAccess(t *testing.T) {
	t.Parallel()
	v, idp := newSPAEnv(t, httpapi.Config{})
	admin := idp.token(t, nil, nil, nil)
	reader := idp.token(t, map[string]any{"role": "reader", "sub": "bia"}, nil, nil)
	other := idp.token(t, map[string]any{"store": "globex"}, nil, nil)

	o := v.createOrder(admin, nil)
	v.must(v.do("GET", "/orders/"+o.ID, reader, nil), 200)
	wantProblem(t, v.do("POST", "/orders", reader, v.orderBody(nil)), 403)
	wantProblem(t, v.do("POST", "/orders/"+o.ID+"/integration-history", reader, attemptBody(nil)), 403)
	wantProblem(t, v.do("GET", "/orders/"+o.ID, other, nil), 404)
	wantProblem(t, v.do("PATCH", "/orders/"+o.ID, other, map[string]any{"status": "paid"}), 404)
	if got := walk[httpapi.OrderResponse](v, other, "/orders"); len(got) != 0 {
		t.Errorf("another store's token lists %d orders", len(got))
	}
	v.must(v.do("GET", "/orders/"+o.ID, v.key("acme", auth.RoleReader), nil), 200) // API keys still work

	otherKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	pub, _ := x509.MarshalPKIXPublicKey(&idp.key.PublicKey)
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub})
	enc := func(v any) string { b, _ := json.Marshal(v); return base64.RawURLEncoding.EncodeToString(b) }
	forged := map[string]string{
		"expired":                   idp.token(t, map[string]any{"exp": time.Now().Add(-time.Minute).Unix()}, nil, nil),
		"wrong key":                 idp.token(t, nil, jwt.SigningMethodRS256, otherKey),
		"wrong audience":            idp.token(t, map[string]any{"aud": "billing"}, nil, nil),
		"wrong issuer":              idp.token(t, map[string]any{"iss": "https://evil.example.com"}, nil, nil),
		"no exp":                    idp.token(t, map[string]any{"exp": nil}, nil, nil),
		"no store":                  idp.token(t, map[string]any{"store": nil}, nil, nil),
		"no role":                   idp.token(t, map[string]any{"role": nil}, nil, nil),
		"connector role":            idp.token(t, map[string]any{"role": "connector"}, nil, nil),
		"HS256 with the public key": idp.token(t, nil, jwt.SigningMethodHS256, pubPEM),
		"alg none":                  enc(map[string]string{"alg": "none", "typ": "JWT"}) + "." + enc(map[string]any{"store": "acme", "role": "admin", "exp": time.Now().Add(time.Hour).Unix(), "iss": "https://id.example.com", "aud": "orders-api"}) + ".",
		"signature stripped":        admin[:strings.LastIndexByte(admin, '.')+1],
		"oak_ prefix":               "oak_" + admin,
	}
	for name, token := range forged {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			v := v.sub(t)
			for _, r := range []resp{v.do("GET", "/orders/"+o.ID, token, nil), v.do("POST", "/orders", token, v.orderBody(nil))} {
				wantProblem(t, r, 401)
				if !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("401 without WWW-Authenticate: Bearer")
				}
			}
		})
	}
}

// TestJWTWithoutProvider: a server without JWT settings refuses a JWT with
// a 401, as it does an unknown key (TestJWTWhileJWTsAreOff checks what the
// 401 says).
func TestJWTWithoutProvider(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	_, idp := newSPAEnv(t, httpapi.Config{})
	wantProblem(t, v.do("GET", "/orders", idp.token(t, nil, nil, nil), nil), 401)
}

// TestJWTRateLimit: tokens are rate limited per (store, sub): two tokens of
// one user share a bucket, another user has their own.
func TestJWTRateLimit(t *testing.T) {
	t.Parallel()
	v, idp := newSPAEnv(t, httpapi.Config{RateLimitRPS: 0.001, RateLimitBurst: 2})
	ana1 := idp.token(t, nil, nil, nil)
	ana2 := idp.token(t, map[string]any{"exp": time.Now().Add(time.Hour).Unix()}, nil, nil)
	v.must(v.do("GET", "/orders", ana1, nil), 200)
	v.must(v.do("GET", "/orders", ana2, nil), 200)
	wantProblem(t, v.do("GET", "/orders", ana1, nil), 429)
	if got := v.do("GET", "/orders", ana2, nil); got.Code != 429 || got.Header.Get("Retry-After") == "" || got.Header.Get("RateLimit-Limit") != "2" {
		t.Errorf("ana's second token: %d, Retry-After %q, RateLimit-Limit %q; want 429 with both", got.Code, got.Header.Get("Retry-After"), got.Header.Get("RateLimit-Limit"))
	}
	v.must(v.do("GET", "/orders", idp.token(t, map[string]any{"sub": "bia"}, nil, nil), nil), 200)
	v.must(v.do("GET", "/orders", idp.token(t, map[string]any{"store": "globex"}, nil, nil), nil), 200)
}
