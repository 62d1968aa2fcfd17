package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/orders-api/orders-api/internal/config"
)

const healthcheckUsage = `Usage: orders-api healthcheck

Exits 0 when the server on this host answers GET /healthz with 200 within 2
seconds, 1 otherwise. It reads HTTP_ADDR for the port; it is the container
health check (the image has no curl).
`

// healthcheckTimeout bounds the whole check.
const healthcheckTimeout = 2 * time.Second

// healthcheckCmd is `orders-api healthcheck`.
func healthcheckCmd(ctx context.Context, e env, args []string) error {
	if err := noArgs(e, flag.NewFlagSet("healthcheck", flag.ContinueOnError), args, healthcheckUsage); err != nil {
		return err
	}
	cfg, err := config.Load(e.getenv)
	if err != nil {
		return err
	}
	return checkHealth(ctx, healthURL(cfg.HTTPAddr))
}

// healthURL is the /healthz URL of a server listening on addr (a valid
// host:port): loopback when it listens on every interface, else its host.
func healthURL(addr string) string {
	host, port, _ := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz"
}

// checkHealth returns nil when url answers 200.
func checkHealth(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, healthcheckTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	// A client of its own: no proxy from the environment, no kept connection.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: GET %s: %s", url, resp.Status)
	}
	return nil
}
