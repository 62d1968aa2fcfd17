package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"time"

	"github.com/orders-api/orders-api/internal/app"
	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/demo"
)

const demoUsage = `Usage: orders-api demo

Seeds the demo store "demo", once, with about 300 orders placed over the last
30 days and their integration histories with Bling, Tiny and Omie; then prints
a new admin key and a new connector key (bling) for it, with curl lines to
try, and exits. orders-api serve --demo does the same, then serves.

Later runs add no data. Keys are stored hashed and can't be shown again, so
every run creates and prints a fresh pair; earlier ones keep working until
revoked (orders-api keys list --store demo). To start over with the embedded
database, stop the server and delete ./data.
`

// demoCmd is `orders-api demo`.
func demoCmd(ctx context.Context, e env, args []string) error {
	if err := noArgs(e, flag.NewFlagSet("demo", flag.ContinueOnError), args, demoUsage); err != nil {
		return err
	}
	a, err := app.Start(ctx, e.getenv, e.stderr, slog.LevelInfo, app.Options{})
	if err != nil {
		return commandError("demo", err)
	}
	defer a.Close()
	return seedDemo(ctx, e, a)
}

// seedDemo seeds the demo store unless it has orders, then creates a new
// admin and connector key for it and prints them with curl lines on stdout.
func seedDemo(ctx context.Context, e env, a *app.App) error {
	start := time.Now()
	res, err := demo.Seed(ctx, a.Orders, start)
	if err != nil {
		return err
	}
	a.Logger.Info("demo store ready", slog.String("store", demo.StoreID), slog.Bool("seeded_now", res.Seeded),
		slog.Int("orders", res.Orders), slog.Int64("attempts", res.Attempts),
		slog.String("took", time.Since(start).Round(time.Millisecond).String()))
	_, admin, err := a.Keys.Create(ctx, auth.NewKey{StoreID: demo.StoreID, Role: auth.RoleAdmin, Name: "demo admin"})
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	_, connector, err := a.Keys.Create(ctx, auth.NewKey{StoreID: demo.StoreID, Role: auth.RoleConnector,
		System: "bling", Name: "demo connector"})
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return printDemo(e.stdout, res, admin, connector, demoURL(a.Config.HTTPAddr))
}

// printDemo prints the demo store's keys and curl lines to try them.
func printDemo(w io.Writer, res demo.Result, admin, connector, base string) error {
	seeded := "seeded earlier"
	if res.Seeded {
		seeded = "seeded just now"
	}
	curl := func(key, rest string) string { return fmt.Sprintf(`curl -H "Authorization: Bearer %s" %s`, key, rest) }
	history := fmt.Sprintf("'%s/orders/%s/integration-history'", base, res.Showcase)
	_, err := fmt.Fprintf(w, `
Demo store %q: %d orders, %d integration attempts (%s).
New keys for it, shown only this once (earlier demo keys still work):
  admin:             %s
  connector (bling): %s

The admin screen: %s/admin/ (paste the admin key into "Chave de API")

Orders whose integration failed:
  %s
One order's integration history:
  %s
All Bling errors:
  %s
Record an attempt as the Bling connector:
  %s

`, demo.StoreID, res.Orders, res.Attempts, seeded, admin, connector, base,
		curl(admin, "'"+base+"/orders?integration_status=error'"), curl(admin, history),
		curl(admin, "'"+base+"/integration-history?system=bling&status=error'"),
		curl(connector, `-H 'Content-Type: application/json' -d '{"status":"success","message":"Pedido importado com sucesso"}' `+history))
	return err
}

// demoURL is the base URL of a server listening on addr (a valid
// host:port), as a newcomer types it: localhost when it listens on every
// interface.
func demoURL(addr string) string {
	host, port, _ := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}
