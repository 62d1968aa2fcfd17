package database_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/errs"
)

func TestKeys(t *testing.T) {
	t.Parallel()
	ks, ctx := openDB(t).Keys(), context.Background()
	store := newStoreID()
	admin := auth.Key{ID: uuid.Must(uuid.NewV7()), StoreID: store, Role: auth.RoleAdmin, Name: "ops",
		SecretHash: []byte("0123456789abcdef0123456789abcdef"), CreatedAt: at(0)}
	conn := auth.Key{ID: uuid.Must(uuid.NewV7()), StoreID: store, Role: auth.RoleConnector, System: "bling",
		SecretHash: []byte("fedcba9876543210fedcba9876543210"), CreatedAt: at(-1)}
	for _, k := range []auth.Key{admin, conn} {
		if err := ks.CreateKey(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	got, err := ks.Key(ctx, conn.ID)
	if err != nil || !reflect.DeepEqual(got, conn) {
		t.Fatalf("Key:\n got %+v\nwant %+v (%v)", got, conn, err)
	}
	list, err := ks.Keys(ctx, store)
	if err != nil || !reflect.DeepEqual(list, []auth.Key{conn, admin}) {
		t.Fatalf("Keys: got %+v, want the connector then the admin (%v)", list, err)
	}
	if list, _ := ks.Keys(ctx, newStoreID()); len(list) != 0 {
		t.Errorf("another store's Keys: got %d keys", len(list))
	}
	for _, when := range []time.Time{at(10), at(20)} {
		if err := ks.RevokeKey(ctx, admin.ID, when); err != nil {
			t.Fatal(err)
		}
	}
	for _, when := range []time.Time{at(30), at(25)} {
		if err := ks.TouchKey(ctx, admin.ID, when); err != nil {
			t.Fatal(err)
		}
	}
	got, _ = ks.Key(ctx, admin.ID)
	if got.RevokedAt == nil || !got.RevokedAt.Equal(at(10)) || got.LastUsedAt == nil || !got.LastUsedAt.Equal(at(30)) {
		t.Errorf("revoked_at %v (want the first revocation), last_used_at %v (want the latest use)", got.RevokedAt, got.LastUsedAt)
	}
	missing := uuid.Must(uuid.NewV7())
	_, err = ks.Key(ctx, missing)
	for name, err := range map[string]error{"Key": err, "RevokeKey": ks.RevokeKey(ctx, missing, at(1)),
		"TouchKey": ks.TouchKey(ctx, missing, at(1))} {
		if errs.CodeOf(err) != errs.NotFound {
			t.Errorf("%s of a missing key: got %v, want NotFound", name, err)
		}
	}
}
