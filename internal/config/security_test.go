package config

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
)

func TestLoadSecurity(t *testing.T) {
	t.Parallel()
	c, err := Load(env(map[string]string{
		"JWT_JWKS_FILE": "/etc/orders-api/jwks.json", "JWT_ISSUER": "https://id.example.com", "JWT_AUDIENCE": "orders-api",
		"CORS_ALLOWED_ORIGINS": " https://Admin.example.com , http://localhost:5173/",
		"TRUSTED_PROXIES":      "10.0.0.0/8, 192.168.1.7 ,::1",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if !c.JWTEnabled() || c.JWTIssuer != "https://id.example.com" || c.JWTAudience != "orders-api" {
		t.Errorf("JWT settings = %+v", c)
	}
	if got := c.CORSOrigins(); !slices.Equal(got, []string{"https://admin.example.com", "http://localhost:5173"}) {
		t.Errorf("CORSOrigins = %q", got)
	}
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.168.1.7/32"), netip.MustParsePrefix("::1/128")}
	if got := c.TrustedProxies(); !slices.Equal(got, want) {
		t.Errorf("TrustedProxies = %v, want %v", got, want)
	}
	if d := Default(); d.JWTEnabled() || d.CORSOrigins() != nil || d.TrustedProxies() != nil {
		t.Errorf("defaults must trust no token, origin or proxy: %+v", d)
	}
}

func TestLoadSecurityErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		vars map[string]string
		want string
	}{
		{"both key files", map[string]string{"JWT_JWKS_FILE": "a", "JWT_PUBLIC_KEY_FILE": "b", "JWT_ISSUER": "i", "JWT_AUDIENCE": "a"},
			"JWT_JWKS_FILE and JWT_PUBLIC_KEY_FILE are both set"},
		{"no issuer", map[string]string{"JWT_PUBLIC_KEY_FILE": "k.pem", "JWT_AUDIENCE": "a"}, "JWT_ISSUER must be set"},
		{"no audience", map[string]string{"JWT_JWKS_FILE": "k.json", "JWT_ISSUER": "i"}, "JWT_AUDIENCE must be set"},
		{"issuer without keys", map[string]string{"JWT_ISSUER": "i"}, "JWT_ISSUER and JWT_AUDIENCE need"},
		{"wildcard origin", map[string]string{"CORS_ALLOWED_ORIGINS": "*"}, "CORS_ALLOWED_ORIGINS must be"},
		{"origin with path", map[string]string{"CORS_ALLOWED_ORIGINS": "https://a.example.com/app"}, "CORS_ALLOWED_ORIGINS must be"},
		{"origin without scheme", map[string]string{"CORS_ALLOWED_ORIGINS": "admin.example.com"}, "CORS_ALLOWED_ORIGINS must be"},
		{"subdomain wildcard", map[string]string{"CORS_ALLOWED_ORIGINS": "https://*.example.com"}, "CORS_ALLOWED_ORIGINS must be"},
		{"proxy name", map[string]string{"TRUSTED_PROXIES": "lb.internal"}, "TRUSTED_PROXIES must be"},
		{"proxy bad cidr", map[string]string{"TRUSTED_PROXIES": "10.0.0.0/33"}, "TRUSTED_PROXIES must be"},
		{"proxy with zone", map[string]string{"TRUSTED_PROXIES": "fe80::1%eth0"}, "TRUSTED_PROXIES must be"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load(env(tt.vars))
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("Load(%v) = %v, want one line containing %q", tt.vars, err, tt.want)
			}
		})
	}
}
