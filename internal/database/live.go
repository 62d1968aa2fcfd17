package database

import "github.com/orders-api/orders-api/internal/order"

// liveStore is the storage of SPEC 10 (order.LiveStore): live streams
// (events_*.go), statistics (stats_*.go) and exports (export_common.go).
type liveStore struct{ db *DB }

// Live returns the store of live streams, statistics and exports.
func (db *DB) Live() order.LiveStore { return liveStore{db} }
