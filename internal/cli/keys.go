package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strings"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/app"
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
	}
	if isHelp(args[0]) {
		fmt.Fprint(e.stdout, keysUsage)
		return nil
	}
	fmt.Fprint(e.stderr, keysUsage)
	return fmt.Errorf("keys: unknown subcommand %q (create, list or revoke)", args[0])
}

// withKeys runs fn with the key manager of the configured database.
func withKeys(ctx context.Context, e env, fn func(*auth.Keys) error) error {
	a, err := app.Start(ctx, e.getenv, e.stderr, slog.LevelDebug, app.Options{})
	if err != nil {
		return err
	}
	defer a.Close()
	return fn(a.Keys)
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
	if missing := missingFlags("--store", in.StoreID, "--role", *role); missing != "" {
		fmt.Fprint(e.stderr, keysUsage)
		return fmt.Errorf("keys create: %s required", missing)
	}
	if err := in.Validate(); err != nil {
		return badValue("keys create", explain(err).Error())
	}
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
	return commandError("keys create", explain(err))
}

// missingFlags names the flags, given as name, value pairs, whose value is
// empty: "--a is", "--a and --b are", or "" when none is.
func missingFlags(pairs ...string) string {
	var names []string
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			names = append(names, pairs[i])
		}
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0] + " is"
	}
	return strings.Join(names, " and ") + " are"
}

// keysList is `orders-api keys list`: a table of a store's keys.
func keysList(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("keys list", flag.ContinueOnError)
	store := fs.String("store", "", "the store (tenant) whose keys to list")
	if err := noArgs(e, fs, args, keysUsage); err != nil {
		return err
	}
	if *store == "" {
		fmt.Fprint(e.stderr, keysUsage)
		return errors.New("keys list: --store is required")
	}
	if !order.ValidSlug(*store) {
		return badValue("keys list", "--store must be a store id (a lowercase slug)")
	}
	err := withKeys(ctx, e, func(keys *auth.Keys) error {
		list, err := keys.List(ctx, *store)
		if err != nil {
			return err
		}
		return writeKeyTable(e.stdout, list)
	})
	return commandError("keys list", explain(err))
}

// keysRevoke is `orders-api keys revoke ID`.
func keysRevoke(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("keys revoke", flag.ContinueOnError)
	if err := parseFlags(e, fs, args, keysUsage); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprint(e.stderr, keysUsage)
		return fmt.Errorf("keys revoke: give exactly one key ID, as shown by keys list (got %d arguments)", fs.NArg())
	}
	id, err := uuid.Parse(fs.Arg(0))
	if err != nil {
		return badValue("keys revoke", fmt.Sprintf("%q is not a valid key ID: an ID is a UUID, as shown by keys list", fs.Arg(0)))
	}
	err = withKeys(ctx, e, func(keys *auth.Keys) error {
		if err := keys.Revoke(ctx, id); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "revoked key %s; running servers refuse it within 3 seconds\n", id)
		return nil
	})
	return commandError("keys revoke", explain(err))
}

// explain spells out the fields of a validation error, which in the CLI
// are flags (store -> --store), and the detail of a not-found one; other
// errors are returned as they are.
func explain(err error) error {
	e, ok := errs.As(err)
	switch {
	case ok && len(e.Fields) > 0:
		parts := make([]string, len(e.Fields))
		for i, f := range e.Fields {
			parts[i] = "--" + f.Field + ": " + f.Message
		}
		return errors.New(strings.Join(parts, "; "))
	case ok && e.Code == errs.NotFound:
		return errors.New(e.Detail)
	}
	return err
}
