package app

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orders-api/orders-api/internal/config"
)

// TestLoadTokens: JWT settings are checked at start, naming the variable.
func TestLoadTokens(t *testing.T) {
	t.Parallel()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	dir := t.TempDir()
	good, empty := filepath.Join(dir, "idp.pem"), filepath.Join(dir, "empty.json")
	_ = os.WriteFile(good, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), 0o600)
	_ = os.WriteFile(empty, []byte(`{"keys":[]}`), 0o600)

	if a, err := loadTokens(config.Default()); a != nil || err != nil {
		t.Errorf("without JWT settings: %v, %v; want no verifier", a, err)
	}
	c := config.Default()
	c.JWTPublicKeyFile, c.JWTIssuer, c.JWTAudience = good, "https://id.example.com", "orders-api"
	if a, err := loadTokens(c); a == nil || err != nil {
		t.Errorf("with a PEM key: %v, %v", a, err)
	}
	c.JWTPublicKeyFile, c.JWTJWKSFile = "", empty
	if _, err := loadTokens(c); err == nil || !strings.HasPrefix(err.Error(), "config: JWT_JWKS_FILE") {
		t.Errorf("JWKS without keys: %v, want an error naming JWT_JWKS_FILE", err)
	}
}
