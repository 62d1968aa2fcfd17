package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/orders-api/orders-api/internal/app"
	"github.com/orders-api/orders-api/internal/idempotency"
	"github.com/orders-api/orders-api/internal/order"
)

const retentionUsage = `Usage: orders-api retention --older-than AGE [--dry-run] [--batch N] [--pause D]

Deletes the integration attempts that occurred more than AGE ago (such as
400d or 36h; at least 24h), store by store, oldest first, in batches of N rows
(default 5000), each its own short transaction, with a pause of D between
batches (default 0, such as 50ms to spare the disks and the replicas). No
order or summary changes: an order keeps its integration state and its
attempts counts. It also purges the idempotency outcomes: they are kept at
least 24 hours, then purged. --dry-run only counts. Counts go to stdout. Pending migrations are applied
first unless MIGRATE_ON_START=false. Safe to run while the servers run, and
to interrupt: run it again to finish. See docs/OPERATIONS.md for a cron job.
`

// Bounds of the retention flags.
const (
	minRetention = 24 * time.Hour
	defaultBatch = 5000
	maxBatch     = 50_000
)

// retentionOptions are the flags of orders-api retention.
type retentionOptions struct {
	olderThan time.Duration
	age       string // olderThan as given, such as 400d
	dryRun    bool
	batch     int
	pause     time.Duration
}

// retentionCmd is `orders-api retention`.
func retentionCmd(ctx context.Context, e env, args []string) error {
	opts, err := parseRetention(e, args)
	if err != nil {
		return err
	}
	a, err := app.Start(ctx, e.getenv, e.stderr, slog.LevelDebug, app.Options{})
	if err != nil {
		return commandError("retention", err)
	}
	defer a.Close()
	return runRetention(ctx, a, opts, time.Now().UTC(), e.stdout)
}

// parseRetention reads and checks the flags.
func parseRetention(e env, args []string) (retentionOptions, error) {
	fs := flag.NewFlagSet("retention", flag.ContinueOnError)
	age := fs.String("older-than", "", "delete attempts that occurred more than this long ago: 400d, 36h...")
	opts := retentionOptions{}
	fs.BoolVar(&opts.dryRun, "dry-run", false, "only count what would be deleted")
	fs.IntVar(&opts.batch, "batch", defaultBatch, "rows per delete statement")
	fs.DurationVar(&opts.pause, "pause", 0, "pause between batches")
	if err := noArgs(e, fs, args, retentionUsage); err != nil {
		return opts, err
	}
	if *age == "" {
		fmt.Fprint(e.stderr, retentionUsage)
		return opts, errors.New("retention: --older-than is required (such as 400d)")
	}
	var problems []string
	d, err := parseAge(*age)
	switch {
	case err != nil:
		problems = append(problems, err.Error())
	case d < minRetention:
		problems = append(problems, fmt.Sprintf("--older-than must be at least 24h, got %s", *age))
	}
	if opts.batch < 1 || opts.batch > maxBatch {
		problems = append(problems, fmt.Sprintf("--batch must be 1 to %d, got %d", maxBatch, opts.batch))
	}
	if opts.pause < 0 || opts.pause > time.Minute {
		problems = append(problems, fmt.Sprintf("--pause must be 0 to 1m, got %s", opts.pause))
	}
	if len(problems) > 0 {
		return opts, badValue("retention", strings.Join(problems, "; "))
	}
	opts.olderThan, opts.age = d, *age
	return opts, nil
}

// parseAge reads an age: a number of days such as 400d, or a Go duration
// such as 36h or 90m.
func parseAge(s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseInt(days, 10, 64)
		if err != nil || n < 0 || n > 100*366 {
			return 0, fmt.Errorf("--older-than %q: want a whole number of days such as 400d", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("--older-than %q: want days such as 400d or a duration such as 36h", s)
	}
	return d, nil
}

// runRetention deletes (or, dry, counts) the attempts older than the
// cutoff, store by store, then purges old idempotency outcomes, and
// writes the counts to out. Interrupted, it reports what it did so far.
func runRetention(ctx context.Context, a *app.App, opts retentionOptions, now time.Time, out io.Writer) error {
	start := time.Now()
	r := order.Retention{Before: now.Add(-opts.olderThan), DryRun: opts.dryRun, Batch: opts.batch, Pause: opts.pause}
	verb := "deleted"
	if opts.dryRun {
		verb = "would delete"
	}
	fmt.Fprintf(out, "retention: attempts that occurred before %s (%s ago)\n", r.Before.Format(time.RFC3339), opts.age)
	res, err := order.DeleteOldAttempts(ctx, a.DB, r, func(store string, n int64) {
		if n > 0 {
			fmt.Fprintf(out, "  store %s: %s %s\n", store, verb, count(n, "attempt"))
		}
	})
	if err != nil {
		if res.Stores > 0 {
			fmt.Fprintf(out, "retention: stopped: %s so far\n", retentionTotal(opts, res.Attempts, res.Batches))
		}
		return fmt.Errorf("retention: %w", err)
	}
	fmt.Fprintf(out, "retention: %s, %s checked (%s)\n", retentionTotal(opts, res.Attempts, res.Batches),
		count(int64(res.Stores), "store"), time.Since(start).Round(time.Millisecond))
	return purgeOutcomes(ctx, a, now, opts, out)
}

// retentionTotal says what a run did: "deleted 6 attempts in 4 batches",
// or, dry, "dry run: would delete 6 attempts".
func retentionTotal(opts retentionOptions, total, batches int64) string {
	if opts.dryRun {
		return "dry run: would delete " + count(total, "attempt")
	}
	return fmt.Sprintf("deleted %s in %s", count(total, "attempt"), count(batches, "batch"))
}

// count is n and noun, in the plural unless n is 1: 1 store, 2 batches.
func count(n int64, noun string) string {
	switch {
	case n == 1:
		return "1 " + noun
	case strings.HasSuffix(noun, "ch"):
		return fmt.Sprintf("%d %ses", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// purgeOutcomes purges the idempotency outcomes past their retention, as
// the servers do.
func purgeOutcomes(ctx context.Context, a *app.App, now time.Time, opts retentionOptions, out io.Writer) error {
	if opts.dryRun {
		fmt.Fprintf(out, "retention: dry run: idempotency outcomes older than %s not purged\n", idempotency.Retention)
		return nil
	}
	n, err := idempotency.Expire(ctx, a.DB.Idempotency(), now, opts.batch, opts.pause)
	if err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	fmt.Fprintf(out, "retention: purged %s older than %s\n", count(n, "idempotency outcome"), idempotency.Retention)
	return nil
}
