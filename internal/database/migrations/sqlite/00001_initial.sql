-- +goose Up
-- The embedded database's mirror of migrations/postgres/00001_initial.sql:
-- the same tables, columns, constraints and indexes, in SQLite's types.
--   uuid         -> TEXT, the canonical lowercase form (so text order is uuid order)
--   timestamptz  -> DATETIME holding fixed-width UTC text, 2006-01-02T15:04:05.000000Z,
--                   so that text order is time order; the CHECKs keep out any
--                   other form, and the DATETIME type makes the driver scan it
--                   into a time.Time in UTC
--   json         -> TEXT, bytea -> BLOB
--   identity seq -> INTEGER PRIMARY KEY AUTOINCREMENT (never reused)
-- Every table carries the store (tenant); every query filters by it.

CREATE TABLE api_keys (
    id           TEXT     PRIMARY KEY,
    store_id     TEXT     NOT NULL,
    role         TEXT     NOT NULL CHECK (role IN ('admin', 'reader', 'connector')),
    system       TEXT,
    name         TEXT     NOT NULL DEFAULT '',
    secret_hash  BLOB     NOT NULL,
    created_at   DATETIME NOT NULL CHECK (created_at LIKE '____-__-__T__:__:__.______Z'),
    revoked_at   DATETIME CHECK (revoked_at LIKE '____-__-__T__:__:__.______Z'),
    last_used_at DATETIME CHECK (last_used_at LIKE '____-__-__T__:__:__.______Z')
);
CREATE INDEX api_keys_store_idx ON api_keys (store_id, created_at);

CREATE TABLE orders (
    id                 TEXT     PRIMARY KEY,
    store_id           TEXT     NOT NULL,
    number             TEXT     NOT NULL,
    status             TEXT     NOT NULL,
    customer_name      TEXT     NOT NULL,
    customer_email     TEXT,
    customer_document  TEXT,
    currency           TEXT     NOT NULL,
    total_cents        INTEGER  NOT NULL,
    items              TEXT     NOT NULL CHECK (json_valid(items)),
    placed_at          DATETIME NOT NULL CHECK (placed_at LIKE '____-__-__T__:__:__.______Z'),
    created_at         DATETIME NOT NULL CHECK (created_at LIKE '____-__-__T__:__:__.______Z'),
    updated_at         DATETIME NOT NULL CHECK (updated_at LIKE '____-__-__T__:__:__.______Z'),
    -- the summary of SPEC 5.3, kept in the transaction of each attempt
    integration_status TEXT     NOT NULL DEFAULT 'none',
    last_attempt_at    DATETIME CHECK (last_attempt_at LIKE '____-__-__T__:__:__.______Z'),
    CONSTRAINT orders_store_number_key UNIQUE (store_id, number)
);
-- keyset orders of GET /orders, and its filters in the default order
CREATE INDEX orders_placed_idx ON orders (store_id, placed_at DESC, id DESC);
CREATE INDEX orders_updated_idx ON orders (store_id, updated_at DESC, id DESC);
CREATE INDEX orders_status_placed_idx ON orders (store_id, status, placed_at DESC, id DESC);
CREATE INDEX orders_integration_placed_idx ON orders (store_id, integration_status, placed_at DESC, id DESC);

-- one row per (order, system): that system's state on the order
CREATE TABLE order_integrations (
    order_id        TEXT     NOT NULL REFERENCES orders (id),
    system          TEXT     NOT NULL,
    store_id        TEXT     NOT NULL,
    status          TEXT     NOT NULL,
    message         TEXT     NOT NULL,
    error_code      TEXT,
    last_attempt_at DATETIME NOT NULL CHECK (last_attempt_at LIKE '____-__-__T__:__:__.______Z'),
    last_seq        INTEGER  NOT NULL,
    attempts        INTEGER  NOT NULL,
    placed_at       DATETIME NOT NULL CHECK (placed_at LIKE '____-__-__T__:__:__.______Z'),
    PRIMARY KEY (order_id, system)
);
CREATE INDEX order_integrations_system_idx ON order_integrations (store_id, system, placed_at DESC, order_id DESC);
CREATE INDEX order_integrations_system_status_idx ON order_integrations (store_id, system, status, placed_at DESC, order_id DESC);

