package sqldb

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/orders-api/orders-api/internal/order"
)

// StatsReader is what Stats runs on, per engine: its read connection, its
// error mapping, and its fold of the states' counts (FoldCounts).
type StatsReader struct {
	Conn     func(ctx context.Context) *gorm.DB
	Classify func(err error, action string) error
	Fold     func(ctx context.Context, storeID, system string) error
	Log      *slog.Logger
}

// scan runs text on g and scans each row through dest.
func scan[T any](g *gorm.DB, dest func(*T) []any, text string, args ...any) ([]T, error) {
	rows, err := g.Raw(text, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(dest(&v)...); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// The statements of Stats, the same text on both engines. Each count is a
// range of one index (integration_attempts_system_idx, which starts
// store_id, system, status, occurred_at; order_integrations_system_status_idx),
// so none reads the table, and last_success_at is the first entry of one:
// the cost is that of the rows counted, not of the history's size
// (docs/PERFORMANCE.md, W6).
const (
	// statsSystemsSQL lists the store's systems by skipping through the
	// states' index, one probe per system: $1 store.
	statsSystemsSQL = `WITH RECURSIVE s(system) AS (
			SELECT min(system) FROM order_integrations WHERE store_id = $1
			UNION ALL
			SELECT (SELECT min(system) FROM order_integrations WHERE store_id = $1 AND system > s.system)
			FROM s WHERE s.system IS NOT NULL)
		SELECT system FROM s WHERE system IS NOT NULL`

	// statsCountsSQL is one system's window counts and times: $1 store,
	// $2 system, $3 and $4 the window. The counts are three ranges of
	// integration_attempts_system_idx, last_success_at its first entry; the
	// oldest pending state reads the system's pending states (no index on
	// last_attempt_at, which every attempt changes: it would turn the record
	// path's HOT updates of the states into full ones).
	statsCountsSQL = `SELECT
		(SELECT count(*) FROM integration_attempts WHERE store_id = $1 AND system = $2 AND status = 'pending'
			AND occurred_at >= $3 AND occurred_at < $4),
		(SELECT count(*) FROM integration_attempts WHERE store_id = $1 AND system = $2 AND status = 'success'
			AND occurred_at >= $3 AND occurred_at < $4),
		(SELECT count(*) FROM integration_attempts WHERE store_id = $1 AND system = $2 AND status = 'error'
			AND occurred_at >= $3 AND occurred_at < $4),
		(SELECT max(occurred_at) FROM integration_attempts WHERE store_id = $1 AND system = $2
			AND status = 'success'),
		(SELECT min(last_attempt_at) FROM order_integrations WHERE store_id = $1 AND system = $2
			AND status = 'pending')`

	// statsStatesSQL sums the deltas of the states' counts (migration
	// 00004's triggers), and counts them: $1 store, $2 system.
	statsStatesSQL = `SELECT status, sum(n), count(*) FROM integration_state_counts
		WHERE store_id = $1 AND system = $2 GROUP BY status`

	// statsFirstSuccessSQL lists the orders placed in the window with a
	// first success: $1 store, $2 system, $3 and $4 the window.
	statsFirstSuccessSQL = `SELECT placed_at, first_success_at FROM order_integrations
		WHERE store_id = $1 AND system = $2 AND placed_at >= $3 AND placed_at < $4
			AND first_success_at IS NOT NULL`

	// statsTopErrorsSQL groups the window's errors by code, each group with
	// its latest attempt: $1 store, $2 system, $3 and $4 the window, $5 how
	// many groups.
	statsTopErrorsSQL = `SELECT error_code, n, message, occurred_at FROM (
			SELECT error_code, message, occurred_at,
				count(*) OVER (PARTITION BY error_code) AS n,
				row_number() OVER (PARTITION BY error_code ORDER BY occurred_at DESC, seq DESC) AS rn
			FROM integration_attempts
			WHERE store_id = $1 AND system = $2 AND status = 'error' AND occurred_at >= $3 AND occurred_at < $4) g
		WHERE rn = 1
		ORDER BY n DESC, error_code ASC NULLS LAST
		LIMIT $5`
)

// Stats returns the statistics of SPEC 10.2: per system, four statements.
// W6 (docs/PERFORMANCE.md): the window's figures come from index ranges,
// whose cost is that of a day's attempts; the orders by current state, which
// an index could only count state by state (100,000 per system at SPEC 8's
// size, most of the answer's time), come from counters kept as deltas by
// triggers (stats_counts.go).
func (s StatsReader) Stats(ctx context.Context, storeID string, q order.StatsQuery) (order.Stats, error) {
	systems, err := s.systems(ctx, storeID, q.System)
	if err != nil {
		return order.Stats{}, err
	}
	// one goroutine per system: each reads its own index ranges on its own
	// connection, so the answer takes about as long as one system's
	out := order.Stats{Systems: make([]order.SystemStats, len(systems))}
	errs := make([]error, len(systems))
	var wg sync.WaitGroup
	for i, system := range systems {
		wg.Go(func() { out.Systems[i], errs[i] = s.systemStats(ctx, storeID, system, q) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return order.Stats{}, err
	}
	return out, nil
}

// systems returns the store's systems with any state, sorted; with only,
// that one alone if the store has it.
func (s StatsReader) systems(ctx context.Context, storeID string, only *string) ([]string, error) {
	systems, err := scan(s.Conn(ctx), func(v *string) []any { return []any{v} }, statsSystemsSQL, storeID)
	if err != nil {
		return nil, s.Classify(err, "list systems")
	}
	if only == nil {
		return systems, nil
	}
	for _, sys := range systems {
		if sys == *only {
			return []string{sys}, nil
		}
	}
	return nil, nil
}

// statsCounts is a row of statsCountsSQL.
type statsCounts struct {
	attempts                   order.StatusCounts
	lastSuccess, oldestPending scanTime
}

// systemStats returns one system's statistics.
func (s StatsReader) systemStats(ctx context.Context, storeID, system string, q order.StatsQuery) (order.SystemStats, error) {
	conn := s.Conn(ctx)
	counts, err := scan(conn, func(c *statsCounts) []any {
		return []any{&c.attempts.Pending, &c.attempts.Success, &c.attempts.Error, &c.lastSuccess, &c.oldestPending}
	}, statsCountsSQL, storeID, system, q.After, q.Before)
	if err != nil {
		return order.SystemStats{}, s.Classify(err, "count attempts")
	}
	if len(counts) != 1 {
		return order.SystemStats{}, fmt.Errorf("database: unable to count attempts: %d rows", len(counts))
	}
	c := counts[0]
	st := order.SystemStats{System: system, Attempts: c.attempts,
		LastSuccessAt: c.lastSuccess.t, OldestPendingAt: c.oldestPending.t}
	if st.Orders, err = s.stateCounts(ctx, storeID, system); err != nil {
		return order.SystemStats{}, err
	}
	if st.FirstSuccess, err = s.firstSuccess(ctx, storeID, system, q); err != nil {
		return order.SystemStats{}, err
	}
	if st.TopErrors, err = s.topErrors(ctx, storeID, system, q); err != nil {
		return order.SystemStats{}, err
	}
	return st, nil
}

// firstSuccess returns the nearest-rank percentiles of the seconds from
// placed_at to the first success of the orders placed in the window.
func (s StatsReader) firstSuccess(ctx context.Context, storeID, system string, q order.StatsQuery) (*order.Percentiles, error) {
	type pair struct{ placed, first time.Time }
	rows, err := scan(s.Conn(ctx), func(p *pair) []any { return []any{&p.placed, &p.first} },
		statsFirstSuccessSQL, storeID, system, q.After, q.Before)
	if err != nil {
		return nil, s.Classify(err, "read first successes")
	}
	seconds := make([]float64, len(rows))
	for i, p := range rows {
		seconds[i] = p.first.Sub(p.placed).Seconds()
	}
	return order.NearestRank(seconds), nil
}

// errorGroupRow is a row of statsTopErrorsSQL.
type errorGroupRow struct {
	code    *string
	count   int64
	message string
	at      scanTime
}

// topErrors returns the window's error groups, most frequent first.
func (s StatsReader) topErrors(ctx context.Context, storeID, system string, q order.StatsQuery) ([]order.ErrorGroup, error) {
	rows, err := scan(s.Conn(ctx), func(r *errorGroupRow) []any {
		return []any{&r.code, &r.count, &r.message, &r.at}
	}, statsTopErrorsSQL, storeID, system, q.After, q.Before, order.TopErrors)
	if err != nil {
		return nil, s.Classify(err, "group errors")
	}
	groups := make([]order.ErrorGroup, 0, len(rows))
	for _, r := range rows {
		g := order.ErrorGroup{ErrorCode: r.code, Count: r.count, LastMessage: r.message}
		if r.at.t != nil {
			g.LastAt = *r.at.t
		}
		groups = append(groups, g)
	}
	return groups, nil
}
