package config

import (
	"log/slog"
	"strings"
	"testing"
	"time"
)

// env returns a getenv over vars.
func env(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func TestLoadDefaults(t *testing.T) {
	t.Parallel()
	got, err := Load(env(nil))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got != Default() {
		t.Errorf("Load() = %+v\nwant %+v", got, Default())
	}
	want := Config{HTTPAddr: ":8080", LogLevel: slog.LevelInfo, LogFormat: "json", MigrateOnStart: true,
		MaxBodyBytes: 1 << 20, RateLimitRPS: 100, RateLimitBurst: 200, ShutdownTimeout: 15 * time.Second,
		ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second,
		IdleTimeout: 120 * time.Second, KeyCacheTTL: 3 * time.Second,
		RequestMaxDeliveries: 5, RequestTTL: 72 * time.Hour, StreamsPerKey: 5}
	if got != want {
		t.Errorf("defaults = %+v\nwant %+v", got, want)
	}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		vars  map[string]string
		check func(Config) bool
	}{
		{"postgres url", map[string]string{"DATABASE_URL": "postgres://u:p@db:5432/orders?sslmode=disable"},
			func(c Config) bool { return c.DatabaseURL == "postgres://u:p@db:5432/orders?sslmode=disable" }},
		{"postgresql scheme, unix socket", map[string]string{"DATABASE_URL": "postgresql:///orders?host=/run/postgresql"},
			func(c Config) bool { return c.DatabaseURL == "postgresql:///orders?host=/run/postgresql" }},
		{"http addr", map[string]string{"HTTP_ADDR": "127.0.0.1:9090"}, func(c Config) bool { return c.HTTPAddr == "127.0.0.1:9090" }},
		{"random port", map[string]string{"HTTP_ADDR": ":0"}, func(c Config) bool { return c.HTTPAddr == ":0" }},
		{"log level any case", map[string]string{"LOG_LEVEL": "DEBUG"}, func(c Config) bool { return c.LogLevel == slog.LevelDebug }},
		{"log level warn", map[string]string{"LOG_LEVEL": "warn"}, func(c Config) bool { return c.LogLevel == slog.LevelWarn }},
		{"text logs", map[string]string{"LOG_FORMAT": "text"}, func(c Config) bool { return c.LogFormat == FormatText }},
		{"no migrations", map[string]string{"MIGRATE_ON_START": "false"}, func(c Config) bool { return !c.MigrateOnStart }},
		{"migrations 1", map[string]string{"MIGRATE_ON_START": "1"}, func(c Config) bool { return c.MigrateOnStart }},
		{"body limit", map[string]string{"MAX_BODY_BYTES": "2048"}, func(c Config) bool { return c.MaxBodyBytes == 2048 }},
		{"fractional rps", map[string]string{"RATE_LIMIT_RPS": "0.5", "RATE_LIMIT_BURST": "3"},
			func(c Config) bool { return c.RateLimitRPS == 0.5 && c.RateLimitBurst == 3 }},
		{"rps 0 turns off", map[string]string{"RATE_LIMIT_RPS": "0"},
			func(c Config) bool { return c.RateLimitRPS == 0 && c.RateLimitBurst == 0 }},
		{"request rules", map[string]string{"REQUEST_MAX_DELIVERIES": "3", "REQUEST_TTL": "90m"},
			func(c Config) bool { return c.RequestMaxDeliveries == 3 && c.RequestTTL == 90*time.Minute }},
		{"request rules default", map[string]string{},
			func(c Config) bool { return c.RequestMaxDeliveries == 5 && c.RequestTTL == 72*time.Hour }},
		{"burst 0 turns off", map[string]string{"RATE_LIMIT_BURST": "0"},
			func(c Config) bool { return c.RateLimitRPS == 0 && c.RateLimitBurst == 0 }},
		{"durations", map[string]string{"SHUTDOWN_TIMEOUT": "1m", "READ_HEADER_TIMEOUT": "2s", "READ_TIMEOUT": "3s",
			"WRITE_TIMEOUT": "4s", "IDLE_TIMEOUT": "500ms"}, func(c Config) bool {
			return c.ShutdownTimeout == time.Minute && c.ReadHeaderTimeout == 2*time.Second && c.ReadTimeout == 3*time.Second &&
				c.WriteTimeout == 4*time.Second && c.IdleTimeout == 500*time.Millisecond
		}},
		{"blank and padded values", map[string]string{"HTTP_ADDR": "  ", "LOG_FORMAT": " text "},
			func(c Config) bool { return c.HTTPAddr == ":8080" && c.LogFormat == FormatText }},
		{"key cache ttl is fixed", map[string]string{"KEY_CACHE_TTL": "1h"}, func(c Config) bool { return c.KeyCacheTTL == 3*time.Second }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := Load(env(tt.vars))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if !tt.check(c) {
				t.Errorf("Load(%v) = %+v", tt.vars, c)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, variable, value, want string
	}{
		{"rps not a number", "RATE_LIMIT_RPS", "abc", `config: RATE_LIMIT_RPS must be a number >= 0, got "abc"`},
		{"rps negative", "RATE_LIMIT_RPS", "-1", `config: RATE_LIMIT_RPS must be a number >= 0, got "-1"`},
		{"rps NaN", "RATE_LIMIT_RPS", "NaN", `RATE_LIMIT_RPS must be a number >= 0`},
		{"rps Inf", "RATE_LIMIT_RPS", "+Inf", `RATE_LIMIT_RPS must be a number >= 0`},
		{"burst fractional", "RATE_LIMIT_BURST", "1.5", `config: RATE_LIMIT_BURST must be a whole number >= 0, got "1.5"`},
		{"burst negative", "RATE_LIMIT_BURST", "-5", `RATE_LIMIT_BURST must be a whole number >= 0`},
		{"deliveries 0", "REQUEST_MAX_DELIVERIES", "0", `config: REQUEST_MAX_DELIVERIES must be a whole number from 1 to 1000, got "0"`},
		{"deliveries text", "REQUEST_MAX_DELIVERIES", "five", `REQUEST_MAX_DELIVERIES must be a whole number from 1 to 1000`},
		{"ttl days", "REQUEST_TTL", "3d", `config: REQUEST_TTL must be a duration > 0 like "15s" or "2m", got "3d"`},
		{"mysql url", "DATABASE_URL", "mysql://root:hunter2@db/orders", `config: DATABASE_URL must be empty or a URL starting with postgres:// or postgresql://, got scheme "mysql" (the value is not shown`},
		{"bare dsn", "DATABASE_URL", "host=db user=u password=hunter2", `DATABASE_URL must be empty or a URL starting with postgres:// or postgresql://, got scheme ""`},
		{"unescaped password", "DATABASE_URL", "postgres://u:12/hunter2@db/orders", `DATABASE_URL must be a valid postgres:// URL, with special characters of the password percent-encoded (the value is not shown`},
		{"broken url", "DATABASE_URL", "postgres://u:hunter2@db:port/x", `DATABASE_URL must be a valid postgres:// URL`},
		{"addr without port", "HTTP_ADDR", "8080", `config: HTTP_ADDR must be host:port or :port with a numeric port, like ":8080", got "8080"`},
		{"addr named port", "HTTP_ADDR", ":http", `HTTP_ADDR must be host:port or :port with a numeric port`},
		{"addr port too big", "HTTP_ADDR", ":70000", `HTTP_ADDR must be host:port`},
		{"log level", "LOG_LEVEL", "verbose", `config: LOG_LEVEL must be debug, info, warn or error, got "verbose"`},
		{"log format", "LOG_FORMAT", "xml", `config: LOG_FORMAT must be json or text, got "xml"`},
		{"migrate", "MIGRATE_ON_START", "maybe", `config: MIGRATE_ON_START must be true or false, got "maybe"`},
		{"body zero", "MAX_BODY_BYTES", "0", `config: MAX_BODY_BYTES must be a whole number of bytes from 1 to 1073741824, got "0"`},
		{"body with unit", "MAX_BODY_BYTES", "1MiB", `MAX_BODY_BYTES must be a whole number of bytes`},
		{"shutdown no unit", "SHUTDOWN_TIMEOUT", "15", `config: SHUTDOWN_TIMEOUT must be a duration > 0 like "15s" or "2m", got "15"`},
		{"read timeout zero", "READ_TIMEOUT", "0s", `READ_TIMEOUT must be a duration > 0`},
		{"write timeout negative", "WRITE_TIMEOUT", "-1s", `WRITE_TIMEOUT must be a duration > 0`},
		{"idle timeout", "IDLE_TIMEOUT", "forever", `IDLE_TIMEOUT must be a duration > 0`},
		{"header timeout", "READ_HEADER_TIMEOUT", "5 s", `READ_HEADER_TIMEOUT must be a duration > 0`},
		{"newline stays on one line", "LOG_FORMAT", "json\nINFO fake", `got "json\nINFO fake"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load(env(map[string]string{tt.variable: tt.value}))
			if err == nil {
				t.Fatalf("Load(%s=%q): no error", tt.variable, tt.value)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) || !strings.HasPrefix(msg, "config: ") {
				t.Errorf("error = %q\nwant it to contain %q", msg, tt.want)
			}
			if strings.Contains(msg, "\n") || strings.Contains(msg, "hunter2") {
				t.Errorf("error %q must be one line without the password", msg)
			}
		})
	}
}

func TestLoadReportsEveryBadVariable(t *testing.T) {
	t.Parallel()
	_, err := Load(env(map[string]string{"LOG_LEVEL": "loud", "RATE_LIMIT_RPS": "abc"}))
	want := `config: LOG_LEVEL must be debug, info, warn or error, got "loud"; RATE_LIMIT_RPS must be a number >= 0, got "abc"`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v\nwant %s", err, want)
	}
}
