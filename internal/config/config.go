// Package config holds the configuration of orders-api: one Config struct,
// loaded from the environment with defaults, validated once at start and
// logged with its secrets masked.
package config

import (
	"errors"
	"log/slog"
	"strings"
	"time"
)

// Config is everything orders-api reads from its environment. Load is the
// only way to build one that has been validated.
type Config struct {
	// DatabaseURL is a postgres:// or postgresql:// URL. Empty means the
	// embedded SQLite file EmbeddedDatabaseFile, the zero-setup default.
	DatabaseURL string
	// HTTPAddr is the address the server listens on, host:port or :port.
	HTTPAddr string
	// LogLevel is the lowest level logged: debug, info, warn or error.
	LogLevel slog.Level
	// LogFormat is json (for log collectors) or text (for people).
	LogFormat string
	// MigrateOnStart applies pending migrations before serving; turn it off
	// when a separate one-shot `orders-api migrate` runs before the replicas.
	MigrateOnStart bool
	// MaxBodyBytes bounds a request body, measured after decompression.
	MaxBodyBytes int64
	// RateLimitRPS and RateLimitBurst limit the requests per API key. Load
	// sets both to 0 (off) when either is configured as 0.
	RateLimitRPS   float64
	RateLimitBurst int
	// ShutdownTimeout bounds the graceful shutdown: in-flight requests get
	// this long to finish after SIGTERM.
	ShutdownTimeout time.Duration
	// The http.Server timeouts, which keep slow or idle clients from holding
	// connections forever.
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	// KeyCacheTTL is how long a checked API key is trusted without a new
	// database read: the constant KeyCacheTTL, not configurable, so that a
	// revocation takes effect on every replica within that time.
	KeyCacheTTL time.Duration
	// The admin SPA's JWTs: the identity provider's public keys, from a JWKS
	// file or a PEM file (one of them; neither turns JWTs off), and the iss
	// and aud every token must carry (required when keys are given).
	JWTJWKSFile      string
	JWTPublicKeyFile string
	JWTIssuer        string
	JWTAudience      string
	// CORSAllowedOrigins is the comma-separated list of browser origins
	// (scheme://host[:port]) allowed to call the API; empty allows none.
	// Read it with CORSOrigins.
	CORSAllowedOrigins string
	// TrustedProxiesList is the comma-separated list of proxy addresses
	// (CIDRs) whose X-Forwarded-For is believed; empty trusts none. Read it
	// with TrustedProxies.
	TrustedProxiesList string
	// RequestMaxDeliveries is how many leases a re-integration request
	// gets before it is given up; RequestTTL gives up one not leased this
	// long after it was asked (SPEC 9.2).
	RequestMaxDeliveries int
	RequestTTL           time.Duration
	// StreamsPerKey bounds each key's open live streams (SPEC 10.1) on one
	// replica; one more is a 429.
	StreamsPerKey int
}

// Log formats.
const (
	FormatJSON = "json"
	FormatText = "text"
)

// KeyCacheTTL is the fixed value of Config.KeyCacheTTL: a revoked key is
// refused everywhere within 3 seconds.
const KeyCacheTTL = 3 * time.Second

// EmbeddedDatabaseFile is where the embedded SQLite database lives when
// DATABASE_URL is empty (database.EmbeddedFile, which opens it).
const EmbeddedDatabaseFile = "./data/orders.db"

// Default returns the configuration used when no variable is set.
func Default() Config {
	return Config{
		HTTPAddr:          ":8080",
		LogLevel:          slog.LevelInfo,
		LogFormat:         FormatJSON,
		MigrateOnStart:    true,
		MaxBodyBytes:      1 << 20,
		RateLimitRPS:      100,
		RateLimitBurst:    200,
		ShutdownTimeout:   15 * time.Second,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		KeyCacheTTL:       KeyCacheTTL,

		RequestMaxDeliveries: 5,
		RequestTTL:           72 * time.Hour,
		StreamsPerKey:        5,
	}
}

// Load returns the configuration given by getenv (os.Getenv in production):
// the defaults, overridden by every variable that is set. A bad value is an
// error of one line naming each bad variable, starting with "config: ".
func Load(getenv func(string) string) (Config, error) {
	c := Default()
	p := parser{getenv: getenv}
	c.DatabaseURL = p.databaseURL("DATABASE_URL")
	p.addr("HTTP_ADDR", &c.HTTPAddr)
	p.level("LOG_LEVEL", &c.LogLevel)
	p.oneOf("LOG_FORMAT", &c.LogFormat, FormatJSON, FormatText)
	p.boolean("MIGRATE_ON_START", &c.MigrateOnStart)
	p.bytes("MAX_BODY_BYTES", &c.MaxBodyBytes)
	p.rate("RATE_LIMIT_RPS", &c.RateLimitRPS)
	p.count("RATE_LIMIT_BURST", &c.RateLimitBurst)
	p.duration("SHUTDOWN_TIMEOUT", &c.ShutdownTimeout)
	p.duration("READ_HEADER_TIMEOUT", &c.ReadHeaderTimeout)
	p.duration("READ_TIMEOUT", &c.ReadTimeout)
	p.duration("WRITE_TIMEOUT", &c.WriteTimeout)
	p.duration("IDLE_TIMEOUT", &c.IdleTimeout)
	p.jwt(&c)
	c.CORSAllowedOrigins = p.origins("CORS_ALLOWED_ORIGINS")
	c.TrustedProxiesList = p.prefixes("TRUSTED_PROXIES")
	p.deliveries("REQUEST_MAX_DELIVERIES", &c.RequestMaxDeliveries)
	p.duration("REQUEST_TTL", &c.RequestTTL)
	p.positive("STREAMS_PER_KEY", &c.StreamsPerKey)
	if len(p.problems) > 0 {
		return Config{}, errors.New("config: " + strings.Join(p.problems, "; "))
	}
	if c.RateLimitRPS == 0 || c.RateLimitBurst == 0 {
		c.RateLimitRPS, c.RateLimitBurst = 0, 0 // either at 0 turns the limit off
	}
	return c, nil
}
