package main

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

	"github.com/orders-api/orders-api/internal/idempotency"
)

const retentionUsage = `Usage: orders-api retention --older-than AGE [--dry-run] [--batch N] [--pause D]

Deletes the integration attempts that occurred more than AGE ago (such as
400d or 36h; at least 24h), store by store, oldest first, in batches of N rows
(default 5000), each its own short transaction, with a pause of D between
batches (default 0, such as 50ms to spare the disks and the replicas). No
order or summary changes: an order keeps its integration state and its
attempts counts. It also purges the idempotency outcomes older than 24 h.
--dry-run only counts. Counts go to stdout. Pending migrations are applied
first unless MIGRATE_ON_START=false. Safe to run while the servers run, and
to interrupt: run it again to finish. See docs/OPERATIONS.md for a cron job.
`

// Bounds of the retention flags.
const (
	minRetention   = 24 * time.Hour
	defaultBatch   = 5000
	maxBatch       = 50_000
	idempotencyAge = idempotency.Retention
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
	cfg, logger, err := setup(e, slog.LevelDebug)
	if err != nil {
		return err
	}
	db, err := openDatabase(ctx, cfg, logger, cfg.MigrateOnStart)
	if err != nil {
		return commandError("retention", err)
	}
	defer closeDatabase(db, logger)
	return runRetention(ctx, db, opts, time.Now().UTC(), e.stdout)
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

// retentionDB is what the retention needs of the database.
type retentionDB interface {
	AttemptStores(ctx context.Context) ([]string, error)
	CountAttemptsBefore(ctx context.Context, storeID string, cutoff time.Time) (int64, error)
	DeleteAttemptsBefore(ctx context.Context, storeID string, cutoff time.Time, limit int) (int64, error)
	Idempotency() idempotency.Store
}

// runRetention deletes (or, dry, counts) the attempts older than the
// cutoff, store by store, then purges old idempotency outcomes, and
// writes the counts to out. Interrupted, it reports what it did so far.
func runRetention(ctx context.Context, db retentionDB, opts retentionOptions, now time.Time, out io.Writer) error {
	start := time.Now()
	cutoff := now.Add(-opts.olderThan)
	verb := "deleted"
	if opts.dryRun {
		verb = "would delete"
	}
	fmt.Fprintf(out, "retention: attempts that occurred before %s (%s ago)\n", cutoff.Format(time.RFC3339), opts.age)
	stores, err := db.AttemptStores(ctx)
	if err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	var total, batches int64
	for _, store := range stores {
		n, b, err := retainStore(ctx, db, store, cutoff, opts)
		total, batches = total+n, batches+b
		if n > 0 {
			fmt.Fprintf(out, "  store %s: %s %s\n", store, verb, count(n, "attempt"))
		}
		if err != nil {
			fmt.Fprintf(out, "retention: stopped: %s so far\n", retentionTotal(opts, total, batches))
			return fmt.Errorf("retention: store %s: %w", store, err)
		}
	}
	fmt.Fprintf(out, "retention: %s, %s checked (%s)\n", retentionTotal(opts, total, batches),
		count(int64(len(stores)), "store"), time.Since(start).Round(time.Millisecond))
	return purgeOutcomes(ctx, db.Idempotency(), now, opts, out)
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

// retainStore deletes one store's old attempts, batch by batch, until a
// batch comes back short; dry, it counts them. It returns the count and the
// number of delete statements.
func retainStore(ctx context.Context, db retentionDB, store string, cutoff time.Time,
	opts retentionOptions) (n, batches int64, err error) {
	if opts.dryRun {
		n, err = db.CountAttemptsBefore(ctx, store, cutoff)
		return n, 0, err
	}
	for {
		deleted, err := db.DeleteAttemptsBefore(ctx, store, cutoff, opts.batch)
		if err != nil {
			return n, batches, err
		}
		n, batches = n+deleted, batches+1
		if deleted < int64(opts.batch) {
			return n, batches, nil
		}
		if err := sleep(ctx, opts.pause); err != nil {
			return n, batches, err
		}
	}
}

// purgeOutcomes deletes the idempotency outcomes older than their retention.
func purgeOutcomes(ctx context.Context, store idempotency.Store, now time.Time, opts retentionOptions, out io.Writer) error {
	if opts.dryRun {
		fmt.Fprintf(out, "retention: dry run: idempotency outcomes older than %s not purged\n", idempotencyAge)
		return nil
	}
	var total int64
	for {
		n, err := store.Purge(ctx, now.Add(-idempotencyAge), opts.batch)
		if err != nil {
			return fmt.Errorf("retention: idempotency purge after %d outcomes: %w", total, err)
		}
		total += n
		if n < int64(opts.batch) {
			break
		}
		if err := sleep(ctx, opts.pause); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "retention: purged %s older than %s\n", count(total, "idempotency outcome"), idempotencyAge)
	return nil
}

// sleep waits d, or less when ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
