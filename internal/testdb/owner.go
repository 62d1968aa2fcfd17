package testdb

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// takeOwner picks a random owner token and takes its lock on conn.
func takeOwner(ctx context.Context, conn *pgx.Conn) (string, error) {
	for range 10 {
		owner := randomHex()
		ok, err := tryLock(ctx, conn, owner)
		if err != nil || ok {
			return owner, err
		}
	}
	return "", fmt.Errorf("no free owner token")
}

// tryLock tries to take owner's advisory lock on conn.
func tryLock(ctx context.Context, conn *pgx.Conn, owner string) (bool, error) {
	key, err := ownerKey(owner)
	if err != nil {
		return false, err
	}
	var ok bool
	err = conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1, $2)", ownerLockClass, key).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("take owner lock: %w", err)
	}
	return ok, nil
}

// dropDead drops the test databases of owners whose lock is free: their
// process has ended. mine is skipped: conn holds its lock, and advisory
// locks are re-entrant, so it would look free.
func dropDead(ctx context.Context, conn *pgx.Conn, mine string) error {
	rows, err := conn.Query(ctx, `SELECT datname FROM pg_database WHERE datname LIKE 'orders\_test\_%'`)
	if err != nil {
		return fmt.Errorf("list test databases: %w", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("list test databases: %w", err)
	}
	byOwner := map[string][]string{}
	for _, name := range names {
		owner, _, _ := strings.Cut(strings.TrimPrefix(name, prefix), "_")
		if _, err := ownerKey(owner); err == nil && owner != mine {
			byOwner[owner] = append(byOwner[owner], name)
		}
	}
	for owner, dbs := range byOwner {
		if err := dropIfDead(ctx, conn, owner, dbs); err != nil {
			return err
		}
	}
	return nil
}

// dropIfDead drops dbs when owner's lock is free, holding it meanwhile.
func dropIfDead(ctx context.Context, conn *pgx.Conn, owner string, dbs []string) error {
	ok, err := tryLock(ctx, conn, owner)
	if err != nil || !ok {
		return err // alive
	}
	key, _ := ownerKey(owner)
	defer conn.Exec(context.Background(), "SELECT pg_advisory_unlock($1, $2)", ownerLockClass, key)
	for _, name := range dbs {
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+quote(name)+" WITH (FORCE)"); err != nil {
			return fmt.Errorf("drop database %s of a finished test process: %w", name, err)
		}
	}
	return nil
}

// ownerKey returns the second lock key of an owner token: 8 hex digits.
func ownerKey(owner string) (int32, error) {
	b, err := hex.DecodeString(owner)
	if err != nil || len(b) != 4 {
		return 0, fmt.Errorf("not an owner token: %q", owner)
	}
	return int32(binary.BigEndian.Uint32(b)), nil
}

// randomHex returns 8 random hex digits.
func randomHex() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}
