// Command orders-bench measures orders-api against its database's own limit
// (SPEC 8, issue 6): it seeds a PostgreSQL database through the service's
// migrations with COPY, starts the service binary, loads it with wrk on
// loopback (W1 ingest, W2 history, W3 failing orders, batch ingest), runs
// the same SQL in-process with pgx as the yardstick in the same run, and
// prints one table. `make bench` runs it; docs/PERFORMANCE.md explains the
// numbers.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "orders-bench:", err)
		os.Exit(1)
	}
}

// options is what a run does; flags set it.
type options struct {
	databaseURL             string
	server, wrk             string
	orders, attempts        int
	smallOrders, smallAtt   int
	duration, warmup, limit time.Duration
	conns, threads          int
	batchSize, batchConns   int
	pages                   int
	w4Requests              int
	only                    map[string]bool
	keep, reuse             bool
	pprof                   string
	env                     []string
	dbName                  string
}

// serviceEnv returns the variables given to the service besides the
// database, address, log and rate limit.
func (c options) serviceEnv() []string {
	env := append([]string{fmt.Sprintf("STREAMS_PER_KEY=%d", liveStreams+50)}, c.env...) // W5's streams share one key
	if c.pprof != "" {
		env = append(env, "PPROF_ADDR="+c.pprof)
	}
	return env
}

// workloadSteps returns the steps of -only that name rows of the table;
// the others (floor, minimal, half, small) are what runs with them.
func workloadSteps() []string {
	return []string{"w1", "w1nokey", "w2", "w3", "w3lean", "batch", "w4", "w5", "w6", "w7"}
}

// has reports whether step runs: every step when -only is empty, and every
// workload when -only names none (-only minimal: each workload on the
// service, the same SQL and the minimal SQL).
func (c options) has(step string) bool {
	if len(c.only) == 0 || c.only[step] {
		return true
	}
	steps := workloadSteps()
	if !slices.Contains(steps, step) {
		return false
	}
	for _, w := range steps {
		if c.only[w] {
			return false
		}
	}
	return true
}

func parse(args []string, getenv func(string) string) (options, error) {
	var c options
	fs := flag.NewFlagSet("orders-bench", flag.ContinueOnError)
	def := getenv("BENCH_DATABASE_URL")
	if def == "" {
		def = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	fs.StringVar(&c.databaseURL, "database-url", def, "a PostgreSQL server (any database on it; a superuser, for COPY without FK triggers)")
	fs.StringVar(&c.server, "server", "bin/orders-api", "the orders-api binary to measure")
	fs.StringVar(&c.wrk, "wrk", "wrk", "the wrk binary")
	fs.IntVar(&c.orders, "orders", 100_000, "orders of the large data set")
	fs.IntVar(&c.attempts, "attempts", 1_000_000, "attempts of the large data set")
	fs.IntVar(&c.smallOrders, "small-orders", 1_000, "orders of the small data set (the keyset comparison)")
	fs.IntVar(&c.smallAtt, "small-attempts", 10_000, "attempts of the small data set")
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "each measurement")
	fs.DurationVar(&c.warmup, "warmup", 3*time.Second, "the warm-up before each measurement")
	fs.DurationVar(&c.limit, "timeout", 12*time.Minute, "bound of the whole run")
	fs.IntVar(&c.conns, "c", 16, "connections (wrk) and workers (yardstick)")
	fs.IntVar(&c.threads, "t", 2, "wrk threads")
	fs.IntVar(&c.batchSize, "batch", 500, "attempts per batch")
	fs.IntVar(&c.batchConns, "batch-c", 4, "connections of the batch workload")
	fs.IntVar(&c.pages, "pages", 5, "W3: pages per walk (the first, then next_cursor)")
	fs.IntVar(&c.w4Requests, "w4-requests", 40_000, "W4: queued requests each side starts with (topped up before each)")
	only := fs.String("only", "", "comma-separated steps (default all): workloads w1,w1nokey,w2,w3,w3lean,batch,w4,w5,w6,w7 "+
		"(all of them when none is named), and with them floor (W2's HTTP floor), minimal (the minimal SQL), "+
		"half (half-rate latency), small (the keyset comparison, after half)")
	fs.StringVar(&c.dbName, "db", "orders_bench", "the database to (re)create; the small data set goes to DB_small")
	fs.BoolVar(&c.keep, "keep", false, "keep the databases afterwards")
	fs.BoolVar(&c.reuse, "reuse", false, "reuse the databases of a previous -keep run instead of seeding")
	fs.StringVar(&c.pprof, "pprof", "", "PPROF_ADDR for the service, such as 127.0.0.1:6060 (off by default)")
	fs.Func("env", "NAME=value for the service, such as GOMAXPROCS=1 (repeatable)", func(v string) error {
		if !strings.Contains(v, "=") {
			return errors.New("want NAME=value")
		}
		c.env = append(c.env, v)
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, errors.New("unexpected argument " + fs.Arg(0))
	}
	c.only = map[string]bool{}
	for s := range strings.SplitSeq(*only, ",") {
		if s = strings.TrimSpace(s); s != "" {
			c.only[s] = true
		}
	}
	return c, nil
}

// run parses args and runs the benchmark, writing its report to out.
func run(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	if len(args) > 0 && args[0] == floorCommand { // started by the run itself: see floor.go
		if len(args) != 4 {
			return errors.New("usage: orders-bench " + floorCommand + " ADDR DATABASE_URL CONNS")
		}
		conns, err := strconv.Atoi(args[3])
		if err != nil {
			return err
		}
		return serveFloor(ctx, args[1], args[2], conns)
	}
	c, err := parse(args, getenv)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, c.limit)
	defer cancel()
	b := &bench{cfg: c, out: out}
	return b.run(ctx)
}
