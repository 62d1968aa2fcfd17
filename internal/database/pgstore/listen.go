package pgstore

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/orders-api/orders-api/internal/request"
)

// listenRetry is the pause before the listener reconnects. Long polls
// still poll every second meanwhile.
const listenRetry = time.Second

// listener is the LISTEN session of a process: one connection of the
// pool, taken for as long as the process runs, that hands each
// notification to the hub. Waiting long polls hold no connection: they
// wait on the hub.
type listener struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// startListener starts the session; stop ends it.
func startListener(db *DB, h *request.Hub, logger *slog.Logger) *listener {
	ctx, cancel := context.WithCancel(context.Background())
	ln := &listener{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(ln.done)
		for ctx.Err() == nil {
			err := listen(ctx, db, h)
			if ctx.Err() != nil {
				return
			}
			logger.Warn("integration request notifications lost; reconnecting", "error", err.Error())
			h.WakeAll() // what was missed is found by the woken polls
			select {
			case <-ctx.Done():
			case <-time.After(listenRetry):
			}
		}
	}()
	return ln
}

// stop ends the session and waits for it.
func (ln *listener) stop() {
	ln.cancel()
	<-ln.done
}

// listen runs one session until ctx ends or the connection fails.
func listen(ctx context.Context, db *DB, h *request.Hub) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(driverConn any) error {
		pc, ok := driverConn.(interface{ Conn() *pgx.Conn })
		if !ok {
			return errNotPgx
		}
		c := pc.Conn()
		if _, err := c.Exec(ctx, "LISTEN "+notifyChannel); err != nil {
			return err
		}
		defer func() { // leave the connection clean for the pool
			unlisten, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			_, _ = c.Exec(unlisten, "UNLISTEN *")
		}()
		for {
			n, err := c.WaitForNotification(ctx)
			if err != nil {
				if errors.Is(err, context.Canceled) {
					return nil
				}
				return err
			}
			if store, system, ok := decodeNotification(n.Payload); ok {
				h.Publish(store, system)
			}
		}
	})
}
