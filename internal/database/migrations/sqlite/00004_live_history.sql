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

-- +goose Down
ALTER TABLE order_integrations DROP COLUMN first_success_at;
