package order

import (
	"slices"
	"time"
)

// MaxStatsWindow is the longest window of GET /integration-stats.
const MaxStatsWindow = 93 * 24 * time.Hour

// TopErrors is how many error groups a system's statistics list.
const TopErrors = 10

// StatsQuery selects the statistics of a window: attempts with OccurredAt
// in [After, Before), orders placed in it; System, when set, alone.
type StatsQuery struct {
	System        *string
	After, Before time.Time
}

// Stats are the integration statistics of one store (SPEC 10.2).
type Stats struct {
	Systems []SystemStats // sorted by System
}

// StatusCounts counts by attempt status.
type StatusCounts struct {
	Pending, Success, Error int64
}

// Add counts n of status s.
func (c *StatusCounts) Add(s AttemptStatus, n int64) {
	switch s {
	case AttemptPending:
		c.Pending += n
	case AttemptSuccess:
		c.Success += n
	case AttemptError:
		c.Error += n
	}
}

// SystemStats are one system's statistics.
type SystemStats struct {
	System          string
	Attempts        StatusCounts // the window's attempts by status
	Orders          StatusCounts // the store's orders by this system's current state
	LastSuccessAt   *time.Time
	OldestPendingAt *time.Time
	// FirstSuccess holds the seconds from placed_at to the first success
	// of the orders placed in the window that have one; nil when none.
	FirstSuccess *Percentiles
	TopErrors    []ErrorGroup
}

// Percentiles are nearest-rank percentiles.
type Percentiles struct {
	P50, P95 float64
}

// ErrorGroup is the window's error attempts of one error code (nil: those
// without one), with the latest one's message and time.
type ErrorGroup struct {
	ErrorCode   *string
	Count       int64
	LastMessage string
	LastAt      time.Time
}

// NearestRank returns the p50 and p95 of values by nearest rank (the value
// at rank ceil(p/100 x n) of the sorted values), or nil when there are none.
// It sorts values.
func NearestRank(values []float64) *Percentiles {
	if len(values) == 0 {
		return nil
	}
	slices.Sort(values)
	rank := func(p int) float64 { // ceil(p x n / 100) in integers: no rounding
		i := (p*len(values) + 99) / 100
		return values[max(i, 1)-1]
	}
	return &Percentiles{P50: rank(50), P95: rank(95)}
}
