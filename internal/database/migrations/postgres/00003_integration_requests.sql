-- +goose Up
-- Re-integration (SPEC 9): requests that a system's connector leases, the
-- bulk jobs that make them by filter with their fixed order sets, the
-- request an attempt answers, and the summary rows' error codes indexed.

CREATE TABLE bulk_jobs (
    id           uuid        PRIMARY KEY,
    store_id     text        NOT NULL,
    kind         text        NOT NULL,
    system       text        NOT NULL,
    state        text        NOT NULL CHECK (state IN ('running', 'succeeded', 'canceled', 'failed')),
    filter       json        NOT NULL,
    reason       text,
    requested_by text,
    matched      bigint      NOT NULL,
    processed    bigint      NOT NULL DEFAULT 0,
    created      bigint      NOT NULL DEFAULT 0,
    skipped      bigint      NOT NULL DEFAULT 0,
    error        text,
    created_at   timestamptz NOT NULL,
    finished_at  timestamptz
);
-- one running job per store and system, whatever the concurrency
CREATE UNIQUE INDEX bulk_jobs_running_key ON bulk_jobs (store_id, system) WHERE state = 'running';
-- the runners' queue: running jobs, oldest first
CREATE INDEX bulk_jobs_running_idx ON bulk_jobs (created_at) WHERE state = 'running';
CREATE INDEX bulk_jobs_store_idx ON bulk_jobs (store_id, created_at DESC, id DESC);

-- a job's fixed set of orders, numbered from 1 in the filter's order; the
-- job's processed counter is how far it got
CREATE TABLE bulk_job_orders (
    job_id   uuid   NOT NULL REFERENCES bulk_jobs (id),
    pos      bigint NOT NULL,
    order_id uuid   NOT NULL,
    PRIMARY KEY (job_id, pos)
);

CREATE TABLE integration_requests (
    id           uuid        PRIMARY KEY,
    store_id     text        NOT NULL,
    order_id     uuid        NOT NULL REFERENCES orders (id),
    system       text        NOT NULL,
    -- stored state; a leased one whose lease ended reads queued
    state        text        NOT NULL CHECK (state IN ('queued', 'leased', 'done', 'failed')),
    reason       text,
    requested_by text,
    trigger      text        NOT NULL CHECK (trigger IN ('manual', 'bulk')),
    job_id       uuid        REFERENCES bulk_jobs (id),
    deliveries   integer     NOT NULL DEFAULT 0,
    -- from when it may be leased: a leased one's is its leased_until
    available_at timestamptz NOT NULL,
    leased_until timestamptz,
    lease_hash   bytea, -- sha256 of the current lease token; never the token
    attempt_id   uuid,
    created_at   timestamptz NOT NULL,
    completed_at timestamptz
);
-- at most one open request per order and system, under any concurrency
CREATE UNIQUE INDEX integration_requests_open_key ON integration_requests (order_id, system)
    WHERE state IN ('queued', 'leased');
-- leasing: the open requests of a store and system, oldest available first;
-- done and failed ones are not in it
CREATE INDEX integration_requests_lease_idx ON integration_requests (store_id, system, available_at, id)
    WHERE state IN ('queued', 'leased');
-- the lists, newest first
CREATE INDEX integration_requests_store_idx ON integration_requests (store_id, created_at DESC, id DESC);
CREATE INDEX integration_requests_order_idx ON integration_requests (order_id, created_at DESC, id DESC);
CREATE INDEX integration_requests_system_idx ON integration_requests (store_id, system, created_at DESC, id DESC);
CREATE INDEX integration_requests_state_idx ON integration_requests (store_id, state, created_at DESC, id DESC);
-- the sweep across stores: open requests by age (REQUEST_TTL), leases by end
CREATE INDEX integration_requests_open_created_idx ON integration_requests (created_at) WHERE state IN ('queued', 'leased');
CREATE INDEX integration_requests_leased_idx ON integration_requests (available_at) WHERE state = 'leased';

-- the request an attempt answers; null for most
ALTER TABLE integration_attempts ADD COLUMN request_id uuid;

-- GET /orders?error_code= and the bulk filter: orders by their states' error
-- codes, in placed order, with or without a system
CREATE INDEX order_integrations_error_code_idx ON order_integrations (store_id, error_code, placed_at DESC, order_id DESC)
    WHERE error_code IS NOT NULL;
CREATE INDEX order_integrations_system_error_idx ON order_integrations (store_id, system, error_code, placed_at DESC, order_id DESC)
    WHERE error_code IS NOT NULL;

-- +goose Down
DROP INDEX order_integrations_system_error_idx;
DROP INDEX order_integrations_error_code_idx;
ALTER TABLE integration_attempts DROP COLUMN request_id;
DROP TABLE integration_requests;
DROP TABLE bulk_job_orders;
DROP TABLE bulk_jobs;
