package adminui_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// apiRequest is what the screens show of an integration request.
type apiRequest struct {
	ID     string `json:"id"`
	System string `json:"system"`
	State  string `json:"state"`
}

// openRequestsOf are the systems with an open (queued or leased) request of order id, from the API.
func openRequestsOf(s *site, id string) []string {
	var out []string
	for _, r := range pages[apiRequest](s, "/orders/"+id+"/integration-requests?limit=200", 10) {
		if (r.State == "queued" || r.State == "leased") && !slices.Contains(out, r.System) {
			out = append(out, r.System)
		}
	}
	slices.Sort(out)
	return out
}

// firstSystem is the first system of order id, from the API.
func firstSystem(t *testing.T, s *site, id string) string {
	t.Helper()
	var o apiOrder
	s.call(s.reader, "GET", "/orders/"+id, nil, 200, &o)
	var out []string
	for _, st := range o.Integration.Systems {
		out = append(out, st.System)
	}
	if len(out) == 0 {
		t.Fatalf("order %s has no system", id)
	}
	return out[0]
}

// testHistoryResend presses "Reenviar" for the showcase's first system: the
// pending record the API recorded shows at once, the button is disabled and
// the open request's state is shown in words.
func testHistoryResend(t *testing.T, b *browser) {
	ctx := b.tab(t, 1280, 900)
	b.signedInAs(t, ctx, b.site.admin)
	s := b.site
	id := s.showcase.String()
	system := firstSystem(t, s, id)
	if open := openRequestsOf(s, id); len(open) != 0 {
		t.Fatalf("the showcase has open requests %v before the test", open)
	}
	item := `//section[contains(@class,"resend")]//li[@data-system="` + system + `"]`
	button := item + `//button[normalize-space()="Reenviar"]`
	err := chromedp.Do(ctx,
		chromedp.Navigate(s.url+"/admin/#/pedidos/"+id+"/historico"),
		chromedp.WaitVisible(xp(item+`//*[normalize-space()="Sem reenvio aberto"]`)),
		chromedp.WaitEnabled(xp(button)),
	)
	if err != nil {
		t.Fatalf("the history's Reenviar for %s: %v", system, err)
	}
	before := historyOf(s, id)
	waitRows(t, ctx, rowsOf(before))
	if err := chromedp.Do(ctx, chromedp.Click(xp(button))); err != nil {
		t.Fatal(err)
	}
	waitJSON(t, ctx, `document.querySelector('.resend-notice').textContent`, "Reenvio para "+system+" solicitado.")
	after := historyOf(s, id)
	if len(after) != len(before)+1 || after[0].Status != "pending" || after[0].System != system || after[0].Message != "Reenvio solicitado" {
		t.Fatalf("the API's history after the resend starts with %+v (%d records, %d before), want one new pending %s record", after[0], len(after), len(before), system)
	}
	waitRows(t, ctx, rowsOf(after))
	if open := openRequestsOf(s, id); !slices.Equal(open, []string{system}) {
		t.Errorf("open requests after the resend: %v, want [%s]", open, system)
	}
	waitJSON(t, ctx, `document.evaluate('`+button+`', document, null, 9, null).singleNodeValue.disabled`, true)
	waitJSON(t, ctx, `document.querySelector('[data-system="`+system+`"] .resend-state').textContent`, "Reenvio aberto: na fila, aguardando o conector")
	b.shot(t, ctx, "history-resend-1280")
}

// testMenuResend asks for a resend of an order's system (the XSS order,
// with no open request) from the Pedido screen's "Ações adicionais": the
// API has the open request and the order's summary shows the system
// pending. A reader key gets the 403 in words.
func testMenuResend(t *testing.T, b *browser) {
	s := b.site
	id := s.xss
	system := firstSystem(t, s, id)
	item := `//*[@role="menuitem"][normalize-space()="Reenviar para ` + system + `"]`
	open := func(ctx context.Context) error {
		return chromedp.Do(ctx,
			chromedp.Navigate(s.url+"/admin/#/pedidos/"+id),
			chromedp.Click(xp(`//button[normalize-space()="Ações adicionais"]`)),
			chromedp.WaitVisible(xp(item)),
			chromedp.Click(xp(item)),
		)
	}

	reader := b.tab(t, 1280, 900)
	b.signedIn(t, reader)
	if err := open(reader); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(reader, chromedp.WaitVisible(xp(`//*[@role="alert"][contains(., "Só uma chave de administrador pode pedir reenvio.")]`))); err != nil {
		t.Fatalf("a reader's resend shows no refusal in words: %v", err)
	}
	if got := openRequestsOf(s, id); slices.Contains(got, system) {
		t.Fatalf("a reader's resend made a request: open %v", got)
	}

	// the admin by keyboard: Enter opens the menu on Histórico de
	// Integração, ArrowDown moves to Reenviar para, Enter asks
	ctx := b.tab(t, 1280, 900)
	b.signedInAs(t, ctx, s.admin)
	menu := xp(`//button[normalize-space()="Ações adicionais"]`)
	err := chromedp.Do(ctx,
		chromedp.Navigate(s.url+"/admin/#/pedidos/"+id),
		chromedp.WaitVisible(menu),
		chromedp.Focus(menu),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(xp(item)),
		chromedp.KeyEvent(kb.ArrowDown),
	)
	if err != nil {
		t.Fatal(err)
	}
	waitJSON(t, ctx, `document.activeElement.textContent`, "Reenviar para "+system)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	waitJSON(t, ctx, `document.querySelector('.resend-notice').textContent`, "Reenvio para "+system+" solicitado.")
	waitJSON(t, ctx, `document.activeElement.textContent`, "Ações adicionais") // the menu gave the focus back
	if got := openRequestsOf(s, id); !slices.Contains(got, system) {
		t.Fatalf("open requests after Reenviar para %s: %v", system, got)
	}
	waitJSON(t, ctx, `Array.from(document.querySelectorAll('table.systems tbody tr')).filter(r => r.cells[0].textContent === '`+system+`').map(r => r.cells[1].textContent)`, []string{"Pendente"})
}

