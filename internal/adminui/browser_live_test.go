package adminui_test

import (
	"context"

	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
)

// testHistoryLive opens the showcase's history, records an attempt through
// the API, and waits for it at the top of the table without a reload: the
// rows are then exactly the API's history, so none is shown twice.
func testHistoryLive(t *testing.T, b *browser) {
	ctx := b.tab(t, 1280, 900)
	b.signedIn(t, ctx)
	s := b.site
	id := s.showcase.String()
	if err := chromedp.Do(ctx, chromedp.Navigate(s.url+"/admin/#/pedidos/"+id+"/historico")); err != nil {
		t.Fatal(err)
	}
	waitRows(t, ctx, rowsOf(historyOf(s, id)))
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__marker = true`)); err != nil {
		t.Fatal(err)
	}
	// the screen says when its stream is open: from then on, a new record comes
	waitJSON(t, ctx, `document.querySelector('.live').dataset.live`, "open")
	var a apiAttempt
	s.call(s.admin, "POST", "/orders/"+id+"/integration-history", map[string]any{
		"system": "tiny", "status": "error", "message": "Ao vivo: estoque insuficiente", "error_code": "stock.short",
	}, 201, &a)
	after := historyOf(s, id)
	if after[0].ID != a.ID {
		t.Fatalf("the API's history starts with %s, want the new %s", after[0].ID, a.ID)
	}
	waitRows(t, ctx, rowsOf(after))
	reloaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__marker === true`))
	if err != nil || !reloaded {
		t.Fatalf("the page was reloaded (%v)", err)
	}
}

// apiStats is the part of GET /integration-stats the test compares.
type apiStats struct {
	Systems []struct {
		System   string         `json:"system"`
		Attempts map[string]int `json:"attempts"`
		Orders   map[string]int `json:"orders"`
		Top      []struct {
			ErrorCode *string `json:"error_code"`
			Count     int     `json:"count"`
		} `json:"top_errors"`
	} `json:"systems"`
}

// statsJS reads the statistics the Falhas screen shows, as numbers per system.
const statsJS = `Array.from(document.querySelectorAll('.stats-system')).map(c => [c.dataset.system,
  ...Array.from(c.querySelectorAll('[data-stat][data-count]')).map(e => e.dataset.stat + '=' + e.dataset.count + '|' + e.querySelector('strong').textContent),
  ...Array.from(c.querySelectorAll('.top-errors tbody tr')).map(r => (r.dataset.code || '-') + '=' + r.querySelector('.num').textContent)].join(' '))`

// statsRows is statsJS's view of st.
func statsRows(st apiStats) []string {
	out := []string{}
	for _, sys := range st.Systems {
		row := sys.System
		for _, kind := range []string{"attempts", "orders"} {
			counts := sys.Attempts
			if kind == "orders" {
				counts = sys.Orders
			}
			for _, status := range []string{"pending", "success", "error"} {
				row += fmt.Sprintf(" %s.%s=%d|%s", kind, status, counts[status], ptCount(counts[status]))
			}
		}
		for _, e := range sys.Top {
			code := "-"
			if e.ErrorCode != nil {
				code = *e.ErrorCode
			}
			row += fmt.Sprintf(" %s=%s", code, ptCount(e.Count))
		}
		out = append(out, row)
	}
	return out
}

// ptCount is n as pt-BR groups it: 1.234.
func ptCount(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

// testFailuresStats opens Falhas for bling and the whole store: the counts
// and top errors shown are GET /integration-stats's for the same filter.
func testFailuresStats(t *testing.T, b *browser) {
	ctx := b.tab(t, 1280, 900)
	b.signedIn(t, ctx)
	s := b.site
	for _, q := range []string{"system=bling", ""} {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.url+"/admin/#/falhas?"+q)); err != nil {
			t.Fatal(err)
		}
		var st apiStats
		path := "/integration-stats"
		if q != "" {
			path += "?" + q
		}
		s.call(s.reader, "GET", path, nil, 200, &st)
		if len(st.Systems) == 0 {
			t.Fatalf("GET %s has no system", path)
		}
		waitJSON(t, ctx, statsJS, statsRows(st))
	}
	b.shot(t, ctx, "failures-stats-1280")

	narrow := b.tab(t, 390, 844)
	b.signedIn(t, narrow)
	if err := chromedp.Do(narrow, chromedp.Navigate(s.url+"/admin/#/falhas?status=error")); err != nil {
		t.Fatal(err)
	}
	waitJSON(t, narrow, `document.querySelectorAll('.stats-system').length > 0`, true)
	width, err := chromedp.Run(narrow, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil || width > 390 {
		t.Errorf("Falhas with its statistics is %d px wide at 390 (%v)", width, err)
	}
	b.shot(t, narrow, "failures-stats-390")
}

// testExportCSV presses Exportar CSV on Falhas filtered by bling errors: the
// browser saves integration-history.csv (download behaviour set to a
// temporary directory) and its bytes are the export endpoint's for the same
// filter.
func testExportCSV(t *testing.T, b *browser) {
	ctx := b.tab(t, 1280, 900)
	b.signedIn(t, ctx)
	s := b.site
	dir := t.TempDir()
	err := chromedp.Do(ctx,
		chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			_, err := cdp.Call(ctx, tg, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
				Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir})
			return chromedp.Void{}, err
		}),
		chromedp.Navigate(s.url+"/admin/#/falhas?system=bling&status=error"),
		chromedp.WaitVisible(xp(`//button[normalize-space()="Exportar CSV"]`)),
		chromedp.Click(xp(`//button[normalize-space()="Exportar CSV"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	want := exportOf(t, s, "system=bling&status=error&format=csv")
	// the screen says when the browser has the file; Chromium then writes it
	// under the <a download> name (a "(1)" suffix or a temporary name while
	// it writes are tolerated: the newest .csv of the directory is read)
	waitJSON(t, ctx, `document.querySelector('.export-state')?.textContent.startsWith('CSV baixado') ?? false`, true)
	file := filepath.Join(dir, "integration-history.csv")
	var got []byte
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if found, _ := filepath.Glob(filepath.Join(dir, "*.csv")); len(found) > 0 {
			file = found[len(found)-1]
		}
		if got, err = os.ReadFile(file); err == nil && len(got) == len(want) {
			break
		}
	}
	if string(got) != string(want) {
		t.Fatalf("the downloaded %s (%v) has %d bytes:\n%.300s\nwant the export's %d:\n%.300s", file, err, len(got), got, len(want), want)
	}
	waitJSON(t, ctx, `document.querySelector('.export-state').textContent.startsWith('CSV baixado')`, true)
	var urls []string
	if urls, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](`performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/integration-history/export'))`)); err != nil {
		t.Fatal(err)
	}
	// one fetch, with the screen's filters and no key in the URL (the
	// download's bytes being the export's show the Authorization header went)
	if len(urls) != 1 {
		t.Fatalf("the export was fetched as %v, want once", urls)
	}
	u, err := url.Parse(urls[0])
	if err != nil {
		t.Fatal(err)
	}
	if q := u.Query(); len(q) != 3 || q.Get("system") != "bling" || q.Get("status") != "error" || q.Get("format") != "csv" || strings.Contains(urls[0], s.reader) {
		t.Errorf("the export was fetched as %s, want system=bling, status=error and format=csv alone", urls[0])
	}
}

// exportOf is GET /integration-history/export?query, read whole.
func exportOf(t *testing.T, s *site, query string) []byte {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), "GET", s.url+"/integration-history/export?"+query, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.reader)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET export: %d %v: %s", resp.StatusCode, err, body)
	}
	return body
}
