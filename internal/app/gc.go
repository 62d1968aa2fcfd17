package app

import (
	"log/slog"
	"runtime/debug"
)

// The server's garbage collector settings, unless GOGC or GOMEMLIMIT set
// them. Its live heap is small (15-25 MB) while every request allocates,
// so with Go's default GOGC=100 the collector runs many times a second and
// took a quarter of the CPU of a list of 50 orders under load. GOGC=400
// lets the heap grow to five times the live data between collections (peak
// resident 60 MB under list load, 90-104 MB with batches of 500 in flight,
// docs/PERFORMANCE.md); the soft memory limit
// makes the collector work harder, whatever GOGC says, before the process
// gets near it.
const (
	serverGCPercent   = 400
	serverMemoryLimit = 128 << 20
)

// TuneGC applies the server's settings that the environment leaves unset.
func TuneGC(getenv func(string) string, logger *slog.Logger) {
	gogc, limit := getenv("GOGC"), getenv("GOMEMLIMIT")
	if gogc == "" {
		debug.SetGCPercent(serverGCPercent)
	}
	if limit == "" {
		debug.SetMemoryLimit(serverMemoryLimit)
	}
	logger.Debug("garbage collector", slog.String("GOGC", orDefault(gogc, "400 (orders-api default)")),
		slog.String("GOMEMLIMIT", orDefault(limit, "128MiB (orders-api default)")))
}

// orDefault is v, or def when v is empty.
func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
