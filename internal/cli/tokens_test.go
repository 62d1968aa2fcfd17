package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestServeChecksTokensFirst: JWT settings are checked at start, naming
// the variable, before any database work.
func TestServeChecksTokensFirst(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var stderr strings.Builder
	err := Run(t.Context(), []string{"orders-api", "serve"}, getenv(map[string]string{
		"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none", "JWT_JWKS_FILE": filepath.Join(dir, "missing.json"),
		"JWT_ISSUER": "i", "JWT_AUDIENCE": "a"}), &strings.Builder{}, &stderr)
	if err == nil || !strings.Contains(err.Error(), "JWT_JWKS_FILE") || strings.Contains(err.Error(), "\n") {
		t.Errorf("serve with a missing JWKS file: %v, want one line naming JWT_JWKS_FILE before any database work", err)
	}
}
