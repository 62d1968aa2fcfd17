package app

import (
	"fmt"
	"time"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/config"
	"github.com/orders-api/orders-api/internal/httpapi"
)

// loadTokens returns the verifier of the admin SPA's JWTs, built from the
// identity provider's keys named by JWT_JWKS_FILE or JWT_PUBLIC_KEY_FILE;
// nil when neither is set (API keys only). A file that can't be read or
// holds no usable key stops the start with a line naming the variable.
func loadTokens(cfg config.Config) (httpapi.Authenticator, error) {
	if !cfg.JWTEnabled() {
		return nil, nil
	}
	name := "JWT_JWKS_FILE"
	if cfg.JWTJWKSFile == "" {
		name = "JWT_PUBLIC_KEY_FILE"
	}
	keys, err := auth.LoadKeySet(cfg.JWTJWKSFile, cfg.JWTPublicKeyFile)
	if err != nil {
		return nil, fmt.Errorf("config: %s: %w", name, err)
	}
	tokens, err := auth.NewTokens(auth.TokenConfig{Keys: keys, Issuer: cfg.JWTIssuer, Audience: cfg.JWTAudience}, time.Now)
	if err != nil {
		return nil, fmt.Errorf("config: %s: %w", name, err)
	}
	return tokens, nil
}
