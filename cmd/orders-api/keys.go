package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/order"
)

const keysUsage = `Usage:
  orders-api keys create --store S --role R [--system SYS] [--name LABEL]
  orders-api keys list --store S
  orders-api keys revoke ID

create prints the new key's secret alone on one line of stdout; it is shown
this once only. list never shows secrets. A revoked key is refused by every
running server within 3 seconds. Pending migrations are applied first unless
MIGRATE_ON_START=false.
`

// keysCmd is `orders-api keys create|list|revoke`.
func keysCmd(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, keysUsage)
		return errors.New("keys: missing subcommand (create, list or revoke)")
	}
	switch args[0] {
	case "create":
		return keysCreate(ctx, e, args[1:])
	case "list":
		return keysList(ctx, e, args[1:])
	case "revoke":
		return keysRevoke(ctx, e, args[1:])
	case "help", "-h", "-help", "--help":
		fmt.Fprint(e.stderr, keysUsage)
		return nil
	}
	fmt.Fprint(e.stderr, keysUsage)
	return fmt.Errorf("keys: unknown subcommand %q (create, list or revoke)", args[0])
}

// withKeys runs fn with the key manager of the configured database.
func withKeys(ctx context.Context, e env, fn func(*auth.Keys) error) error {
	cfg, logger, err := setup(e, slog.LevelDebug)
	if err != nil {
		return err
	}
	db, err := openDatabase(ctx, cfg, logger, cfg.MigrateOnStart)
	if err != nil {
		return err
	}
	defer closeDatabase(db, logger)
	return fn(auth.NewKeys(db.Keys(), time.Now, cfg.KeyCacheTTL))
}

// keysCreate is `orders-api keys create`: the secret goes alone to stdout,
// so that scripts can capture it with $(orders-api keys create ...).
func keysCreate(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("keys create", flag.ContinueOnError)
	var in auth.NewKey
	fs.StringVar(&in.StoreID, "store", "", "the store (tenant) the key belongs to")
	role := fs.String("role", "", "admin, reader or connector")
	fs.StringVar(&in.System, "system", "", "the system of a connector key, like bling")
	fs.StringVar(&in.Name, "name", "", "a label, like the connector's host")
	if err := noArgs(e, fs, args, keysUsage); err != nil {
		return err
	}
	in.Role = auth.Role(*role)
	err := withKeys(ctx, e, func(keys *auth.Keys) error {
		k, token, err := keys.Create(ctx, in)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "created %s key %s for store %q; its secret is on stdout and is shown only this once\n",
			k.Role, k.ID, k.StoreID)
		_, err = fmt.Fprintln(e.stdout, token)
		return err
	})
	return explain("keys create", err)
}

// keysList is `orders-api keys list`: a table of a store's keys.
func keysList(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("keys list", flag.ContinueOnError)
	store := fs.String("store", "", "the store (tenant) whose keys to list")
	if err := noArgs(e, fs, args, keysUsage); err != nil {
		return err
	}
	if !order.ValidSlug(*store) {
		return errors.New("keys list: --store must be a store id (a lowercase slug)")
	}
	err := withKeys(ctx, e, func(keys *auth.Keys) error {
		list, err := keys.List(ctx, *store)
		if err != nil {
			return err
		}
		return writeKeyTable(e.stdout, list)
	})
	return explain("keys list", err)
}

// keysRevoke is `orders-api keys revoke ID`.
func keysRevoke(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("keys revoke", flag.ContinueOnError)
	if err := parseFlags(e, fs, args, keysUsage); err != nil {
		return err
	}
	id, err := uuid.Parse(fs.Arg(0))
	if fs.NArg() != 1 || err != nil {
		return errors.New("keys revoke: give exactly one key ID, as shown by keys list")
	}
	err = withKeys(ctx, e, func(keys *auth.Keys) error {
		if err := keys.Revoke(ctx, id); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "revoked key %s; running servers refuse it within 3 seconds\n", id)
		return nil
	})
	return explain("keys revoke", err)
}

// explain prefixes err with the command and spells out the fields of a
// validation error, which in the CLI are flags (store -> --store).
func explain(cmd string, err error) error {
	if err == nil {
		return nil
	}
	e, ok := errs.As(err)
	switch {
	case ok && len(e.Fields) > 0:
		parts := make([]string, len(e.Fields))
		for i, f := range e.Fields {
			parts[i] = "--" + f.Field + ": " + f.Message
		}
		return fmt.Errorf("%s: %s", cmd, strings.Join(parts, "; "))
	case ok && e.Code == errs.NotFound:
		return fmt.Errorf("%s: %s", cmd, e.Detail)
	}
	return fmt.Errorf("%s: %w", cmd, err)
}