// testBulkResend runs "Reenviar todos" for bling's failures: the dry run's
// count equals the API's, and after the confirmation the job's progress
// ends "Concluído" with the counts of GET /jobs/{jid}.
func testBulkResend(t *testing.T, b *browser) {
	ctx := b.tab(t, 1280, 900)
	b.signedInAs(t, ctx, b.site.admin)
	s := b.site
	var dry struct{ Matched, Open int }
	s.call(s.admin, "POST", "/integration-requests/bulk", map[string]any{
		"system": "bling", "dry_run": true, "filter": map[string]any{"integration_status": "error"},
	}, 200, &dry)
	if dry.Matched == 0 {
		t.Fatalf("the API's dry run for bling is %+v, want matched orders", dry)
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(s.url+"/admin/#/falhas?status=error&system=bling"),
		chromedp.WaitVisible(xp(`//h1[normalize-space()="Falhas"]`)),
		chromedp.Click(xp(`//section[contains(@class,"bulk")]//button[normalize-space()="Reenviar todos"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	want := strconv.Itoa(dry.Matched) + " pedidos; " + strconv.Itoa(dry.Open) + " já têm reenvio aberto"
	waitJSON(t, ctx, `document.querySelector('.bulk-count')?.textContent`, want)
	b.shot(t, ctx, "failures-bulk-1280")
	if err := chromedp.Do(ctx, chromedp.Click(xp(`//button[normalize-space()="Confirmar reenvio"]`))); err != nil {
		t.Fatal(err)
	}
	waitJSON(t, ctx, `document.querySelector('.job')?.dataset.state`, "succeeded")
	jid, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.job').dataset.jobId`))
	if err != nil {
		t.Fatal(err)
	}
	var job struct {
		State                                string
		Matched, Processed, Created, Skipped int
	}
	s.call(s.admin, "GET", "/jobs/"+jid, nil, 200, &job)
	if job.State != "succeeded" || job.Matched != dry.Matched || job.Processed != job.Matched || job.Created+job.Skipped != job.Matched || job.Skipped != dry.Open {
		t.Errorf("GET /jobs/%s: %+v, want succeeded with the dry run's %+v", jid, job, dry)
	}
	counts := "%d de %d processados · %d criados · %d ignorados (já tinham reenvio aberto)"
	waitJSON(t, ctx, `document.querySelector('.job-counts').textContent`, fmt.Sprintf(counts, job.Processed, job.Matched, job.Created, job.Skipped))
	waitJSON(t, ctx, `document.querySelector('.job-state').textContent`, "Situação: Concluído")
	b.shot(t, ctx, "failures-job-1280")

	narrow := b.tab(t, 390, 844)
	b.signedInAs(t, narrow, s.admin)
	err = chromedp.Do(narrow,
		chromedp.Navigate(s.url+"/admin/#/falhas?status=error&system=bling"),
		chromedp.Click(xp(`//section[contains(@class,"bulk")]//button[normalize-space()="Reenviar todos"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.bulk-count`)), // nothing left to resend: the job made bling pending
	)
	if err != nil {
		t.Fatal(err)
	}
	waitJSON(t, narrow, `document.querySelector('.bulk-count').textContent`, "Nenhum pedido para reenviar com este filtro.")
	if width, err := chromedp.Run(narrow, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); err != nil || width > 390 {
		t.Errorf("Falhas with Reenviar todos is %d px wide at 390 (%v)", width, err)
	}
	b.shot(t, narrow, "failures-bulk-390")
}
