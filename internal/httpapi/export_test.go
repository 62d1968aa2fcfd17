package httpapi_test

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi"
)

// exportHeader is SPEC 10.3's header row.
const exportHeader = "id,order_id,order_number,system,status,action,message,error_code,external_id,occurred_at,recorded_at"

// TestExport compares both formats of GET /integration-history/export with
// the paged history, filters included, and checks the headers, the RFC 4180
// quoting and the formula guard.
func TestExport(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("exp", auth.RoleAdmin)
	other := v.key("exp-other", auth.RoleAdmin)
	o1 := v.createOrder(admin, map[string]any{"number": "=1+1"})
	o2 := v.createOrder(admin, nil)
	v.record(other, v.createOrder(other, nil).ID, nil) // another store's: never exported
	t0 := time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)
	tricky := []string{`plain`, `comma, inside`, `"quoted" text`, "line\nbreak", "cr\r\nlf", `=HYPERLINK("x")`,
		`+1`, `-2`, `@sum`, "\ttab", "\rcr", `'already`, `ünïcødé <&>`}
	for i, msg := range tricky {
		body := map[string]any{"message": msg, "occurred_at": ts(t0.Add(time.Duration(i%4) * time.Minute)),
			"status": []string{"success", "error", "pending"}[i%3]}
		if i%2 == 0 {
			body["error_code"], body["action"], body["external_id"] = "x.y", "-act", "@ext"
		}
		if i%3 == 0 {
			body["system"] = "tiny"
		}
		v.record(admin, []string{o1.ID, o2.ID}[i%2], body)
	}
	for _, filter := range []string{"", "system=tiny", "status=error", "error_code=x.y",
		"occurred_after=" + ts(t0.Add(time.Minute)) + "&occurred_before=" + ts(t0.Add(3*time.Minute))} {
		want := walk[httpapi.AttemptResponse](v, admin, "/integration-history?limit=3&"+filter)
		r := v.must(v.do("GET", "/integration-history/export?"+filter, admin, nil), 200)
		if ct, cd := r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"); ct != "text/csv; charset=utf-8" ||
			cd != `attachment; filename="integration-history.csv"` {
			t.Errorf("csv %q: Content-Type %q, Content-Disposition %q", filter, ct, cd)
		}
		checkCSV(t, filter, r.Body, want, map[string]string{o1.ID: o1.Number, o2.ID: o2.Number})
		r = v.must(v.do("GET", "/integration-history/export?format=ndjson&"+filter, admin, nil), 200)
		if ct := r.Header.Get("Content-Type"); ct != "application/x-ndjson" {
			t.Errorf("ndjson %q: Content-Type %q", filter, ct)
		}
		checkNDJSON(t, filter, r.Body, want)
	}
	if r := v.must(v.do("GET", "/integration-history/export?format=ndjson&system=nope", admin, nil), 200); len(r.Body) != 0 {
		t.Errorf("empty ndjson export: %q", r.Body)
	}
	if r := v.must(v.do("GET", "/integration-history/export?system=nope", admin, nil), 200); string(r.Body) != exportHeader+"\r\n" {
		t.Errorf("empty csv export: %q, want the header row alone", r.Body)
	}
	for _, bad := range []string{"format=xml", "limit=10", "cursor=x", "status=nope", "order_id=x"} {
		wantProblem(t, v.do("GET", "/integration-history/export?"+bad, admin, nil), 400, strings.Split(bad, "=")[0])
	}
}

