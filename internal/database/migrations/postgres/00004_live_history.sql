-- +goose NO TRANSACTION
-- +goose Up
-- SPEC 10: the live stream, its resume, and the statistics.
--
-- txid is the inserting transaction's id. A stream sends attempts in
-- (txid, seq) order, and only those whose transaction is older than the
-- oldest still in flight in this database (or the snapshot's xmax when none is): every transaction below it
-- has ended, so no attempt can later commit before a position already sent,
-- and a resume from an event id misses nothing. The constant default of the
-- ADD COLUMN is a catalogue change (no rewrite of a large table); rows from
-- before this migration keep 0, and rows from now on take the default.
ALTER TABLE integration_attempts ADD COLUMN IF NOT EXISTS txid xid8 NOT NULL DEFAULT '0';
ALTER TABLE integration_attempts ALTER COLUMN txid SET DEFAULT pg_current_xact_id();
DROP INDEX CONCURRENTLY IF EXISTS integration_attempts_txid_idx;
CREATE INDEX CONCURRENTLY integration_attempts_txid_idx ON integration_attempts (txid, seq);

-- Each (order, system)'s earliest success, kept by the record path, so that
-- deleting old attempts (retention) doesn't change first_success_seconds.
ALTER TABLE order_integrations ADD COLUMN IF NOT EXISTS first_success_at timestamptz;
UPDATE order_integrations oi SET first_success_at = f.at
FROM (SELECT order_id, system, min(occurred_at) AS at FROM integration_attempts
      WHERE status = 'success' GROUP BY order_id, system) f
WHERE oi.order_id = f.order_id AND oi.system = f.system AND oi.first_success_at IS NULL;

-- The store's orders by each system's current state (GET /integration-stats'
-- "orders"), kept as deltas by triggers on the states: every statement that
-- inserts or updates states appends one row per (store, system, status)
-- whose count changed, so writers never update a shared counter row (no
-- queue behind it), and Stats sums a few rows instead of counting every
-- state (docs/PERFORMANCE.md, W6); Stats folds them back from time to time.
-- The triggers and the first count are made in one statement, hence one
-- transaction: its lock on the states waits for the writers in flight and
-- holds the next ones, so no state is counted twice or missed, whichever
-- version of the service writes it.
CREATE TABLE IF NOT EXISTS integration_state_counts (
    store_id text   NOT NULL,
    system   text   NOT NULL,
    status   text   NOT NULL,
    n        bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS integration_state_counts_idx ON integration_state_counts (store_id, system);
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION order_integrations_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO integration_state_counts (store_id, system, status, n)
        SELECT store_id, system, status, count(*) FROM new_rows GROUP BY store_id, system, status;
    ELSE
        INSERT INTO integration_state_counts (store_id, system, status, n)
        SELECT store_id, system, status, sum(d) FROM (
            SELECT store_id, system, status, 1 AS d FROM new_rows
            UNION ALL
            SELECT store_id, system, status, -1 FROM old_rows) c
        GROUP BY store_id, system, status HAVING sum(d) <> 0;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
-- +goose StatementBegin
DO $$
BEGIN
    LOCK TABLE order_integrations IN SHARE ROW EXCLUSIVE MODE;
    DROP TRIGGER IF EXISTS order_integrations_count_insert ON order_integrations;
    DROP TRIGGER IF EXISTS order_integrations_count_update ON order_integrations;
    CREATE TRIGGER order_integrations_count_insert AFTER INSERT ON order_integrations
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION order_integrations_count();
    CREATE TRIGGER order_integrations_count_update AFTER UPDATE ON order_integrations
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION order_integrations_count();
    DELETE FROM integration_state_counts;
    INSERT INTO integration_state_counts (store_id, system, status, n)
    SELECT store_id, system, status, count(*) FROM order_integrations GROUP BY store_id, system, status;
END
$$;
-- +goose StatementEnd

-- One notification per transaction that records attempts, on the channel
-- integration_attempts, whose payload is the store id alone (never an
-- attempt's content): pg_notify folds identical notifications of one
-- transaction into one, and each replica's listener then reads the table.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION integration_attempts_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('integration_attempts', s.store_id) FROM (SELECT DISTINCT store_id FROM new_rows) s;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
DROP TRIGGER IF EXISTS integration_attempts_notify ON integration_attempts;
CREATE TRIGGER integration_attempts_notify AFTER INSERT ON integration_attempts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION integration_attempts_notify();

-- +goose Down
DROP TRIGGER IF EXISTS order_integrations_count_update ON order_integrations;
DROP TRIGGER IF EXISTS order_integrations_count_insert ON order_integrations;
DROP FUNCTION IF EXISTS order_integrations_count();
DROP TABLE IF EXISTS integration_state_counts;
DROP TRIGGER IF EXISTS integration_attempts_notify ON integration_attempts;
DROP FUNCTION IF EXISTS integration_attempts_notify();
ALTER TABLE order_integrations DROP COLUMN IF EXISTS first_success_at;
DROP INDEX CONCURRENTLY IF EXISTS integration_attempts_txid_idx;
ALTER TABLE integration_attempts DROP COLUMN IF EXISTS txid;
