package adminui_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/database"
	"github.com/orders-api/orders-api/internal/demo"
	"github.com/orders-api/orders-api/internal/httpapi"
	"github.com/orders-api/orders-api/internal/order"
	"github.com/orders-api/orders-api/internal/request"
	"github.com/orders-api/orders-api/internal/testdb"
)

// xssText is an ERP message that a page rendering API text as HTML would run.
const xssText = `<img src=x onerror=alert(1)>`

// site is the real service on a fresh database, seeded with the demo store
// (internal/demo) and one order whose history holds xssText.
type site struct {
	t        *testing.T
	url      string
	keys     *auth.Keys
	reader   string    // a reader key of the demo store
	admin    string    // an admin key of the demo store
	showcase uuid.UUID // a failing demo order with several attempts
	xss      string    // the id of the order with xssText in its history
}

func newSite(t *testing.T) *site {
	t.Helper()
	db, err := database.Open(t.Context(), testdb.NewFor(t), nil)
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	keys := auth.NewKeys(db.Keys(), time.Now, 0)
	svc := order.NewService(db.Orders(), time.Now)
	rs := db.Requests()
	t.Cleanup(rs.Close)
	jobs := request.NewJobs(db.Jobs(rs), time.Now)
	runJobs(t, jobs)
	streams := httpapi.NewStreams()
	h := httpapi.NewServer(httpapi.Deps{
		Config: httpapi.Config{MaxBodyBytes: 1 << 20, StreamsPerKey: 20}, Logger: slog.New(slog.DiscardHandler),
		Orders: svc, Auth: keys, Idempotency: db.Idempotency(), Ready: db.Ready,
		Requests: request.NewService(rs, rs.Notifier(), time.Now, request.Config{}), Jobs: jobs,
		Live: db.Live(), Streams: streams,
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	t.Cleanup(streams.Close) // before srv.Close, which waits for open streams
	res, err := demo.Seed(t.Context(), svc, time.Now())
	if err != nil {
		t.Fatalf("seed the demo store: %v", err)
	}
	s := &site{t: t, url: srv.URL, keys: keys, showcase: res.Showcase}
	s.reader = s.newKey(auth.RoleReader)
	s.admin = s.newKey(auth.RoleAdmin)
	admin := s.admin

	var o struct{ ID string }
	s.call(admin, "POST", "/orders", map[string]any{
		"number": "XSS-1", "customer": map[string]any{"name": "<b>Ana</b> Souza"}, "total_cents": 19990,
	}, 201, &o)
	s.call(admin, "POST", "/orders/"+o.ID+"/integration-history", map[string]any{
		"system": "bling", "status": "error", "message": xssText, "error_code": "xss.attempt",
		"details": map[string]any{"response": "<script>alert(2)</script>"},
	}, 201, nil)
	s.xss = o.ID
	return s
}

// runJobs runs the chunks of bulk jobs in the background, as serve does,
// until the test ends (before the database closes).
func runJobs(t *testing.T, jobs *request.Jobs) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		for ctx.Err() == nil {
			ran, err := jobs.RunChunk(ctx, 50)
			if err != nil && ctx.Err() == nil {
				t.Errorf("run a bulk job chunk: %v", err)
				return
			}
			if !ran {
				select {
				case <-ctx.Done():
				case <-time.After(100 * time.Millisecond):
				}
			}
		}
	})
	t.Cleanup(func() {
		cancel()
		wg.Wait()
	})
}

// newKey creates a key of the demo store and returns its secret.
func (s *site) newKey(role auth.Role) string {
	s.t.Helper()
	_, token, err := s.keys.Create(s.t.Context(), auth.NewKey{StoreID: demo.StoreID, Role: role, Name: "adminui test"})
	if err != nil {
		s.t.Fatalf("create key: %v", err)
	}
	return token
}

// call sends one request to the API and decodes its answer into out.
func (s *site) call(token, method, path string, body any, want int, out any) {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			s.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(s.t.Context(), method, s.url+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		s.t.Fatalf("%s %s: %d, want %d: %s", method, path, resp.StatusCode, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			s.t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

// apiAttempt is what the screens show of an attempt.
type apiAttempt struct {
	ID        string  `json:"id"`
	Status    string  `json:"status"`
	System    string  `json:"system"`
	Message   string  `json:"message"`
	ErrorCode *string `json:"error_code"`
}

// apiOrder is what the list shows of an order.
type apiOrder struct {
	ID          string `json:"id"`
	Number      string `json:"number"`
	TotalCents  int64  `json:"total_cents"`
	Integration struct {
		Systems []struct {
			System string `json:"system"`
			Status string `json:"status"`
		} `json:"systems"`
	} `json:"integration"`
}

type apiPage[T any] struct {
	Data       []T     `json:"data"`
	NextCursor *string `json:"next_cursor"`
}

// pages reads up to n pages of a list; path has a query already.
func pages[T any](s *site, path string, n int) []T {
	s.t.Helper()
	var all []T
	cursor := ""
	for i := 0; i < n; i++ {
		var p apiPage[T]
		s.call(s.reader, "GET", path+cursor, nil, 200, &p)
		all = append(all, p.Data...)
		if p.NextCursor == nil {
			break
		}
		cursor = "&cursor=" + *p.NextCursor
	}
	return all
}

// statusLabel is the pt-BR word of an attempt's status (SPEC 5).
var statusLabel = map[string]string{"pending": "Pendente", "success": "Concluído", "error": "Erro"}

// rowsOf is the table rows the history screen should show for attempts.
func rowsOf(attempts []apiAttempt) []string {
	rows := make([]string, len(attempts))
	for i, a := range attempts {
		rows[i] = fmt.Sprintf("%s|%s|%s|%s", a.ID, statusLabel[a.Status], a.System, a.Message)
	}
	return rows
}

// brl formats centavos as the list shows them: R$ 1.234,56.
func brl(cents int64) string {
	whole, frac := cents/100, cents%100
	s := fmt.Sprint(whole)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return fmt.Sprintf("R$ %s,%02d", s, frac)
}
