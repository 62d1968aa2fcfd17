package main

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The HTTP floor of W2: the least a Go HTTP server pays to answer W2 on
// this machine. It is a server written for the benchmark, with nothing but
// net/http, a pgx pool of the yardstick's size and encoding/json: no router,
// authentication, validation, logging, metrics or GORM. It runs W2's
// statement, as the yardstick does, and answers with the same JSON shape as
// the service. wrk loads it as it loads the service, so service/floor is
// what the service's own code costs, and floor/yardstick what HTTP costs.

// floorCommand is the argument that makes orders-bench the floor server.
const floorCommand = "floor-server"

// serveFloor serves W2's route on addr until ctx ends.
func serveFloor(ctx context.Context, addr, dbURL string, conns int) error {
	cfg, err := pgxpool.ParseConfig(dbURL)
	if err != nil {
		return err
	}
	cfg.MaxConns, cfg.MinConns = int32(conns), int32(conns)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if err := pool.Ping(r.Context()); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
		}
	})
	mux.HandleFunc("GET /orders/{id}/integration-history", func(w http.ResponseWriter, r *http.Request) {
		floorHistory(w, r, pool)
	})
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// floorAttempt and floorPage are the service's JSON shapes of a history page.
type floorAttempt struct {
	ID         string          `json:"id"`
	OrderID    string          `json:"order_id"`
	System     string          `json:"system"`
	Status     string          `json:"status"`
	Action     *string         `json:"action"`
	Message    string          `json:"message"`
	ErrorCode  *string         `json:"error_code"`
	ExternalID *string         `json:"external_id"`
	OccurredAt string          `json:"occurred_at"`
	RecordedAt string          `json:"recorded_at"`
	Details    json.RawMessage `json:"details"`
}

type floorPage struct {
	Data       []floorAttempt `json:"data"`
	NextCursor *string        `json:"next_cursor"`
}

// floorHistory answers GET /orders/{id}/integration-history?limit=50.
func floorHistory(w http.ResponseWriter, r *http.Request, pool *pgxpool.Pool) {
	id, err := uuid.Parse(r.PathValue("id"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	rows, err := pool.Query(r.Context(), serviceSQL.OrderHistory, storeID, id, 51)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	attempts, err := pgx.CollectRows(rows, scanAttempt)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	page := floorPage{Data: make([]floorAttempt, 0, min(len(attempts), 50))}
	for i, a := range attempts {
		if i == 50 {
			next := a.ID.String() // the service sends a signed position here
			page.NextCursor = &next
			break
		}
		page.Data = append(page.Data, floorAttempt{ID: a.ID.String(), OrderID: a.OrderID.String(), System: a.System,
			Status: string(a.Status), Action: a.Action, Message: a.Message, ErrorCode: a.ErrorCode,
			ExternalID: a.ExternalID, OccurredAt: a.OccurredAt.UTC().Format(floorTime),
			RecordedAt: a.RecordedAt.UTC().Format(floorTime), Details: a.Details})
	}
	body, err := json.Marshal(page)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

// floorTime is the contract's timestamp layout (SPEC 5).
const floorTime = "2006-01-02T15:04:05.999999Z07:00"
