package httpapi_test

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi"
)

// TestPaging covers limit, next_cursor and Link on both kinds of lists.
func TestPaging(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	var orders []httpapi.OrderResponse
	for range 5 {
		orders = append(orders, v.createOrder(admin, nil))
	}
	// pages of 2: 2, 2, 1; the last one without a cursor or a Link
	path, sizes := "/orders?limit=2&status=pending", []int{}
	var seen []string
	for path != "" {
		r := v.must(v.do("GET", path, admin, nil), 200)
		p := decode[page[httpapi.OrderResponse]](t, r)
		sizes = append(sizes, len(p.Data))
		seen = append(seen, ids(p.Data)...)
		path = nextLink(t, r, p.NextCursor)
	}
	if !slices.Equal(sizes, []int{2, 2, 1}) {
		t.Errorf("page sizes %v, want [2 2 1]", sizes)
	}
	want := ids(orders)
	slices.Reverse(want)
	if !slices.Equal(seen, want) {
		t.Errorf("paged %v, want %v", seen, want)
	}
	// an exact last page has no cursor either
	last := decode[page[httpapi.OrderResponse]](t, v.must(v.do("GET", "/orders?limit=5", admin, nil), 200))
	if len(last.Data) != 5 || last.NextCursor != nil {
		t.Errorf("limit=5 of 5: %d rows, next_cursor %v", len(last.Data), last.NextCursor)
	}
	// next_cursor used by hand, with the same filters, gives the same page as the Link
	first := v.must(v.do("GET", "/orders?status=pending&limit=2", admin, nil), 200)
	fp := decode[page[httpapi.OrderResponse]](t, first)
	byHand := decode[page[httpapi.OrderResponse]](t, v.must(v.do("GET", "/orders?limit=2&status=pending&cursor="+url.QueryEscape(*fp.NextCursor), admin, nil), 200))
	byLink := decode[page[httpapi.OrderResponse]](t, v.must(v.do("GET", nextLink(t, first, fp.NextCursor), admin, nil), 200))
	if !equalJSON(byHand, byLink) || len(byHand.Data) != 2 || byHand.Data[0].ID != want[2] {
		t.Errorf("cursor by hand %v, by Link %v", ids(byHand.Data), ids(byLink.Data))
	}

	// history: default limit 50, then a second page
	batch := make([]any, 51)
	for i := range batch {
		batch[i] = attemptBody(map[string]any{"order_id": orders[i%5].ID, "message": fmt.Sprint(i)})
	}
	v.must(v.do("POST", "/integration-history/batch", admin, map[string]any{"attempts": batch}), 200)
	r := v.must(v.do("GET", "/integration-history", admin, nil), 200)
	p := decode[page[httpapi.AttemptResponse]](t, r)
	if len(p.Data) != 50 || p.NextCursor == nil {
		t.Fatalf("default page: %d rows, next_cursor %v", len(p.Data), p.NextCursor)
	}
	r2 := v.must(v.do("GET", nextLink(t, r, p.NextCursor), admin, nil), 200)
	p2 := decode[page[httpapi.AttemptResponse]](t, r2)
	if len(p2.Data) != 1 || p2.NextCursor != nil || r2.Header.Get("Link") != "" || slices.Contains(ids(p.Data), p2.Data[0].ID) {
		t.Errorf("second page: %d rows, next_cursor %v, Link %q", len(p2.Data), p2.NextCursor, r2.Header.Get("Link"))
	}
	if n := len(walk[httpapi.AttemptResponse](v, admin, "/orders/"+orders[0].ID+"/integration-history?limit=3")); n != 11 {
		t.Errorf("order history has %d records, want 11", n)
	}
	// 200 is the largest page
	v.must(v.do("GET", "/orders?limit=200", admin, nil), 200)
}

// TestPagingWhileWriting walks lists while other goroutines insert orders
// and attempts: no row is repeated, and no row that existed at the start
// is skipped.
func TestPagingWhileWriting(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("a", auth.RoleAdmin)
	t0 := time.Now().Add(-10 * time.Hour).UTC().Truncate(time.Second)
	var orders []string
	batch := []any{}
	for i := range 40 {
		o := v.createOrder(admin, map[string]any{"placed_at": ts(t0.Add(time.Duration(i%13) * time.Minute))}) // ties
		orders = append(orders, o.ID)
		for j := range 2 {
			batch = append(batch, attemptBody(map[string]any{"order_id": o.ID, "system": []string{"bling", "tiny"}[j],
				"occurred_at": ts(t0.Add(time.Duration((i+j)%7) * time.Minute))}))
		}
	}
	v.must(v.do("POST", "/integration-history/batch", admin, map[string]any{"attempts": batch}), 200)

	lists := []string{"/orders?limit=7", "/orders?limit=7&sort=placed_at", "/orders?limit=7&system=bling",
		"/orders?limit=7&sort=-updated_at", "/integration-history?limit=7", "/integration-history?limit=9&system=tiny"}
	before := map[string][]string{}
	for _, l := range lists {
		if strings.HasPrefix(l, "/orders") {
			before[l] = ids(walk[httpapi.OrderResponse](v, admin, l))
		} else {
			before[l] = ids(walk[httpapi.AttemptResponse](v, admin, l))
		}
	}

	var stop atomic.Bool
	var writes atomic.Int64
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			for i := 0; !stop.Load() && i < 200; i++ {
				at := ts(t0.Add(time.Duration(rng.IntN(13)) * time.Minute))
				var r resp
				if w == 0 {
					r = v.do("POST", "/orders", admin, v.orderBody(map[string]any{"placed_at": at}))
				} else {
					r = v.do("POST", "/orders/"+orders[rng.IntN(len(orders))]+"/integration-history", admin,
						attemptBody(map[string]any{"system": []string{"bling", "tiny", "omie"}[rng.IntN(3)], "occurred_at": at}))
				}
				if r.Code != 201 {
					t.Errorf("write: status %d: %s", r.Code, r.Body)
				}
				writes.Add(1)
			}
		})
	}
	for writes.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	start := writes.Load()
	for _, l := range lists {
		var walked []string
		if strings.HasPrefix(l, "/orders") {
			walked = ids(walk[httpapi.OrderResponse](v, admin, l))
		} else {
			walked = ids(walk[httpapi.AttemptResponse](v, admin, l))
		}
		seen := map[string]bool{}
		for _, id := range walked {
			if seen[id] {
				t.Errorf("%s: %s repeated", l, id)
			}
			seen[id] = true
		}
		for _, id := range before[l] {
			if !seen[id] {
				t.Errorf("%s: %s skipped", l, id)
			}
		}
	}
	during := writes.Load() - start
	stop.Store(true)
	wg.Wait()
	if during < 10 {
		t.Errorf("only %d writes during the walks: the test shows nothing", during)
	}
	t.Logf("%d writes during the walks", during)
}
