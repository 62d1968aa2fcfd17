-- +goose Up
-- The embedded database's mirror of migrations/postgres/00003: the same
-- tables, columns, constraints and indexes, in SQLite's types (see 00001).

CREATE TABLE bulk_jobs (
    id           TEXT     PRIMARY KEY,
    store_id     TEXT     NOT NULL,
    kind         TEXT     NOT NULL,
    system       TEXT     NOT NULL,
    state        TEXT     NOT NULL CHECK (state IN ('running', 'succeeded', 'canceled', 'failed')),
    filter       TEXT     NOT NULL CHECK (json_valid(filter)),
    reason       TEXT,
    requested_by TEXT,
    matched      INTEGER  NOT NULL,
    processed    INTEGER  NOT NULL DEFAULT 0,
    created      INTEGER  NOT NULL DEFAULT 0,
    skipped      INTEGER  NOT NULL DEFAULT 0,
    error        TEXT,
    created_at   DATETIME NOT NULL CHECK (created_at LIKE '____-__-__T__:__:__.______Z'),
    finished_at  DATETIME CHECK (finished_at LIKE '____-__-__T__:__:__.______Z')
);
CREATE UNIQUE INDEX bulk_jobs_running_key ON bulk_jobs (store_id, system) WHERE state = 'running';
CREATE INDEX bulk_jobs_running_idx ON bulk_jobs (created_at) WHERE state = 'running';
CREATE INDEX bulk_jobs_store_idx ON bulk_jobs (store_id, created_at DESC, id DESC);

CREATE TABLE bulk_job_orders (
    job_id   TEXT    NOT NULL REFERENCES bulk_jobs (id),
    pos      INTEGER NOT NULL,
    order_id TEXT    NOT NULL,
    PRIMARY KEY (job_id, pos)
);

CREATE TABLE integration_requests (
    id           TEXT     PRIMARY KEY,
    store_id     TEXT     NOT NULL,
    order_id     TEXT     NOT NULL REFERENCES orders (id),
    system       TEXT     NOT NULL,
    state        TEXT     NOT NULL CHECK (state IN ('queued', 'leased', 'done', 'failed')),
    reason       TEXT,
    requested_by TEXT,
    trigger      TEXT     NOT NULL CHECK (trigger IN ('manual', 'bulk')),
    job_id       TEXT     REFERENCES bulk_jobs (id),
    deliveries   INTEGER  NOT NULL DEFAULT 0,
    available_at DATETIME NOT NULL CHECK (available_at LIKE '____-__-__T__:__:__.______Z'),
    leased_until DATETIME CHECK (leased_until LIKE '____-__-__T__:__:__.______Z'),
    lease_hash   BLOB,
    attempt_id   TEXT,
    created_at   DATETIME NOT NULL CHECK (created_at LIKE '____-__-__T__:__:__.______Z'),
    completed_at DATETIME CHECK (completed_at LIKE '____-__-__T__:__:__.______Z')
);
CREATE UNIQUE INDEX integration_requests_open_key ON integration_requests (order_id, system)
    WHERE state IN ('queued', 'leased');
CREATE INDEX integration_requests_lease_idx ON integration_requests (store_id, system, available_at, id)
    WHERE state IN ('queued', 'leased');
CREATE INDEX integration_requests_store_idx ON integration_requests (store_id, created_at DESC, id DESC);
CREATE INDEX integration_requests_order_idx ON integration_requests (order_id, created_at DESC, id DESC);
CREATE INDEX integration_requests_system_idx ON integration_requests (store_id, system, created_at DESC, id DESC);
CREATE INDEX integration_requests_state_idx ON integration_requests (store_id, state, created_at DESC, id DESC);
CREATE INDEX integration_requests_open_created_idx ON integration_requests (created_at) WHERE state IN ('queued', 'leased');
CREATE INDEX integration_requests_leased_idx ON integration_requests (available_at) WHERE state = 'leased';

ALTER TABLE integration_attempts ADD COLUMN request_id TEXT;

CREATE INDEX order_integrations_error_code_idx ON order_integrations (store_id, error_code, placed_at DESC, order_id DESC)
    WHERE error_code IS NOT NULL;
CREATE INDEX order_integrations_system_error_idx ON order_integrations (store_id, system, error_code, placed_at DESC, order_id DESC)
    WHERE error_code IS NOT NULL;

-- planner statistics for the new indexes, in the shape of 00001's
INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
    ('order_integrations', 'order_integrations_error_code_idx', '60000 60000 6000 1 1'),
    ('order_integrations', 'order_integrations_system_error_idx', '60000 60000 20000 2000 1 1'),
    ('integration_requests', 'sqlite_autoindex_integration_requests_1', '100000 1'),
    ('integration_requests', 'integration_requests_open_key', '1000 1 1'),
    ('integration_requests', 'integration_requests_lease_idx', '1000 1000 300 1 1'),
    ('integration_requests', 'integration_requests_store_idx', '100000 100000 1 1'),
    ('integration_requests', 'integration_requests_order_idx', '100000 2 1 1'),
    ('integration_requests', 'integration_requests_system_idx', '100000 100000 30000 1 1'),
    ('integration_requests', 'integration_requests_state_idx', '100000 100000 25000 1 1'),
    ('integration_requests', 'integration_requests_open_created_idx', '1000 1'),
    ('integration_requests', 'integration_requests_leased_idx', '100 1'),
    ('bulk_jobs', 'sqlite_autoindex_bulk_jobs_1', '100 1'),
    ('bulk_jobs', 'bulk_jobs_running_key', '5 5 1'),
    ('bulk_jobs', 'bulk_jobs_running_idx', '5 1'),
    ('bulk_jobs', 'bulk_jobs_store_idx', '100 100 1 1'),
    ('bulk_job_orders', 'sqlite_autoindex_bulk_job_orders_1', '100000 10000 1');

-- +goose Down
DELETE FROM sqlite_stat1 WHERE tbl IN ('integration_requests', 'bulk_jobs', 'bulk_job_orders')
    OR idx IN ('order_integrations_error_code_idx', 'order_integrations_system_error_idx');
DROP INDEX order_integrations_system_error_idx;
DROP INDEX order_integrations_error_code_idx;
ALTER TABLE integration_attempts DROP COLUMN request_id;
DROP TABLE integration_requests;
DROP TABLE bulk_job_orders;
DROP TABLE bulk_jobs;
