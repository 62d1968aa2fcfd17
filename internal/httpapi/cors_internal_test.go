package httpapi

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

// TestIPExtractor: X-Forwarded-For and X-Real-IP are believed only from a
// configured proxy (GO-2026-6872, GO-2026-6875), and never by default.
func TestIPExtractor(t *testing.T) {
	t.Parallel()
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	tests := []struct {
		name    string
		trusted []netip.Prefix
		peer    string
		xff     string
		want    string
	}{
		{"no proxies: the peer, whatever XFF says", nil, "203.0.113.9:5000", "1.2.3.4", "203.0.113.9"},
		{"no proxies, loopback peer", nil, "127.0.0.1:5000", "1.2.3.4", "127.0.0.1"},
		{"trusted proxy", trusted, "10.1.2.3:5000", "198.51.100.7", "198.51.100.7"},
		{"trusted chain: the nearest untrusted", trusted, "10.1.2.3:5000", "1.2.3.4, 198.51.100.7, 10.9.9.9", "198.51.100.7"},
		{"untrusted peer spoofing XFF", trusted, "203.0.113.9:5000", "1.2.3.4", "203.0.113.9"},
		{"private peer not listed", trusted, "192.168.1.5:5000", "1.2.3.4", "192.168.1.5"},
		{"loopback peer not listed", trusted, "127.0.0.1:5000", "1.2.3.4", "127.0.0.1"},
	}
	for _, tt := range tests {
		req := httptest.NewRequest("GET", "/orders", nil)
		req.RemoteAddr = tt.peer
		req.Header.Set("X-Forwarded-For", tt.xff)
		req.Header.Set("X-Real-IP", "6.6.6.6")
		if got := ipExtractor(tt.trusted)(req); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
