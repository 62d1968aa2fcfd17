package main

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// activity samples the statements that the service's connections run, from
// pg_stat_activity, so that a run can show that the yardstick issues the
// same SQL as the service. It sees the texts as sent, truncated to
// track_activity_query_size, of the statements running or of the
// transactions open (an idle connection shows its last statement, which may
// be of an earlier workload).
type activity struct {
	mu    sync.Mutex
	seen  map[string]int
	limit int
}

// sample polls pg_stat_activity every 10 ms until ctx is done.
func (a *activity) sample(ctx context.Context, dbURL, dbName string) error {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	var size string
	if err := conn.QueryRow(ctx, "SHOW track_activity_query_size").Scan(&size); err != nil {
		return err
	}
	a.mu.Lock()
	a.seen, a.limit = map[string]int{}, parseSize(size)-1
	a.mu.Unlock()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		rows, err := conn.Query(ctx, `SELECT query FROM pg_stat_activity WHERE datname = $1
			AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND application_name <> $2
			AND state IN ('active', 'idle in transaction') AND query <> ''`, dbName, appName)
		if err != nil {
			return nil // ctx canceled mid-query
		}
		texts, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return nil
		}
		a.mu.Lock()
		for _, t := range texts {
			a.seen[t]++
		}
		a.mu.Unlock()
	}
}

// compare returns the statements seen from the service that are not in
// want, and those of want never seen, both truncated as PostgreSQL shows them.
func (a *activity) compare(want []string) (extra, missing []string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	wanted := map[string]bool{}
	for _, w := range want {
		wanted[a.truncate(w)] = true
	}
	for t := range a.seen {
		if !wanted[t] {
			extra = append(extra, t)
		}
	}
	for w := range wanted {
		if a.seen[w] == 0 {
			missing = append(missing, w)
		}
	}
	slices.Sort(extra)
	slices.Sort(missing)
	return extra, missing
}

// truncate cuts s as pg_stat_activity does: at limit bytes, on a character boundary.
func (a *activity) truncate(s string) string {
	if a.limit <= 0 || len(s) <= a.limit {
		return s
	}
	cut := a.limit
	for cut > 0 && !startsRune(s[cut]) {
		cut--
	}
	return s[:cut]
}

func startsRune(b byte) bool { return b&0xC0 != 0x80 }

// parseSize reads a track_activity_query_size setting such as "1kB" or "4096".
func parseSize(s string) int {
	digits := strings.TrimRightFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	n, _ := strconv.Atoi(digits)
	switch strings.ToLower(strings.TrimPrefix(s, digits)) {
	case "kb":
		n *= 1024
	case "mb":
		n <<= 20
	}
	return n
}

// oneLine shortens a statement for the report.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 110 {
		s = s[:107] + "..."
	}
	return s
}
