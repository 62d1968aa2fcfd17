package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
)

// Targets of SPEC 8 (continued): W5-W7.
const (
	maxStatsP50   = 50 * time.Millisecond
	minExportRate = 100_000
	maxLiveP99    = time.Second
	statsCalls    = 50
)

// liveTarget is one PASS/FAIL line of W5-W7 for the report.
type liveTarget struct {
	ok   bool
	text string
}

// get sends an authenticated GET to the service.
func get(ctx context.Context, client *http.Client, u, token string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", u, err)
	}
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		resp.Body.Close()
		return nil, fmt.Errorf("GET %s: %d %s", u, resp.StatusCode, b)
	}
	return resp, nil
}

// measureStats is W6: statsCalls calls of GET /integration-stats for the
// last 24 hours, for all systems and for one, one after the other.
func (b *bench) measureStats(ctx context.Context, svc *service, ds dataSet) error {
	now := time.Now().UTC()
	window := url.Values{"occurred_after": {now.Add(-24 * time.Hour).Format(time.RFC3339)},
		"occurred_before": {now.Format(time.RFC3339)}}
	for _, system := range []string{"", systems[0]} {
		q := url.Values{}
		for k, v := range window {
			q[k] = v
		}
		name := "W6 GET /integration-stats 24 h, all systems"
		if system != "" {
			q.Set("system", system)
			name = "W6 GET /integration-stats 24 h, system=" + system
		}
		took, err := timeCalls(ctx, svc.url()+"/integration-stats?"+q.Encode(), ds.keys.reader, statsCalls)
		if err != nil {
			return fmt.Errorf("W6: %w", err)
		}
		p50, p95 := took[len(took)/2], took[len(took)*95/100]
		b.logf("  %-44s %d calls: p50 %s, p95 %s, max %s", name, len(took), ms(p50), ms(p95), ms(took[len(took)-1]))
		b.live = append(b.live, liveTarget{ok: p50 < maxStatsP50,
			text: fmt.Sprintf("%s: p50 %s (< %v)", name, ms(p50), maxStatsP50)})
	}
	return nil
}

// timeCalls GETs u n times in a row and returns the durations, sorted.
func timeCalls(ctx context.Context, u, token string, n int) ([]time.Duration, error) {
	client := &http.Client{Timeout: 30 * time.Second}
	took := make([]time.Duration, 0, n)
	for range n {
		start := time.Now()
		resp, err := get(ctx, client, u, token)
		if err != nil {
			return nil, err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	return took, nil
}

// measureExport is W7: every attempt as CSV, its rows counted with a CSV
// reader and compared with the attempts of the database. The service's
// VmHWM after it is the process's peak of the whole run so far; run first,
// on a fresh service, that is the export's peak (or the start's).
func (b *bench) measureExport(ctx context.Context, svc *service, ds dataSet) error {
	want, err := countAttempts(ctx, ds.url)
	if err != nil {
		return err
	}
	start := time.Now()
	rows, err := exportRows(ctx, svc.url()+"/integration-history/export?format=csv", ds.keys.reader)
	if err != nil {
		return fmt.Errorf("W7: %w", err)
	}
	d := time.Since(start)
	rss, err := svc.peakRSS()
	if err != nil {
		return err
	}
	rate := float64(rows) / d.Seconds()
	b.logf("  %-44s %d rows in %v: %.0f rows/s; service VmHWM after it %.1f MB; %d attempts in the database",
		"W7 GET /integration-history/export (CSV)", rows, d.Round(time.Millisecond), rate, float64(rss)/(1<<20), want)
	b.live = append(b.live,
		liveTarget{ok: rate >= minExportRate, text: fmt.Sprintf("W7 export: %.0f rows/s (>= %d)", rate, minExportRate)},
		liveTarget{ok: rss <= maxRSS, text: fmt.Sprintf("W7 export: service peak RSS (VmHWM right after the export, "+
			"the process's peak since it started) %.1f MB (<= %d MB)", float64(rss)/(1<<20), maxRSS>>20)},
		liveTarget{ok: rows == want, text: fmt.Sprintf("W7 export: %d CSV rows = %d attempts in the database", rows, want)})
	return nil
}

// exportRows GETs the CSV export at u and returns its rows, header excluded.
func exportRows(ctx context.Context, u, token string) (int64, error) {
	resp, err := get(ctx, &http.Client{Timeout: 5 * time.Minute}, u, token)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	r := csv.NewReader(resp.Body)
	r.ReuseRecord = true
	var n int64
	for {
		_, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, fmt.Errorf("read the CSV at row %d: %w", n, err)
		}
		n++
	}
	if n == 0 {
		return 0, errors.New("no header row")
	}
	return n - 1, nil
}

// countAttempts returns the bench store's attempts in the database.
func countAttempts(ctx context.Context, dbURL string) (int64, error) {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return 0, err
	}
	defer conn.Close(context.Background())
	var n int64
	err = conn.QueryRow(ctx, "SELECT count(*) FROM integration_attempts WHERE store_id = $1", storeID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count attempts: %w", err)
	}
	return n, nil
}

// measureLiveReads runs W7, then W6, on the data as seeded, before any
// other workload: W7 first, so the service's VmHWM after it is the
// export's peak, and before the writes, so its rows match the count.
func (b *bench) measureLiveReads(ctx context.Context, svc *service, ds dataSet) error {
	if b.cfg.has("w7") {
		if err := b.measureExport(ctx, svc, ds); err != nil {
			return err
		}
	}
	if b.cfg.has("w6") {
		return b.measureStats(ctx, svc, ds)
	}
	return nil
}
