package testdb

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/orders-api/orders-api/internal/database"
)

// prefix starts the name of every database this package creates.
const prefix = "orders_test_"

// ownerLockClass is the first key of the owners' advisory locks, so that
// they don't collide with the application's (which use one 64-bit key).
const ownerLockClass = 0x6f727473 // "orts"

// templates holds the process's template databases, one per server. It is
// the package's only variable: the tests of one process share templates by
// design, and build each at most once.
var templates = templateSet{byServer: map[string]*template{}}

// templateSet builds and remembers template databases.
type templateSet struct {
	mu       sync.Mutex
	byServer map[string]*template
}

// template is one server's template database, or why it could not be built.
type template struct {
	once  sync.Once
	owner string    // this process's owner token, in hex
	lock  *pgx.Conn // holds the owner's lock until the process ends; never closed
	name  string
	err   error
}

// get returns base's template, building it on first use. A failure is
// remembered, so later tests fail (or skip) at once.
func (s *templateSet) get(base string) (*template, error) {
	s.mu.Lock()
	tp, ok := s.byServer[base]
	if !ok {
		tp = &template{}
		s.byServer[base] = tp
	}
	s.mu.Unlock()
	tp.once.Do(func() { tp.err = tp.build(base) })
	return tp, tp.err
}

// database returns a fresh name for a test database of this process.
func (tp *template) database() string { return prefix + tp.owner + "_" + randomHex() }

// build takes an owner lock, drops the databases of dead owners, then
// creates and migrates the template.
func (tp *template) build(base string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := url.Parse(base); err != nil {
		return fmt.Errorf("TEST_DATABASE_URL is not a URL: %w", err)
	}
	connectCtx, cancelConnect := context.WithTimeout(ctx, 10*time.Second)
	conn, err := pgx.Connect(connectCtx, base)
	cancelConnect()
	if err != nil {
		return &unreachableError{err}
	}
	if tp.owner, err = takeOwner(ctx, conn); err != nil {
		_ = conn.Close(ctx)
		return err
	}
	tp.lock = conn
	if err := dropDead(ctx, conn, tp.owner); err != nil {
		return err
	}
	tp.name = prefix + tp.owner + "_tmpl"
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+quote(tp.name)); err != nil {
		return fmt.Errorf("create template: %w", err)
	}
	return migrate(ctx, withDatabase(base, tp.name))
}

// migrate applies the migrations to the database at url.
func migrate(ctx context.Context, url string) error {
	db, err := database.Open(ctx, url, slog.New(slog.DiscardHandler))
	if err != nil {
		return fmt.Errorf("open template: %w", err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate template: %w", err)
	}
	return db.Close() // before any CREATE DATABASE copies it
}

// exec runs one statement on the server base, on a connection of its own.
func exec(ctx context.Context, base, stmt string) error {
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(ctx, stmt)
	return err
}

// quote quotes a database name as an SQL identifier.
func quote(name string) string { return pgx.Identifier{name}.Sanitize() }
