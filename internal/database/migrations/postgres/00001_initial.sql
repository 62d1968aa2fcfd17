-- +goose Up
-- Every table carries the store (tenant); every query filters by it.

CREATE TABLE api_keys (
    id           uuid PRIMARY KEY,
    store_id     text        NOT NULL,
    role         text        NOT NULL CHECK (role IN ('admin', 'reader', 'connector')),
    system       text,
    name         text        NOT NULL DEFAULT '',
    secret_hash  bytea       NOT NULL,
    created_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    last_used_at timestamptz
);
CREATE INDEX api_keys_store_idx ON api_keys (store_id, created_at);

CREATE TABLE orders (
    id                 uuid        PRIMARY KEY,
    store_id           text        NOT NULL,
    number             text        NOT NULL,
    status             text        NOT NULL,
    customer_name      text        NOT NULL,
    customer_email     text,
    customer_document  text,
    currency           text        NOT NULL,
    total_cents        bigint      NOT NULL,
    items              json        NOT NULL,
    placed_at          timestamptz NOT NULL,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    -- the summary of SPEC 5.3, kept in the transaction of each attempt
    integration_status text        NOT NULL DEFAULT 'none',
    last_attempt_at    timestamptz,
    CONSTRAINT orders_store_number_key UNIQUE (store_id, number)
);
-- keyset orders of GET /orders, and its filters in the default order
CREATE INDEX orders_placed_idx ON orders (store_id, placed_at DESC, id DESC);
CREATE INDEX orders_updated_idx ON orders (store_id, updated_at DESC, id DESC);
CREATE INDEX orders_status_placed_idx ON orders (store_id, status, placed_at DESC, id DESC);
CREATE INDEX orders_integration_placed_idx ON orders (store_id, integration_status, placed_at DESC, id DESC);

-- one row per (order, system): that system's state on the order
CREATE TABLE order_integrations (
    order_id        uuid        NOT NULL REFERENCES orders (id),
    system          text        NOT NULL,
    store_id        text        NOT NULL,
    status          text        NOT NULL,
    message         text        NOT NULL,
    error_code      text,
    last_attempt_at timestamptz NOT NULL,
    last_seq        bigint      NOT NULL,
    attempts        bigint      NOT NULL,
    placed_at       timestamptz NOT NULL, -- the order's (immutable), for ?system= in placed order
    PRIMARY KEY (order_id, system)
);
CREATE INDEX order_integrations_system_idx ON order_integrations (store_id, system, placed_at DESC, order_id DESC);
CREATE INDEX order_integrations_system_status_idx ON order_integrations (store_id, system, status, placed_at DESC, order_id DESC);

CREATE TABLE integration_attempts (
    id          uuid        PRIMARY KEY,
    seq         bigint      GENERATED ALWAYS AS IDENTITY, -- recording order, taken under the order's lock
    store_id    text        NOT NULL,
    order_id    uuid        NOT NULL REFERENCES orders (id),
    system      text        NOT NULL,
    status      text        NOT NULL,
    action      text,
    message     text        NOT NULL,
    error_code  text,
    external_id text,
    occurred_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL,
    details     json
);
-- history keyset: occurred_at desc, then the newest recorded
CREATE INDEX integration_attempts_order_idx ON integration_attempts (order_id, occurred_at DESC, seq DESC);
CREATE INDEX integration_attempts_store_idx ON integration_attempts (store_id, occurred_at DESC, seq DESC);
CREATE INDEX integration_attempts_system_idx ON integration_attempts (store_id, system, status, occurred_at DESC, seq DESC);
CREATE INDEX integration_attempts_status_idx ON integration_attempts (store_id, status, occurred_at DESC, seq DESC);
CREATE INDEX integration_attempts_error_code_idx ON integration_attempts (store_id, error_code, occurred_at DESC, seq DESC)
    WHERE error_code IS NOT NULL;

CREATE TABLE idempotency_keys (
    store_id     text        NOT NULL,
    key          text        NOT NULL,
    fingerprint  bytea       NOT NULL,
    status       integer     NOT NULL,
    content_type text        NOT NULL,
    location     text        NOT NULL DEFAULT '',
    body         bytea       NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (store_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- +goose Down
DROP TABLE idempotency_keys;
DROP TABLE integration_attempts;
DROP TABLE order_integrations;
DROP TABLE orders;
DROP TABLE api_keys;
