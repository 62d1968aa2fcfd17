package httpapi_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/orders-api/orders-api/internal/httpapi"
)

// page is one page of a list.
type page[T any] struct {
	Data       []T     `json:"data"`
	NextCursor *string `json:"next_cursor"`
}

var linkNext = regexp.MustCompile(`^<([^>]+)>; rel="next"$`)

// walk reads every page of a list from path, following each Link header as
// given, and checks that next_cursor and Link agree.
func walk[T any](v *env, token, path string) []T {
	v.t.Helper()
	var all []T
	for pages := 0; path != ""; pages++ {
		if pages > 1000 {
			v.t.Fatal("more than 1000 pages: the cursor does not advance")
		}
		r := v.must(v.do("GET", path, token, nil), 200)
		p := decode[page[T]](v.t, r)
		if p.Data == nil {
			v.t.Fatalf("data is null: %s", r.Body)
		}
		all = append(all, p.Data...)
		path = nextLink(v.t, r, p.NextCursor)
	}
	return all
}

// nextLink returns the URL of r's Link rel="next", "" when there is none,
// and checks that it carries the page's next_cursor.
func nextLink(t testing.TB, r resp, cursor *string) string {
	t.Helper()
	link := r.Header.Get("Link")
	if cursor == nil {
		if link != "" {
			t.Fatalf("last page (next_cursor null) has Link %q", link)
		}
		return ""
	}
	m := linkNext.FindStringSubmatch(link)
	if m == nil {
		t.Fatalf("next_cursor %q but Link %q", *cursor, link)
	}
	if !strings.Contains(m[1], "cursor="+*cursor) {
		t.Fatalf("Link %q does not carry next_cursor %q", link, *cursor)
	}
	return m[1]
}

// ids returns the ids of orders or attempts.
func ids[T httpapi.OrderResponse | httpapi.AttemptResponse](rows []T) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		switch x := any(r).(type) {
		case httpapi.OrderResponse:
			out[i] = x.ID
		case httpapi.AttemptResponse:
			out[i] = x.ID
		}
	}
	return out
}
