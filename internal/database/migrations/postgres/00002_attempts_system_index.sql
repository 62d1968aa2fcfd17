-- +goose NO TRANSACTION
-- +goose Up
-- The store-wide history filtered by system alone (GET /integration-history
-- ?system=bling) had no index in its order: integration_attempts_system_idx
-- starts (store_id, system, status), so without a status it read every
-- attempt of the system and sorted them. This one gives the page in order.
-- CONCURRENTLY: ingest goes on while it is built on a large table. A build
-- that failed leaves an invalid index behind, so it is dropped first.
DROP INDEX CONCURRENTLY IF EXISTS integration_attempts_store_system_idx;
CREATE INDEX CONCURRENTLY integration_attempts_store_system_idx
    ON integration_attempts (store_id, system, occurred_at DESC, seq DESC);

-- Every attempt updates its order's summary and its system's state. With
-- room left on each page, the new row version goes on the same page and,
-- when no indexed column changed (the common case: the status stays the
-- same), no index is touched (a HOT update). Applies to pages written from
-- now on.
ALTER TABLE orders SET (fillfactor = 90);
ALTER TABLE order_integrations SET (fillfactor = 90);

-- +goose Down
ALTER TABLE order_integrations RESET (fillfactor);
ALTER TABLE orders RESET (fillfactor);
DROP INDEX CONCURRENTLY IF EXISTS integration_attempts_store_system_idx;