CREATE TABLE integration_attempts (
    seq         INTEGER  PRIMARY KEY AUTOINCREMENT, -- recording order, taken in the write transaction
    id          TEXT     NOT NULL UNIQUE,
    store_id    TEXT     NOT NULL,
    order_id    TEXT     NOT NULL REFERENCES orders (id),
    system      TEXT     NOT NULL,
    status      TEXT     NOT NULL,
    action      TEXT,
    message     TEXT     NOT NULL,
    error_code  TEXT,
    external_id TEXT,
    occurred_at DATETIME NOT NULL CHECK (occurred_at LIKE '____-__-__T__:__:__.______Z'),
    recorded_at DATETIME NOT NULL CHECK (recorded_at LIKE '____-__-__T__:__:__.______Z'),
    details     TEXT     CHECK (details IS NULL OR json_valid(details))
);
-- history keyset: occurred_at desc, then the newest recorded
CREATE INDEX integration_attempts_order_idx ON integration_attempts (order_id, occurred_at DESC, seq DESC);
CREATE INDEX integration_attempts_store_idx ON integration_attempts (store_id, occurred_at DESC, seq DESC);
CREATE INDEX integration_attempts_system_idx ON integration_attempts (store_id, system, status, occurred_at DESC, seq DESC);
CREATE INDEX integration_attempts_status_idx ON integration_attempts (store_id, status, occurred_at DESC, seq DESC);
CREATE INDEX integration_attempts_error_code_idx ON integration_attempts (store_id, error_code, occurred_at DESC, seq DESC)
    WHERE error_code IS NOT NULL;

CREATE TABLE idempotency_keys (
    store_id     TEXT     NOT NULL,
    key          TEXT     NOT NULL,
    fingerprint  BLOB     NOT NULL,
    status       INTEGER  NOT NULL,
    content_type TEXT     NOT NULL,
    location     TEXT     NOT NULL DEFAULT '',
    body         BLOB     NOT NULL,
    created_at   DATETIME NOT NULL CHECK (created_at LIKE '____-__-__T__:__:__.______Z'),
    PRIMARY KEY (store_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- Fixed planner statistics, for the shape the service is built for (SPEC 8:
-- 100,000 orders and 1,000,000 attempts of one store; about 10 attempts and
-- 2 systems per order). Without them SQLite's planner guesses, and takes
-- the store's index for an order's history or states: a scan of the whole
-- store. With them every list walks the index the PostgreSQL plans walk,
-- whatever the size of the tables, and the plans never change as data
-- grows: the service never runs ANALYZE. A stat is "rows, then the average
-- number of rows per distinct value of the first column, the first two...".
ANALYZE;
INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
    ('orders', 'sqlite_autoindex_orders_1', '100000 1'),
    ('orders', 'sqlite_autoindex_orders_2', '100000 100000 1'),
    ('orders', 'orders_placed_idx', '100000 100000 1 1'),
    ('orders', 'orders_updated_idx', '100000 100000 1 1'),
    ('orders', 'orders_status_placed_idx', '100000 100000 20000 1 1'),
    ('orders', 'orders_integration_placed_idx', '100000 100000 25000 1 1'),
    ('order_integrations', 'sqlite_autoindex_order_integrations_1', '200000 2 1'),
    ('order_integrations', 'order_integrations_system_idx', '200000 200000 40000 1 1'),
    ('order_integrations', 'order_integrations_system_status_idx', '200000 200000 40000 13000 1 1'),
    ('integration_attempts', 'sqlite_autoindex_integration_attempts_1', '1000000 1'),
    ('integration_attempts', 'integration_attempts_order_idx', '1000000 10 1 1'),
    ('integration_attempts', 'integration_attempts_store_idx', '1000000 1000000 1 1'),
    ('integration_attempts', 'integration_attempts_system_idx', '1000000 1000000 200000 70000 1 1'),
    ('integration_attempts', 'integration_attempts_status_idx', '1000000 1000000 330000 1 1'),
    ('integration_attempts', 'integration_attempts_error_code_idx', '300000 300000 30000 1 1');

-- +goose Down
DELETE FROM sqlite_stat1;
DROP TABLE idempotency_keys;
DROP TABLE integration_attempts;
DROP TABLE order_integrations;
DROP TABLE orders;
DROP TABLE api_keys;
