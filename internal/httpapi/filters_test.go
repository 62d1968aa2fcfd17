package httpapi_test

import (
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi"
)

// TestOrderFilters covers every filter of GET /orders, the half-open
// windows and the sorts.
func TestOrderFilters(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	t0 := time.Now().Add(-48 * time.Hour).UTC().Truncate(time.Second)
	at := func(h int) string { return ts(t0.Add(time.Duration(h) * time.Hour)) }
	mk := func(name, status string, h int) httpapi.OrderResponse {
		return v.createOrder(admin, map[string]any{"number": name, "status": status, "placed_at": at(h)})
	}
	// name: what its history is
	never := mk("never", "pending", 0)      // no attempt
	blingOK := mk("bling-ok", "paid", 1)    // bling success
	blingErr := mk("bling-err", "paid", 2)  // bling error (earlier success)
	tinyErr := mk("tiny-err", "shipped", 3) // bling success, tiny error
	tinyOnly := mk("tiny-only", "paid", 4)  // tiny pending
	tie := mk("tie", "canceled", 4)         // same placed_at as tiny-only; bling pending
	rec := func(o httpapi.OrderResponse, system, status string) {
		v.record(admin, o.ID, map[string]any{"system": system, "status": status, "occurred_at": at(10)})
	}
	rec(blingOK, "bling", "success")
	v.record(admin, blingErr.ID, map[string]any{"status": "success", "occurred_at": at(9)})
	rec(blingErr, "bling", "error")
	rec(tinyErr, "bling", "success")
	rec(tinyErr, "tiny", "error")
	rec(tinyOnly, "tiny", "pending")
	rec(tie, "bling", "pending")
	time.Sleep(2 * time.Millisecond)
	patched := decode[httpapi.OrderResponse](t, v.must(v.do("PATCH", "/orders/"+blingOK.ID, admin, `{"status":"invoiced"}`), 200))

	// by placed_at desc, ties by id desc
	byPlacedDesc := []httpapi.OrderResponse{tie, tinyOnly, tinyErr, blingErr, blingOK, never}
	if tie.ID < tinyOnly.ID {
		byPlacedDesc[0], byPlacedDesc[1] = tinyOnly, tie
	}
	names := func(os []httpapi.OrderResponse) []string {
		out := make([]string, len(os))
		for i, o := range os {
			out[i] = o.Number
		}
		return out
	}
	all := names(byPlacedDesc)
	rev := slices.Clone(all)
	slices.Reverse(rev)
	// by updated_at: creation order, but bling-ok was patched last
	updatedAsc := []string{"never", "bling-err", "tiny-err", "tiny-only", "tie", "bling-ok"}
	updatedDesc := slices.Clone(updatedAsc)
	slices.Reverse(updatedDesc)
	only := func(keep ...string) []string {
		return slices.DeleteFunc(slices.Clone(all), func(s string) bool { return !slices.Contains(keep, s) })
	}
	q := url.QueryEscape
	tests := []struct {
		query string
		want  []string
	}{
		{"", all},
		{"sort=-placed_at", all},
		{"sort=placed_at", rev},
		{"sort=-updated_at", updatedDesc},
		{"sort=updated_at", updatedAsc},
		{"status=paid", only("bling-err", "tiny-only")},
		{"status=invoiced", only("bling-ok")},
		{"status=delivered", nil},
		{"number=tie", only("tie")},
		{"number=TIE", nil},
		{"integration_status=none", only("never")},
		{"integration_status=success", only("bling-ok")},
		{"integration_status=pending", only("tiny-only", "tie")},
		{"integration_status=error", only("bling-err", "tiny-err")},
		{"system=bling", only("bling-ok", "bling-err", "tiny-err", "tie")},
		{"system=tiny", only("tiny-err", "tiny-only")},
		{"system=omie", nil},
		{"system=bling&integration_status=success", only("bling-ok", "tiny-err")},
		{"system=bling&integration_status=error", only("bling-err")},
		{"system=bling&integration_status=pending", only("tie")},
		{"system=bling&integration_status=none", only("never", "tiny-only")},
		{"system=tiny&integration_status=none", only("never", "bling-ok", "bling-err", "tie")},
		{"system=bling&integration_status=none&placed_before=" + q(at(4)), only("never")},
		{"system=bling&sort=placed_at", []string{"bling-ok", "bling-err", "tiny-err", "tie"}},
		{"system=bling&integration_status=success&sort=-updated_at", []string{"bling-ok", "tiny-err"}},
		{"system=bling&placed_after=" + q(at(2)) + "&placed_before=" + q(at(4)), only("bling-err", "tiny-err")},
		{"placed_after=" + q(at(1)), only("bling-ok", "bling-err", "tiny-err", "tiny-only", "tie")},
		{"placed_before=" + q(at(1)), only("never")},
		{"placed_after=" + q(at(1)) + "&placed_before=" + q(at(2)), only("bling-ok")},
		{"placed_after=" + q(at(4)), only("tiny-only", "tie")},
		{"placed_before=" + q(at(4)), only("never", "bling-ok", "bling-err", "tiny-err")},
		{"placed_after=" + q(t0.Add(time.Hour).In(time.FixedZone("", -3*3600)).Format(time.RFC3339)), only("bling-ok", "bling-err", "tiny-err", "tiny-only", "tie")},
		{"updated_after=" + q(patched.UpdatedAt), only("bling-ok")},
		{"updated_after=" + q(ts(parseAPITime(t, patched.UpdatedAt).Add(time.Microsecond))), nil},
		{"status=paid&integration_status=error&sort=placed_at", only("bling-err")},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			t.Parallel()
			v := v.sub(t)
			got := names(walk[httpapi.OrderResponse](v, admin, "/orders?"+tc.query))
			if tc.want == nil {
				tc.want = []string{}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			// the same list in pages of one
			sep := "&"
			if tc.query == "" {
				sep = ""
			}
			if paged := names(walk[httpapi.OrderResponse](v, admin, "/orders?"+tc.query+sep+"limit=1")); !slices.Equal(paged, tc.want) {
				t.Errorf("in pages of 1: %v, want %v", paged, tc.want)
			}
		})
	}
}

