-- +goose Up
-- SPEC 10, the embedded database's side of migrations/postgres/00004: each
-- (order, system)'s earliest success, kept by the record path so that
-- retention doesn't change first_success_seconds. The stream needs no column
-- here: one writer commits attempts in seq order.
ALTER TABLE order_integrations ADD COLUMN first_success_at DATETIME
    CHECK (first_success_at LIKE '____-__-__T__:__:__.______Z');
UPDATE order_integrations SET first_success_at = (
    SELECT min(a.occurred_at) FROM integration_attempts a
    WHERE a.order_id = order_integrations.order_id AND a.system = order_integrations.system
      AND a.status = 'success');

-- The store's orders by each system's current state, kept as deltas by
-- triggers on the states (see migrations/postgres/00004): one row per change,
-- summed by Stats and folded back by it from time to time.
CREATE TABLE integration_state_counts (
    store_id TEXT    NOT NULL,
    system   TEXT    NOT NULL,
    status   TEXT    NOT NULL,
    n        INTEGER NOT NULL
);
CREATE INDEX integration_state_counts_idx ON integration_state_counts (store_id, system);
-- +goose StatementBegin
CREATE TRIGGER order_integrations_count_insert AFTER INSERT ON order_integrations
BEGIN
    INSERT INTO integration_state_counts (store_id, system, status, n) VALUES (NEW.store_id, NEW.system, NEW.status, 1);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER order_integrations_count_update AFTER UPDATE OF status ON order_integrations
WHEN OLD.status <> NEW.status
BEGIN
    INSERT INTO integration_state_counts (store_id, system, status, n) VALUES (OLD.store_id, OLD.system, OLD.status, -1);
    INSERT INTO integration_state_counts (store_id, system, status, n) VALUES (NEW.store_id, NEW.system, NEW.status, 1);
END;
-- +goose StatementEnd
INSERT INTO integration_state_counts (store_id, system, status, n)
SELECT store_id, system, status, count(*) FROM order_integrations GROUP BY store_id, system, status;

-- +goose Down
DROP TRIGGER order_integrations_count_update;
DROP TRIGGER order_integrations_count_insert;
DROP TABLE integration_state_counts;
ALTER TABLE order_integrations DROP COLUMN first_success_at;
