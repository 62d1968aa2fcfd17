package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// bench is one run: its data sets, the results so far, the report.
type bench struct {
	cfg    options
	out    io.Writer
	dir    string
	rows   []result
	half   []halfResult
	small  map[string]measurement
	rss    int64
	checks []string

	consistency string // the states and summaries recomputed from the history
	consistent  bool
	floor       *floorResult // W2 against the HTTP floor (floor.go)

	minConsistency string // the same, in the minimal yardstick's database
	minConsistent  bool

	w4Result string // W4's answers checked against the database (w4Check)
	w4OK     bool

	live []liveTarget // W5-W7's targets (live_reads.go, live_stream.go)
}

// floorResult is W2 measured against the HTTP floor.
type floorResult struct {
	m     measurement
	noise noiseReport
}

// dataSet is a seeded database.
type dataSet struct {
	name, url string
	keys      benchKeys
	ids       []uuid.UUID
	idsFile   string
	minimal   *minimalSet // the same data in the minimal tables, when the minimal yardstick runs
}

// minimalSet is the minimal yardstick's database (minimal_sql.go).
type minimalSet struct {
	name, url string
	ids       []uuid.UUID
}

// workload is one row of the table.
type workload struct {
	step, name  string
	script      string
	args        []string
	conns       int
	perRequest  int      // attempts per request, for the ingest rows
	yard        op       // the same-SQL yardstick; nil when the service's statement is not known
	sql         []string // what the yardstick runs: the service must run the same
	minOp       op       // the minimal yardstick; nil when it has none
	probe       string   // a request the service must answer 200 for the row to run (W3-lean)
	targetRatio bool     // a SPEC 8 workload, held to >= 0.6x the yardstick
	minTarget   float64  // issue 15's target against the minimal yardstick, 0 for none
	write       bool     // it adds attempts: it runs after the reads
	w4          *w4Yard  // W4's same-SQL side, whose log the check reads (W4 runs its own way: measureW4)
	order       int      // its row in the table
}

// result is a workload measured on the service and the yardsticks.
type result struct {
	workload
	service, yard, min                measurement
	serviceNoise, yardNoise, minNoise noiseReport
	unsupported                       string // why the service did not run it (the probe's answer)
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.out, format+"\n", args...)
}

func (b *bench) run(ctx context.Context) error {
	c := b.cfg
	dir, err := os.MkdirTemp("", "orders-bench-")
	if err != nil {
		return err
	}
	b.dir = dir
	defer func() {
		if !c.keep {
			os.RemoveAll(dir)
		}
	}()
	if err := writeScripts(dir); err != nil {
		return err
	}
	b.noise("before")
	if !loopback(c.databaseURL) {
		b.logf("WARNING: the database is not on a loopback address: the numbers include the network")
	}
	big, err := b.prepare(ctx, c.dbName, c.orders, c.attempts, 1, c.has("minimal"))
	if err != nil {
		return err
	}
	var small dataSet
	if c.has("small") {
		if small, err = b.prepare(ctx, c.dbName+"_small", c.smallOrders, c.smallAtt, 2, false); err != nil {
			return err
		}
	}
	minName := ""
	if big.minimal != nil {
		minName = big.minimal.name
	}
	defer b.dropAll(small.name, big.name, minName)
	if err := b.measureLarge(ctx, big); err != nil {
		return err
	}
	if c.has("small") {
		if err := b.measureSmall(ctx, small); err != nil {
			return err
		}
	}
	b.noise("after")
	b.report()
	return nil
}