// checkCSV checks a CSV export against the paged history.
func checkCSV(t *testing.T, filter string, body []byte, want []httpapi.AttemptResponse, numbers map[string]string) {
	t.Helper()
	if !bytes.HasPrefix(body, []byte(exportHeader+"\r\n")) {
		t.Fatalf("csv %q: does not start with the header row and CRLF: %q", filter, body[:min(len(body), 120)])
	}
	records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("csv %q: %v", filter, err)
	}
	if len(records) != len(want)+1 {
		t.Fatalf("csv %q: %d rows, want %d", filter, len(records)-1, len(want))
	}
	for i, a := range want {
		wantRow := []string{a.ID, a.OrderID, numbers[a.OrderID], a.System, a.Status, str(a.Action), a.Message,
			str(a.ErrorCode), str(a.ExternalID), a.OccurredAt, a.RecordedAt}
		for j, f := range wantRow {
			if f != "" && strings.ContainsRune("=+-@\t\r", rune(f[0])) {
				wantRow[j] = "'" + f
			}
			// encoding/csv's reader turns a quoted CRLF into LF
			wantRow[j] = strings.ReplaceAll(wantRow[j], "\r\n", "\n")
		}
		if got := records[i+1]; strings.Join(got, "|") != strings.Join(wantRow, "|") {
			t.Errorf("csv %q row %d:\n got %q\nwant %q", filter, i, got, wantRow)
		}
	}
	if !bytes.Contains(body, []byte("\"cr\r\nlf\"")) && filter == "" {
		t.Errorf("csv: a CRLF in a field is not kept as is")
	}
}

// checkNDJSON checks an NDJSON export against the paged history, byte for
// byte the JSON of the history endpoints.
func checkNDJSON(t *testing.T, filter string, body []byte, want []httpapi.AttemptResponse) {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(body))
	i := 0
	for ; sc.Scan(); i++ {
		if i >= len(want) {
			t.Fatalf("ndjson %q: more than %d lines", filter, len(want))
		}
		var wantLine bytes.Buffer
		_ = json.NewEncoder(&wantLine).Encode(want[i])
		if got := sc.Text() + "\n"; got != wantLine.String() {
			t.Errorf("ndjson %q line %d:\n got %s\nwant %s", filter, i, got, wantLine.String())
		}
	}
	if i != len(want) {
		t.Errorf("ndjson %q: %d lines, want %d", filter, i, len(want))
	}
}

// str returns *s or "".
func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// TestExportChunks exports more attempts than one chunk of the walk reads,
// with equal occurred_at across chunk boundaries: none lost, none repeated.
func TestExportChunks(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("exp", auth.RoleAdmin)
	orders := []string{v.createOrder(admin, nil).ID, v.createOrder(admin, nil).ID}
	at := ts(time.Now().Add(-time.Hour))
	const n = 4500
	for start := 0; start < n; start += 500 {
		batch := make([]any, 500)
		for i := range batch {
			batch[i] = attemptBody(map[string]any{"order_id": orders[i%2], "message": fmt.Sprint(start + i), "occurred_at": at})
		}
		v.must(v.do("POST", "/integration-history/batch", admin, map[string]any{"attempts": batch}), 200)
	}
	r := v.must(v.do("GET", "/integration-history/export?format=ndjson", admin, nil), 200)
	lines := strings.Split(strings.TrimSuffix(string(r.Body), "\n"), "\n")
	seen := map[string]bool{}
	for i, line := range lines {
		var a httpapi.AttemptResponse
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		// same occurred_at: newest recorded first, so messages count down
		if want := fmt.Sprint(n - 1 - i); a.Message != want || seen[a.ID] {
			t.Fatalf("line %d: message %s (repeated: %v), want %s", i, a.Message, seen[a.ID], want)
		}
		seen[a.ID] = true
	}
	if len(lines) != n {
		t.Errorf("%d lines, want %d", len(lines), n)
	}
}

// TestStreamingRoutesDeadline checks that the request deadline (90% of
// WRITE_TIMEOUT) bounds every route but the export and the stream, which
// arm their own write deadlines.
func TestStreamingRoutesDeadline(t *testing.T) {
	t.Parallel()
	v := newEnv(t, httpapi.Config{MaxBodyBytes: 1 << 20, RequestTimeout: time.Nanosecond})
	admin := v.key("dl", auth.RoleAdmin)
	wantProblem(t, v.do("GET", "/integration-history", admin, nil), 503)
	wantProblem(t, v.do("GET", "/integration-stats", admin, nil), 503)
	if r := v.must(v.do("GET", "/integration-history/export", admin, nil), 200); string(r.Body) != exportHeader+"\r\n" {
		t.Errorf("export under an expired request deadline: %q", r.Body)
	}
}
