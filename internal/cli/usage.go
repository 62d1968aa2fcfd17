package cli

// usage is the help text of orders-api. Its environment variables are
// the README's, said the same way (TestUsageListsTheREADMEVariables).
const usage = `Usage: orders-api [command] [flags]

Commands:
  serve          apply pending migrations (unless MIGRATE_ON_START=false), then
                 serve HTTP until SIGINT or SIGTERM (the default command)
  serve --demo   also seed, once, the demo store "demo" with realistic orders and
                 histories, and print an admin and a connector key for it
  demo           seed the demo store and print new keys for it, without serving
  migrate        apply pending migrations and exit
  keys create --store S --role R [--system SYS] [--name LABEL]
                 create an API key (role admin, reader or connector; --system for
                 connectors) and print its secret alone on stdout, this once only
  keys list --store S
                 list a store's keys (secrets are never shown again)
  keys revoke ID revoke a key; running servers refuse it within 3 seconds
  healthcheck    exit 0 when the local server answers /healthz (container health check)
  retention --older-than AGE [--dry-run] [--batch N] [--pause D]
                 delete the attempts older than AGE (such as 400d) in short
                 batches, leaving every summary as it is; also purge the
                 idempotency outcomes: they are kept at least 24 hours, then
                 purged (for a daily cron job)
Run orders-api COMMAND -h for one command's flags.

Environment (defaults in brackets):
  DATABASE_URL         postgres://user:password@host:5432/db [empty: the embedded
                       SQLite file ./data/orders.db]
  HTTP_ADDR            listen address [:8080]
  LOG_LEVEL            debug, info, warn or error [info]
  LOG_FORMAT           json or text [json]
  MIGRATE_ON_START     serve, demo, keys and retention first apply pending
                       migrations; false skips that (migrate always applies them)
                       [true]
  MAX_BODY_BYTES       request body limit, after decompression [1048576]
  RATE_LIMIT_RPS       requests per second per key, 0 = off [100]
  RATE_LIMIT_BURST     burst per key, 0 = off [200]
  SHUTDOWN_TIMEOUT     graceful shutdown bound [15s]
  READ_HEADER_TIMEOUT, READ_TIMEOUT, WRITE_TIMEOUT, IDLE_TIMEOUT
                       HTTP server timeouts [5s, 30s, 30s, 120s]
  JWT_JWKS_FILE or JWT_PUBLIC_KEY_FILE, JWT_ISSUER, JWT_AUDIENCE
                       accept the admin SPA's RS256/ES256 tokens [off]
  CORS_ALLOWED_ORIGINS comma-separated origins of the admin SPA [none]
  TRUSTED_PROXIES      CIDRs whose X-Forwarded-For is believed [none]
  REQUEST_MAX_DELIVERIES
                       leases a re-integration request gets before it fails [5]
  REQUEST_TTL          a request not leased this long after it was asked fails [72h]
  STREAMS_PER_KEY      open live history streams per key on each server [5]
  PPROF_ADDR           serve only: a loopback host:port (127.0.0.1:6060) serving
                       Go's profiles at /debug/pprof/ [empty: off]
  GOGC, GOMEMLIMIT     the Go runtime's garbage collector settings; serve uses
                       400 and 128MiB when they are unset [400, 128MiB]
`