// dropAll drops the run's databases unless -keep.
func (b *bench) dropAll(names ...string) {
	if b.cfg.keep {
		b.logf("kept databases %s and the run directory %s", strings.Join(slices.DeleteFunc(names,
			func(n string) bool { return n == "" }), ", "), b.dir)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, n := range names {
		if n != "" {
			if err := dropDatabase(ctx, b.cfg.databaseURL, n); err != nil {
				b.logf("drop %s: %v", n, err)
			}
		}
	}
}

// prepare seeds (or, with -reuse, reopens) database name, and with
// withMinimal the minimal yardstick's database, from the same data set.
func (b *bench) prepare(ctx context.Context, name string, nOrders, nAttempts int, seed uint64,
	withMinimal bool) (dataSet, error) {
	ds := dataSet{name: name}
	start := time.Now()
	var err error
	if b.cfg.reuse {
		b.logf("reusing %s", name)
		if ds.url, err = withDatabase(b.cfg.databaseURL, name); err != nil {
			return ds, err
		}
		if ds.ids, err = orderIDs(ctx, ds.url); err != nil {
			return ds, err
		}
		if withMinimal {
			if ds.minimal, err = reuseMinimal(ctx, b.cfg.databaseURL, name+minimalSuffix); err != nil {
				return ds, err
			}
		}
	} else {
		b.logf("seeding %s: %d orders, %d attempts", name, nOrders, nAttempts)
		d := generate(nOrders, nAttempts, time.Now().UTC().Add(-time.Hour).Truncate(time.Second), seed)
		b.logf("  generated in %v (summaries by order.Apply and order.Summarize)", time.Since(start).Round(time.Millisecond))
		if ds.url, err = createDatabase(ctx, b.cfg.databaseURL, name); err != nil {
			return ds, err
		}
		if err := seedTables(ctx, ds.url, d, b.out); err != nil {
			return ds, err
		}
		for _, o := range d.orders {
			ds.ids = append(ds.ids, o.id)
		}
		if withMinimal {
			if ds.minimal, err = b.seedMinimalSet(ctx, name+minimalSuffix, d, ds.ids); err != nil {
				return ds, err
			}
		}
	}
	if ds.keys, err = createKeys(ctx, ds.url); err != nil {
		return ds, err
	}
	ds.idsFile = filepath.Join(b.dir, name+".ids")
	var sb strings.Builder
	for _, id := range ds.ids {
		sb.WriteString(id.String() + "\n")
	}
	if err := os.WriteFile(ds.idsFile, []byte(sb.String()), 0o644); err != nil {
		return ds, err
	}
	b.logf("  %s ready in %v", name, time.Since(start).Round(time.Millisecond))
	return ds, nil
}

// orderIDs reads the ids of the bench store's orders.
func orderIDs(ctx context.Context, dbURL string) ([]uuid.UUID, error) {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	rows, err := conn.Query(ctx, "SELECT id FROM orders WHERE store_id = $1", storeID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
}

// loopback reports whether the database URL names a loopback host.
func loopback(dbURL string) bool {
	u, err := url.Parse(dbURL)
	if err != nil {
		return false
	}
	host := u.Hostname()
	ip := net.ParseIP(host)
	return host == "localhost" || (ip != nil && ip.IsLoopback())
}

// seedMinimalSet makes the minimal yardstick's database name from d, the
// data set just loaded into the main one: the same orders (ids) and attempts.
func (b *bench) seedMinimalSet(ctx context.Context, name string, d dataset, ids []uuid.UUID) (*minimalSet, error) {
	b.logf("seeding %s (the minimal yardstick's tables) from the same data set", name)
	dbURL, err := createMinimalDatabase(ctx, b.cfg.databaseURL, name)
	if err != nil {
		return nil, err
	}
	if err := seedMinimal(ctx, dbURL, d, b.out); err != nil {
		return nil, err
	}
	if err := checkpoint(ctx, dbURL); err != nil {
		return nil, err
	}
	return &minimalSet{name: name, url: dbURL, ids: ids}, nil
}

// reuseMinimal reopens the minimal database of a -keep run.
func reuseMinimal(ctx context.Context, base, name string) (*minimalSet, error) {
	dbURL, err := withDatabase(base, name)
	if err != nil {
		return nil, err
	}
	ids, err := orderIDs(ctx, dbURL)
	if err != nil {
		return nil, fmt.Errorf("reuse %s (kept by a -keep run that ran the minimal yardstick?): %w", name, err)
	}
	return &minimalSet{name: name, url: dbURL, ids: ids}, nil
}
