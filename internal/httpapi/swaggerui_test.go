package httpapi_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/orders-api/orders-api/internal/auth"
)

// chromiumPath returns Debian's chromium, skipping the test when it is not
// installed, except in CI (CI=true), where .ci/run installs it.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed (apt-get install chromium); CI must run the browser test")
	}
	t.Skip("chromium is not installed (apt-get install chromium)")
	return ""
}

// TestSwaggerUIInBrowser opens /swagger/index.html in headless Chromium:
// every operation of the contract is listed, and "Try it out" on GET
// /orders with an API key (Authorize) answers 200. The page must load
// nothing from another host. SWAGGER_UI_SCREENSHOT=file.png saves what the
// page showed.
func TestSwaggerUIInBrowser(t *testing.T) {
	t.Parallel()
	chromium := chromiumPath(t)
	v := newEnv(t)
	key := v.key("acme", auth.RoleReader)
	o := v.createOrder(v.key("acme", auth.RoleAdmin), nil)
	srv := httptest.NewServer(v.h)
	t.Cleanup(srv.Close)

	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]), chromedp.ExecPath(chromium),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1280, 1400))
	alloc, cancel := chromedp.NewExecAllocator(t.Context(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)

	if err := chromedp.Do(ctx); err != nil { // starts the browser, on a context without a deadline
		t.Fatalf("start chromium: %v", err)
	}
	var mu sync.Mutex
	var elsewhere []string
	err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			if u, err := url.Parse(e.Request.URL); err == nil && u.Scheme != "data" && u.Scheme+"://"+u.Host != srv.URL {
				mu.Lock()
				elsewhere = append(elsewhere, e.Request.URL)
				mu.Unlock()
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	run, cancel := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel)

	const op = "#operations-orders-listOrders"
	err = chromedp.Do(run,
		chromedp.Navigate(srv.URL+"/swagger/index.html"),
		chromedp.WaitVisible(chromedp.CSS(op)),
		// Authorize with the key, then Try it out on GET /orders.
		chromedp.Click(chromedp.CSS(".auth-wrapper .authorize")),
		chromedp.SendKeys(chromedp.CSS(".auth-container input"), key),
		chromedp.Click(chromedp.CSS(".auth-btn-wrapper .modal-btn.authorize")),
		chromedp.Click(chromedp.CSS(".auth-btn-wrapper .btn-done")),
		chromedp.Click(chromedp.CSS(op+" .opblock-summary-control")),
		chromedp.Click(chromedp.CSS(op+" .try-out__btn")),
		chromedp.Click(chromedp.CSS(op+" .execute")),
		chromedp.WaitVisible(chromedp.CSS(op+" .live-responses-table tbody .response-col_status")),
	)
	var ids []string
	var status, body string
	if err == nil {
		ids, err = chromedp.Run(run, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('.opblock')).map(e => e.id)`))
	}
	if err == nil {
		status, err = chromedp.Run(run, chromedp.Text(chromedp.CSS(op+" .live-responses-table tbody .response-col_status")))
	}
	if err == nil {
		body, err = chromedp.Run(run, chromedp.Text(chromedp.CSS(op+" .live-responses-table tbody .response-col_description")))
	}
	if shot := os.Getenv("SWAGGER_UI_SCREENSHOT"); shot != "" {
		if png, err := chromedp.Run(run, chromedp.CaptureScreenshot()); err == nil {
			_ = os.WriteFile(shot, png, 0o644)
		}
	}
	if err != nil {
		t.Fatalf("swagger UI: %v", err)
	}

	for _, want := range []string{"orders-listOrders", "orders-createOrder", "orders-getOrder", "orders-patchOrder",
		"integration-history-listOrderHistory", "integration-history-recordAttempt",
		"integration-history-listIntegrationHistory", "integration-history-recordAttemptBatch",
		"contract-getOpenAPIJSON", "health-healthz", "health-readyz", "health-metrics"} {
		if !slices.Contains(ids, "operations-"+want) {
			t.Errorf("operation %s is not listed; the page lists %v", want, ids)
		}
	}
	if strings.TrimSpace(status) != "200" || !strings.Contains(body, o.ID) {
		t.Errorf("Try it out on GET /orders: status %q, body %.300s; want 200 with order %s", status, body, o.ID)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(elsewhere) > 0 {
		t.Errorf("the page made requests to other hosts: %v", elsewhere)
	}
}
