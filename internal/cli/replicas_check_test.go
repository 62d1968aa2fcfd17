package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// checkAnswers checks that every send got a 2xx, that all the 2xx answers
// of one key are the same answer, stored once, and returns the ids of the
// attempts they name.
func (w *workload) checkAnswers(sends []send) map[string]bool {
	t := w.t
	t.Helper()
	ids := map[string]bool{}
	for _, s := range sends {
		answers := w.answers[s.key]
		if len(answers) == 0 {
			t.Errorf("%s: no 2xx answer", s.key)
			continue
		}
		originals := 0
		for _, a := range answers {
			if !bytes.Equal(a.body, answers[0].body) {
				t.Errorf("%s: two different answers:\n%s\n%s", s.key, answers[0].body, a.body)
			}
			if !a.replayed {
				originals++
			}
			if a.header.Get("X-Request-ID") == "" {
				t.Errorf("%s: answer without X-Request-ID", s.key)
			}
		}
		if originals > 1 {
			t.Errorf("%s: %d answers not replayed: the request ran twice", s.key, originals)
		}
		for _, id := range attemptIDs(w, s, answers[0].body) {
			if ids[id] {
				t.Errorf("%s: attempt %s in two answers", s.key, id)
			}
			ids[id] = true
		}
	}
	return ids
}

// attemptIDs returns the ids of the attempts stored by s, from its answer.
func attemptIDs(w *workload, s send, body []byte) []string {
	if !strings.HasSuffix(s.path, "/batch") {
		var a struct{ ID string }
		if err := json.Unmarshal(body, &a); err != nil || a.ID == "" {
			w.t.Errorf("%s: answer %s", s.key, body)
		}
		return []string{a.ID}
	}
	var b struct {
		Results []struct {
			Status  int
			Attempt *struct{ ID string }
		}
	}
	if err := json.Unmarshal(body, &b); err != nil || len(b.Results) != s.items {
		w.t.Errorf("%s: answer %s", s.key, body)
	}
	var ids []string
	for _, r := range b.Results {
		if r.Status != http.StatusCreated || r.Attempt == nil {
			w.t.Errorf("%s: batch result %+v, want 201", s.key, r)
			continue
		}
		ids = append(ids, r.Attempt.ID)
	}
	return ids
}

// row is a stored attempt.
type row struct {
	ID, Order, System, Status, Message string
	ErrorCode                          *string
	OccurredAt                         time.Time
	Seq                                int64
}

// history is what the database holds after the load.
type history struct {
	rows            []row
	idempotencyKeys int
}

// readHistory reads every attempt, and counts the idempotency keys, straight
// from the database.
func readHistory(w *workload, url string) history {
	t := w.t
	t.Helper()
	conn, err := pgx.Connect(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	rs, err := conn.Query(t.Context(), `SELECT id::text, order_id::text, system, status, message, error_code,
		occurred_at, seq FROM integration_attempts`)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := pgx.CollectRows(rs, pgx.RowToStructByPos[row])
	if err != nil {
		t.Fatal(err)
	}
	h := history{rows: rows}
	if err := conn.QueryRow(t.Context(), "SELECT count(*) FROM idempotency_keys").Scan(&h.idempotencyKeys); err != nil {
		t.Fatal(err)
	}
	return h
}

// checkRows checks that the database holds exactly the attempts of the 2xx
// answers: each send's attempts once, none lost, none extra.
func checkRows(w *workload, sends []send, ids map[string]bool, h history) {
	t := w.t
	t.Helper()
	if len(h.rows) != countItems(sends) || len(ids) != len(h.rows) {
		t.Errorf("%d attempts stored, %d in 2xx answers, %d sent", len(h.rows), len(ids), countItems(sends))
	}
	messages := map[string]int{}
	for _, r := range h.rows {
		messages[r.Message]++
		if !ids[r.ID] {
			t.Errorf("attempt %s (%q) is stored but in no answer", r.ID, r.Message)
		}
		delete(ids, r.ID)
	}
	for id := range ids {
		t.Errorf("attempt %s was answered 2xx but is not stored", id)
	}
	for _, s := range sends {
		for i := range s.items {
			if m := fmt.Sprintf("send %d.%d %s", s.n, i, bodyMarker); messages[m] != 1 {
				t.Errorf("%q stored %d times, want once", m, messages[m])
			}
		}
	}
	if h.idempotencyKeys != len(sends) {
		t.Errorf("%d idempotency keys stored, want %d", h.idempotencyKeys, len(sends))
	}
}
