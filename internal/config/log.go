package config

import (
	"log/slog"
	"net/url"
	"strings"
)

// mask replaces secrets in logged values.
const mask = "xxxxx"

// LogValue implements slog.LogValuer: the effective configuration as a group,
// with the password of DATABASE_URL masked, so it can be logged at start.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(c.attrs()...)
}

// String returns the configuration as key=value pairs with the password
// masked, so that printing a Config by mistake leaks nothing.
func (c Config) String() string {
	attrs := c.attrs()
	parts := make([]string, len(attrs))
	for i, a := range attrs {
		parts[i] = a.String()
	}
	return strings.Join(parts, " ")
}

func (c Config) attrs() []slog.Attr {
	return []slog.Attr{
		slog.String("database", c.database()),
		slog.String("database_url", maskURL(c.DatabaseURL)),
		slog.String("http_addr", c.HTTPAddr),
		slog.String("log_level", strings.ToLower(c.LogLevel.String())),
		slog.String("log_format", c.LogFormat),
		slog.Bool("migrate_on_start", c.MigrateOnStart),
		slog.Int64("max_body_bytes", c.MaxBodyBytes),
		slog.Float64("rate_limit_rps", c.RateLimitRPS),
		slog.Int("rate_limit_burst", c.RateLimitBurst),
		slog.String("shutdown_timeout", c.ShutdownTimeout.String()),
		slog.String("read_header_timeout", c.ReadHeaderTimeout.String()),
		slog.String("read_timeout", c.ReadTimeout.String()),
		slog.String("write_timeout", c.WriteTimeout.String()),
		slog.String("idle_timeout", c.IdleTimeout.String()),
		slog.String("key_cache_ttl", c.KeyCacheTTL.String()),
		slog.Int("request_max_deliveries", c.RequestMaxDeliveries),
		slog.String("request_ttl", c.RequestTTL.String()),
		slog.String("jwt_jwks_file", c.JWTJWKSFile),
		slog.String("jwt_public_key_file", c.JWTPublicKeyFile),
		slog.String("jwt_issuer", c.JWTIssuer),
		slog.String("jwt_audience", c.JWTAudience),
		slog.String("cors_allowed_origins", c.CORSAllowedOrigins),
		slog.String("trusted_proxies", c.TrustedProxiesList),
		slog.Int("streams_per_key", c.StreamsPerKey),
	}
}

// database names the database in use, for the log: PostgreSQL, or the
// embedded file when DATABASE_URL is empty.
func (c Config) database() string {
	if c.DatabaseURL == "" {
		return "embedded SQLite " + EmbeddedDatabaseFile
	}
	return "PostgreSQL"
}

// maskURL returns a database URL fit for logs: the password, in the user
// info or in a password query parameter, is replaced by xxxxx. A value that
// does not parse is not shown at all.
func maskURL(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || misparsed(u) {
		return "(not a valid URL, not shown)"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), mask)
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", mask)
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// misparsed reports a URL whose password probably held an unescaped '/', '?'
// or '#': the rest of the user info then lands after the host, '@' included.
func misparsed(u *url.URL) bool {
	return strings.Contains(u.Path+u.RawQuery+u.Fragment, "@")
}
