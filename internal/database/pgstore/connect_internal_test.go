package pgstore

import (
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestWithConnectTimeout: a URL without connect_timeout gets the default,
// one with it keeps its own, and the driver reads both.
func TestWithConnectTimeout(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		url  string
		want time.Duration
	}{
		{"postgres://u:p%40ss@db.example:5433/orders?sslmode=disable", 10 * time.Second},
		{"postgres://u@db.example/orders", 10 * time.Second},
		{"postgres://u@db.example/orders?connect_timeout=3&sslmode=disable", 3 * time.Second},
		{"postgres:///orders?host=/var/run/postgresql", 10 * time.Second},
	} {
		got := withConnectTimeout(tc.url)
		cfg, err := pgconn.ParseConfig(got)
		if err != nil {
			t.Errorf("%s -> %s: %v", tc.url, got, err)
			continue
		}
		want, _ := pgconn.ParseConfig(tc.url)
		if cfg.ConnectTimeout != tc.want || cfg.Host != want.Host || cfg.Port != want.Port ||
			cfg.Database != want.Database || cfg.User != want.User || cfg.Password != want.Password {
			t.Errorf("%s -> %s: timeout %v host %s:%d db %s user %s; want %v and the rest unchanged",
				tc.url, got, cfg.ConnectTimeout, cfg.Host, cfg.Port, cfg.Database, cfg.User, tc.want)
		}
	}
}