// TestHistoryFilters covers the filters and the order of both history lists.
func TestHistoryFilters(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	o1, o2 := v.createOrder(admin, nil), v.createOrder(admin, nil)
	t0 := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
	at := func(m int) string { return ts(t0.Add(time.Duration(m) * time.Minute)) }
	rec := func(o httpapi.OrderResponse, msg, system, status, code string, m int) {
		over := map[string]any{"message": msg, "system": system, "status": status, "occurred_at": at(m)}
		if code != "" {
			over["error_code"] = code
		}
		v.record(admin, o.ID, over)
	}
	rec(o1, "a", "bling", "error", "customer.document_missing", 1)
	rec(o1, "b", "bling", "success", "", 3)
	rec(o1, "c", "tiny", "error", "timeout", 3) // same time as b, recorded after it
	rec(o1, "d", "bling", "pending", "", 2)     // late
	rec(o2, "e", "bling", "error", "timeout", 2)
	rec(o2, "f", "tiny", "success", "", 5)
	msgs := func(as []httpapi.AttemptResponse) []string {
		out := []string{}
		for _, a := range as {
			out = append(out, a.Message)
		}
		return out
	}
	q := url.QueryEscape
	h1 := "/orders/" + o1.ID + "/integration-history"
	tests := []struct {
		path string
		want []string
	}{
		{h1, []string{"c", "b", "d", "a"}},
		{h1 + "?system=bling", []string{"b", "d", "a"}},
		{h1 + "?status=error", []string{"c", "a"}},
		{h1 + "?error_code=timeout", []string{"c"}},
		{h1 + "?occurred_after=" + q(at(2)), []string{"c", "b", "d"}},
		{h1 + "?occurred_before=" + q(at(2)), []string{"a"}},
		{h1 + "?occurred_after=" + q(at(2)) + "&occurred_before=" + q(at(3)), []string{"d"}},
		{h1 + "?system=tiny&status=success", []string{}},
		{"/orders/" + o2.ID + "/integration-history", []string{"f", "e"}},
		{"/integration-history", []string{"f", "c", "b", "e", "d", "a"}},
		{"/integration-history?system=bling&status=error", []string{"e", "a"}},
		{"/integration-history?error_code=timeout", []string{"c", "e"}},
		{"/integration-history?status=success&occurred_after=" + q(at(3)), []string{"f", "b"}},
		{"/integration-history?occurred_after=" + q(at(2)) + "&occurred_before=" + q(at(5)), []string{"c", "b", "e", "d"}},
		{"/integration-history?system=omie", []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			t.Parallel()
			v := v.sub(t)
			if got := msgs(walk[httpapi.AttemptResponse](v, admin, tc.path)); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			u, _ := url.Parse(tc.path)
			qv := u.Query()
			qv.Set("limit", "1")
			if got := msgs(walk[httpapi.AttemptResponse](v, admin, u.Path+"?"+qv.Encode())); !slices.Equal(got, tc.want) {
				t.Errorf("in pages of 1: %v, want %v", got, tc.want)
			}
		})
	}
}
