package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/config"
	"github.com/orders-api/orders-api/internal/database"
)

// benchKeys are the API keys of a run: a reader for W2 and W3, and one
// connector per system for W1 and the batches, as real connectors post.
type benchKeys struct {
	reader     string
	connectors []string // by system, in the order of systems
}

// createKeys creates the run's keys with the service's own key manager.
func createKeys(ctx context.Context, dbURL string) (benchKeys, error) {
	db, err := database.Open(ctx, dbURL, slog.New(slog.DiscardHandler))
	if err != nil {
		return benchKeys{}, err
	}
	defer db.Close()
	keys := auth.NewKeys(db.Keys(), time.Now, config.KeyCacheTTL)
	var out benchKeys
	if _, out.reader, err = keys.Create(ctx, auth.NewKey{StoreID: storeID, Role: auth.RoleReader, Name: "bench"}); err != nil {
		return benchKeys{}, err
	}
	for _, s := range systems {
		_, token, err := keys.Create(ctx, auth.NewKey{StoreID: storeID, Role: auth.RoleConnector, System: s, Name: "bench"})
		if err != nil {
			return benchKeys{}, err
		}
		out.connectors = append(out.connectors, token)
	}
	return out, nil
}
