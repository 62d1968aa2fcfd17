package database_test

import (
	"context"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/config"
	"github.com/orders-api/orders-api/internal/database"
	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/idempotency"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/testdb"
)

// TestOpenEmbeddedDefault opens the empty URL: the file ./data/orders.db,
// created with its directory. It changes the working directory, so it is
// not parallel.
func TestOpenEmbeddedDefault(t *testing.T) {
	if database.EmbeddedFile != config.EmbeddedDatabaseFile {
		t.Errorf("database opens %s, config says %s", database.EmbeddedFile, config.EmbeddedDatabaseFile)
	}
	t.Chdir(t.TempDir())
	db, err := database.Open(t.Context(), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := db.Ready(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(database.EmbeddedFile); err != nil {
		t.Fatalf("the embedded file: %v", err)
	}
}

// TestSQLiteStorage checks the stored forms: times as fixed-width UTC text
// whose text order is time order, JSON as text.
func TestSQLiteStorage(t *testing.T) {
	testdb.RequireSQLite(t, "the stored forms of times and JSON in the SQLite file")
	t.Parallel()
	db, url := openURL(t)
	s, store, ctx := db.Orders(), newStoreID(), context.Background()
	placed := time.Date(2026, 11, 26, 14, 3, 7, 0, time.FixedZone("BRT", -3*3600))
	o := createOrder(t, s, store, "1", placed)
	record(t, s, store, newAttempt(o, "bling", order.AttemptError, at(1)))
	raw := rawDB(t, url)
	var placedText, itemsType string
	err := raw.QueryRow(ctx, "SELECT CAST(placed_at AS text), typeof(items) FROM orders WHERE id = $1", o.ID).
		Scan(&placedText, &itemsType)
	if err != nil || placedText != "2026-11-26T17:03:07.000000Z" || itemsType != "text" {
		t.Errorf("placed_at %q, items %s (%v); want 2026-11-26T17:03:07.000000Z and text", placedText, itemsType, err)
	}
	var detailsType string
	if err := raw.QueryRow(ctx, "SELECT typeof(details) FROM integration_attempts").Scan(&detailsType); err != nil || detailsType != "text" {
		t.Errorf("details stored as %s (%v), want text", detailsType, err)
	}
	// text order is time order, from year 1 to 9999
	times := []time.Time{time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), at(0), at(0).Add(time.Microsecond),
		time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC)}
	for i, tm := range times {
		createOrder(t, s, store, string(rune('a'+i)), tm)
	}
	got, err := s.Orders(ctx, store, order.OrderFilter{Sort: order.SortPlacedAsc, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var placedAts []time.Time
	for _, o := range got {
		if o.Number != "1" {
			placedAts = append(placedAts, o.PlacedAt)
		}
	}
	if !reflect.DeepEqual(placedAts, times) {
		t.Errorf("placed_at order:\n got %v\nwant %v", placedAts, times)
	}
}

// TestSQLiteSchema checks that the file is in WAL mode and that the schema
// refuses a time in any other form than the fixed-width one.
func TestSQLiteSchema(t *testing.T) {
	testdb.RequireSQLite(t, "the SQLite file's journal mode and time checks")
	t.Parallel()
	_, url := openURL(t)
	raw, ctx := rawDB(t, url), context.Background()
	var mode string
	if err := raw.QueryRow(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q (%v), want wal", mode, err)
	}
	_, err := raw.Exec(ctx, `INSERT INTO api_keys (id, store_id, role, secret_hash, created_at)
		VALUES ('x', 's', 'admin', x'00', '2026-11-26 14:03:07+00:00')`)
	if err == nil {
		t.Error("a time in another form was stored")
	}
}

// TestSQLiteIdempotencyLock: a key held by a transaction that has not
// written yet (so holds no SQLite lock) answers false at once to others,
// other keys and stores are free, uncommitted data is invisible to reads,
// and the key is free again once the holder commits or rolls back.
func TestSQLiteIdempotencyLock(t *testing.T) {
	testdb.RequireSQLite(t, "the in-process idempotency locks of the embedded database")
	t.Parallel()
	db := openDB(t)
	is, s, ctx := db.Idempotency(), db.Orders(), context.Background()
	store := newStoreID()
	resp := idempotency.Response{Fingerprint: []byte{1}, Status: 201, ContentType: "application/json",
		Location: "/orders/x", Body: []byte(`{}`), CreatedAt: at(0)}
	locked, created, release := make(chan struct{}), make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	o := newOrder(store, "1", at(0))
	go func() {
		done <- is.InTx(ctx, func(ctx context.Context) error {
			for range 2 { // a holder may take its key again
				if ok, err := is.Lock(ctx, store, "k1"); !ok || err != nil {
					t.Errorf("holder's Lock = %v, %v", ok, err)
				}
			}
			close(locked)
			if err := s.CreateOrder(ctx, o); err != nil {
				return err
			}
			close(created)
			<-release
			return is.SaveResponse(ctx, store, "k1", resp)
		})
	}()
	<-locked
	tryLock := func(store, key string, want bool) {
		t.Helper()
		err := is.InTx(ctx, func(ctx context.Context) error {
			if ok, err := is.Lock(ctx, store, key); ok != want || err != nil {
				t.Errorf("Lock(%s, %s) = %v, %v; want %v", store, key, ok, err, want)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	tryLock(store, "k1", false)
	tryLock(newStoreID(), "k1", true)
	tryLock(store, "k2", true)
	<-created
	tryLock(store, "k1", false) // the holder now holds the writer too
	if _, err := s.Order(ctx, store, o.ID); errs.CodeOf(err) != errs.NotFound {
		t.Errorf("uncommitted order visible: %v", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	checkLock(t, is, store, "k1", true, &resp)
	fail := errs.New(errs.Invalid, "no")
	err := is.InTx(ctx, func(ctx context.Context) error {
		_, _ = is.Lock(ctx, store, "k3")
		return fail
	})
	if err != fail {
		t.Fatalf("InTx = %v, want fn's error", err)
	}
	tryLock(store, "k3", true)
}

// TestSQLiteRetention runs attempt retention on SQLite: the old attempts of
// each store go, in batches; the recent ones, the orders and their
// summaries stay.
func TestSQLiteRetention(t *testing.T) {
	testdb.RequireSQLite(t, "retention's SQLite statements (TestRetentionDeletesOldAttemptsOnly covers PostgreSQL)")
	t.Parallel()
	db := openDB(t)
	s, ctx := db.Orders(), context.Background()
	cutoff := base.Add(-400 * 24 * time.Hour)
	stores, old := retentionSeed(t, s, cutoff)
	summaries := func() []order.Order {
		var all []order.Order
		for _, store := range stores {
			page, err := s.Orders(ctx, store, order.OrderFilter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, page...)
		}
		return all
	}
	before := summaries()
	if got, err := db.AttemptStores(ctx); err != nil || !reflect.DeepEqual(got, stores) {
		t.Fatalf("AttemptStores = %v, %v; want %v", got, err, stores)
	}
	for _, store := range stores {
		if n, err := db.CountAttemptsBefore(ctx, store, cutoff); err != nil || n != old[store] {
			t.Errorf("CountAttemptsBefore(%s) = %d, %v; want %d", store, n, err, old[store])
		}
		var total int64
		for n := int64(3); n == 3; total += n {
			var err error
			if n, err = db.DeleteAttemptsBefore(ctx, store, cutoff, 3); err != nil {
				t.Fatal(err)
			}
		}
		if total != old[store] {
			t.Errorf("store %s: deleted %d attempts, want %d", store, total, old[store])
		}
		left, err := s.Attempts(ctx, store, order.AttemptFilter{Limit: 100})
		if err != nil || int64(len(left)) != 20-old[store] {
			t.Errorf("store %s: %d attempts left (%v), want %d", store, len(left), err, 20-old[store])
		}
		for _, a := range left {
			if a.OccurredAt.Before(cutoff) {
				t.Errorf("an attempt of %v is left", a.OccurredAt)
			}
		}
	}
	if after := summaries(); !reflect.DeepEqual(after, before) {
		t.Errorf("retention changed orders or summaries:\nbefore %+v\nafter  %+v", before, after)
	}
}

// TestSQLiteBeginFailure: a transaction that can't begin (here, its context
// is canceled before its first statement) fails every statement in it with
// an error, and frees its key.
func TestSQLiteBeginFailure(t *testing.T) {
	testdb.RequireSQLite(t, "the lazily begun transactions of the embedded database")
	t.Parallel()
	db := openDB(t)
	is, s, store := db.Idempotency(), db.Orders(), newStoreID()
	ctx, cancel := context.WithCancel(context.Background())
	err := is.InTx(ctx, func(ctx context.Context) error {
		if ok, err := is.Lock(ctx, store, "k"); !ok || err != nil {
			t.Errorf("Lock = %v, %v", ok, err)
		}
		cancel()
		if _, err := is.Response(ctx, store, "k"); err == nil {
			t.Error("Response in a transaction that could not begin: no error")
		}
		return s.CreateOrder(ctx, newOrder(store, "1", at(0)))
	})
	if err == nil {
		t.Fatal("CreateOrder in a transaction that could not begin: no error")
	}
	err = is.InTx(context.Background(), func(ctx context.Context) error {
		if ok, err := is.Lock(ctx, store, "k"); !ok || err != nil {
			t.Errorf("Lock after the failed transaction = %v, %v; want the key free", ok, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
