package config

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestMaskURL(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", ""},
		{"postgres://u:hunter2@db:5432/orders?sslmode=disable", "postgres://u:xxxxx@db:5432/orders?sslmode=disable"},
		{"postgres://u@db/orders", "postgres://u@db/orders"},
		{"postgres://db/orders?user=u&password=hunter2", "postgres://db/orders?password=xxxxx&user=u"},
		{"postgres://u:12/hunter2@db/orders", "(not a valid URL, not shown)"},
		{"postgres://u:hun%25ter2@db/orders", "postgres://u:xxxxx@db/orders"},
		{"postgres://u:hunter2@db:port/x", "(not a valid URL, not shown)"},
	}
	for _, tt := range tests {
		if got := maskURL(tt.in); got != tt.want {
			t.Errorf("maskURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestConfigLogging checks that neither the logged nor the printed
// configuration holds the password.
func TestConfigLogging(t *testing.T) {
	t.Parallel()
	c, err := Load(env(map[string]string{"DATABASE_URL": "postgres://orders:hunter2@db:5432/orders"}))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("starting", "config", c)
	for _, out := range []string{buf.String(), c.String(), fmt.Sprint(c), fmt.Sprintf("%+v", c)} {
		if strings.Contains(out, "hunter2") {
			t.Errorf("password leaked: %s", out)
		}
		if !strings.Contains(out, "postgres://orders:xxxxx@db:5432/orders") {
			t.Errorf("masked database URL missing: %s", out)
		}
	}
	for _, want := range []string{`"http_addr":":8080"`, `"log_level":"info"`, `"shutdown_timeout":"15s"`, `"key_cache_ttl":"3s"`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("log %s lacks %s", buf.String(), want)
		}
	}
}
