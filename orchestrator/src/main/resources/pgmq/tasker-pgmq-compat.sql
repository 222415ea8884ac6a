-- Tasker's PGMQ-compatible queue schema, for databases without the pgmq extension.
--
-- Written for Tasker from pgmq's documented SQL API (https://pgmq.github.io/pgmq/ "Functions" and "Types"):
-- same schema (pgmq), metadata table (pgmq.meta), per-queue tables pgmq.q_<queue> and archives pgmq.a_<queue>
-- with pgmq's columns, and the functions Tasker uses with pgmq's names, signatures and semantics, so a database
-- can later switch to the real extension without code changes. Partitioned queues, FIFO groups, topics and
-- conditional reads are not provided.
--
-- Semantics:
--   * A message is visible when vt <= now. read() takes up to qty visible messages in msg_id order, skipping rows
--     locked by concurrent readers (FOR UPDATE SKIP LOCKED), so two readers never get the same message; each
--     returned message becomes invisible for vt seconds and its read_ct grows by one.
--   * A message that is read but neither deleted nor archived becomes visible again once its vt passes
--     (at-least-once delivery).
--   * send() with a delay makes the message visible only after the delay.
--
-- Idempotent: safe to run on every start (the orchestrator runs it under an advisory lock).

CREATE SCHEMA IF NOT EXISTS pgmq;

DO $types$
BEGIN
    CREATE TYPE pgmq.message_record AS (
        msg_id        bigint,
        read_ct       integer,
        enqueued_at   timestamptz,
        last_read_at  timestamptz,
        vt            timestamptz,
        message       jsonb,
        headers       jsonb
    );
EXCEPTION WHEN duplicate_object THEN NULL;
END
$types$;

DO $types$
BEGIN
    CREATE TYPE pgmq.queue_record AS (
        queue_name      varchar,
        is_partitioned  boolean,
        is_unlogged     boolean,
        created_at      timestamptz
    );
EXCEPTION WHEN duplicate_object THEN NULL;
END
$types$;

DO $types$
BEGIN
    CREATE TYPE pgmq.metrics_result AS (
        queue_name            text,
        queue_length          bigint,
        newest_msg_age_sec    integer,
        oldest_msg_age_sec    integer,
        total_messages        bigint,
        scrape_time           timestamptz,
        queue_visible_length  bigint
    );
EXCEPTION WHEN duplicate_object THEN NULL;
END
$types$;

CREATE TABLE IF NOT EXISTS pgmq.meta (
    queue_name      varchar     NOT NULL UNIQUE,
    is_partitioned  boolean     NOT NULL,
    is_unlogged     boolean     NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- Table name for a queue: prefix 'q' (queue) or 'a' (archive) + '_' + the lower-cased queue name.
-- Queue names are 1..47 characters of letters, digits and underscores (pgmq's limit).
CREATE OR REPLACE FUNCTION pgmq.format_table_name(queue_name text, prefix text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
AS $fn$
BEGIN
    IF queue_name IS NULL OR queue_name !~ '^[A-Za-z0-9_]{1,47}$' THEN
        RAISE EXCEPTION 'invalid queue name %: use 1 to 47 letters, digits or underscores', quote_nullable(queue_name)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN prefix || '_' || lower(queue_name);
END;
$fn$;

-- Fails with undefined_table when the queue was never created.
CREATE OR REPLACE FUNCTION pgmq._queue_table(queue_name text)
RETURNS text
LANGUAGE plpgsql STABLE
AS $fn$
DECLARE
    table_name text := pgmq.format_table_name(queue_name, 'q');
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pgmq.meta m WHERE m.queue_name = lower(_queue_table.queue_name)) THEN
        RAISE EXCEPTION 'queue % does not exist (create it with pgmq.create)', lower(_queue_table.queue_name)
            USING ERRCODE = 'undefined_table';
    END IF;
    RETURN table_name;
END;
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Queue management

CREATE OR REPLACE FUNCTION pgmq.create(queue_name text)
RETURNS void
LANGUAGE plpgsql
AS $fn$
#variable_conflict use_column
DECLARE
    name_key text := lower(queue_name);
    q text := pgmq.format_table_name(queue_name, 'q');
    a text := pgmq.format_table_name(queue_name, 'a');
BEGIN
    EXECUTE format(
        'CREATE TABLE IF NOT EXISTS pgmq.%I ('
        || ' msg_id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,'
        || ' read_ct integer NOT NULL DEFAULT 0,'
        || ' enqueued_at timestamptz NOT NULL DEFAULT now(),'
        || ' last_read_at timestamptz,'
        || ' vt timestamptz NOT NULL,'
        || ' message jsonb,'
        || ' headers jsonb)', q);
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON pgmq.%I (vt ASC)', q || '_vt_idx', q);
    EXECUTE format(
        'CREATE TABLE IF NOT EXISTS pgmq.%I ('
        || ' msg_id bigint PRIMARY KEY,'
        || ' read_ct integer NOT NULL DEFAULT 0,'
        || ' enqueued_at timestamptz NOT NULL DEFAULT now(),'
        || ' last_read_at timestamptz,'
        || ' archived_at timestamptz NOT NULL DEFAULT now(),'
        || ' vt timestamptz NOT NULL,'
        || ' message jsonb,'
        || ' headers jsonb)', a);
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON pgmq.%I (archived_at)', 'archived_at_idx_' || a, a);
    INSERT INTO pgmq.meta (queue_name, is_partitioned, is_unlogged)
    VALUES (name_key, false, false)
    ON CONFLICT (queue_name) DO NOTHING;
END;
$fn$;

CREATE OR REPLACE FUNCTION pgmq.drop_queue(queue_name text)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
BEGIN
    EXECUTE format('DROP TABLE IF EXISTS pgmq.%I', pgmq.format_table_name(queue_name, 'q'));
    EXECUTE format('DROP TABLE IF EXISTS pgmq.%I', pgmq.format_table_name(queue_name, 'a'));
    DELETE FROM pgmq.meta m WHERE m.queue_name = lower(drop_queue.queue_name);
    RETURN FOUND;
END;
$fn$;

CREATE OR REPLACE FUNCTION pgmq.purge_queue(queue_name text)
RETURNS bigint
LANGUAGE plpgsql
AS $fn$
DECLARE
    deleted bigint;
BEGIN
    EXECUTE format('WITH gone AS (DELETE FROM pgmq.%I RETURNING 1) SELECT count(*) FROM gone',
                   pgmq._queue_table(queue_name)) INTO deleted;
    RETURN deleted;
END;
$fn$;

CREATE OR REPLACE FUNCTION pgmq.list_queues()
RETURNS SETOF pgmq.queue_record
LANGUAGE sql STABLE
AS $fn$
    SELECT m.queue_name, m.is_partitioned, m.is_unlogged, m.created_at FROM pgmq.meta m ORDER BY m.queue_name;
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Sending. The core variant takes headers and the time the message becomes visible; the documented overloads
-- (no headers, delay in seconds or as a timestamp) delegate to it.

CREATE OR REPLACE FUNCTION pgmq._send_batch(queue_name text, msgs jsonb[], headers jsonb[], visible_at timestamptz)
RETURNS SETOF bigint
LANGUAGE plpgsql
AS $fn$
BEGIN
    IF headers IS NOT NULL AND cardinality(headers) <> cardinality(msgs) THEN
        RAISE EXCEPTION 'send_batch: % headers for % messages (give one per message, or none)',
            cardinality(headers), cardinality(msgs) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY EXECUTE format(
        'INSERT INTO pgmq.%I (vt, message, headers)'
        || ' SELECT $3, m.msg, CASE WHEN $2 IS NULL THEN NULL ELSE ($2)[m.ord] END'
        || ' FROM unnest($1) WITH ORDINALITY AS m(msg, ord) ORDER BY m.ord'
        || ' RETURNING msg_id', pgmq._queue_table(queue_name))
        USING msgs, headers, visible_at;
END;
$fn$;

CREATE OR REPLACE FUNCTION pgmq._delay_to_vt(delay integer)
RETURNS timestamptz
LANGUAGE plpgsql STABLE
AS $fn$
BEGIN
    IF delay IS NULL OR delay < 0 THEN
        RAISE EXCEPTION 'delay must be 0 or more seconds, got %', quote_nullable(delay)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN clock_timestamp() + make_interval(secs => delay);
END;
$fn$;

CREATE OR REPLACE FUNCTION pgmq.send_batch(queue_name text, msgs jsonb[], headers jsonb[], delay timestamptz)
RETURNS SETOF bigint LANGUAGE sql AS $fn$
    SELECT pgmq._send_batch(queue_name, msgs, headers, delay);
$fn$;

CREATE OR REPLACE FUNCTION pgmq.send_batch(queue_name text, msgs jsonb[], headers jsonb[], delay integer)
RETURNS SETOF bigint LANGUAGE sql AS $fn$
    SELECT pgmq._send_batch(queue_name, msgs, headers, pgmq._delay_to_vt(delay));
$fn$;

CREATE OR REPLACE FUNCTION pgmq.send_batch(queue_name text, msgs jsonb[], headers jsonb[])
RETURNS SETOF bigint LANGUAGE sql AS $fn$
    SELECT pgmq._send_batch(queue_name, msgs, headers, clock_timestamp());
$fn$;

CREATE OR REPLACE FUNCTION pgmq.send_batch(queue_name text, msgs jsonb[], delay integer)
RETURNS SETOF bigint LANGUAGE sql AS $fn$
    SELECT pgmq._send_batch(queue_name, msgs, NULL, pgmq._delay_to_vt(delay));
$fn$;

CREATE OR REPLACE FUNCTION pgmq.send_batch(queue_name text, msgs jsonb[], delay timestamptz)
RETURNS SETOF bigint LANGUAGE sql AS $fn$
    SELECT pgmq._send_batch(queue_name, msgs, NULL, delay);
$fn$;

CREATE OR REPLACE FUNCTION pgmq.send_batch(queue_name text, msgs jsonb[])
RETURNS SETOF bigint LANGUAGE sql AS $fn$
    SELECT pgmq._send_batch(queue_name, msgs, NULL, clock_timestamp());
$fn$;

CREATE OR REPLACE FUNCTION pgmq.send(queue_name text, msg jsonb, headers jsonb, delay timestamptz)
RETURNS SETOF bigint LANGUAGE sql AS $fn$
    SELECT pgmq._send_batch(queue_name, ARRAY[msg], ARRAY[headers], delay);
$fn$;

CREATE OR REPLACE FUNCTION pgmq.send(queue_name text, msg jsonb, headers jsonb, delay integer)
RETURNS SETOF bigint LANGUAGE sql AS $fn$
    SELECT pgmq._send_batch(queue_name, ARRAY[msg], ARRAY[headers], pgmq._delay_to_vt(delay));
$fn$;

CREATE OR REPLACE FUNCTION pgmq.send(queue_name text, msg jsonb, headers jsonb)
RETURNS SETOF bigint LANGUAGE sql AS $fn$
    SELECT pgmq._send_batch(queue_name, ARRAY[msg], ARRAY[headers], clock_timestamp());
$fn$;

CREATE OR REPLACE FUNCTION pgmq.send(queue_name text, msg jsonb, delay integer)
RETURNS SETOF bigint LANGUAGE sql AS $fn$
    SELECT pgmq._send_batch(queue_name, ARRAY[msg], NULL, pgmq._delay_to_vt(delay));
$fn$;

CREATE OR REPLACE FUNCTION pgmq.send(queue_name text, msg jsonb, delay timestamptz)
RETURNS SETOF bigint LANGUAGE sql AS $fn$
    SELECT pgmq._send_batch(queue_name, ARRAY[msg], NULL, delay);
$fn$;

-- The common form (one message, no headers, visible now) inserts directly: half the cost of going through
-- _send_batch, and every workflow step sends two of these.
CREATE OR REPLACE FUNCTION pgmq.send(queue_name text, msg jsonb)
RETURNS SETOF bigint
LANGUAGE plpgsql
AS $fn$
BEGIN
    RETURN QUERY EXECUTE format('INSERT INTO pgmq.%I (vt, message) VALUES (clock_timestamp(), $1) RETURNING msg_id',
                                pgmq._queue_table(queue_name))
        USING msg;
END;
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Reading

CREATE OR REPLACE FUNCTION pgmq.read(queue_name text, vt integer, qty integer, conditional jsonb DEFAULT '{}')
RETURNS SETOF pgmq.message_record
LANGUAGE plpgsql
AS $fn$
BEGIN
    IF vt IS NULL OR vt < 0 THEN
        RAISE EXCEPTION 'vt must be 0 or more seconds, got %', quote_nullable(vt) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF qty IS NULL OR qty < 1 THEN
        RETURN;
    END IF;
    RETURN QUERY EXECUTE format(
        'WITH picked AS ('
        || '  SELECT msg_id FROM pgmq.%1$I'
        || '  WHERE vt <= clock_timestamp() AND ($3 IS NULL OR $3 = ''{}''::jsonb OR message @> $3)'
        || '  ORDER BY msg_id LIMIT $2'
        || '  FOR UPDATE SKIP LOCKED)'
        || ' UPDATE pgmq.%1$I q SET vt = clock_timestamp() + make_interval(secs => $1),'
        || '   read_ct = q.read_ct + 1, last_read_at = clock_timestamp()'
        || ' FROM picked WHERE q.msg_id = picked.msg_id'
        || ' RETURNING q.msg_id, q.read_ct, q.enqueued_at, q.last_read_at, q.vt, q.message, q.headers',
        pgmq._queue_table(queue_name))
        USING vt, qty, conditional;
END;
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Deleting and archiving

CREATE OR REPLACE FUNCTION pgmq.delete(queue_name text, msg_ids bigint[])
RETURNS SETOF bigint
LANGUAGE plpgsql
AS $fn$
BEGIN
    RETURN QUERY EXECUTE format('DELETE FROM pgmq.%I WHERE msg_id = ANY($1) RETURNING msg_id',
                                pgmq._queue_table(queue_name))
        USING msg_ids;
END;
$fn$;

CREATE OR REPLACE FUNCTION pgmq.delete(queue_name text, msg_id bigint)
RETURNS boolean LANGUAGE sql AS $fn$
    SELECT EXISTS (SELECT 1 FROM pgmq.delete(queue_name, ARRAY[msg_id]));
$fn$;

CREATE OR REPLACE FUNCTION pgmq.archive(queue_name text, msg_ids bigint[])
RETURNS SETOF bigint
LANGUAGE plpgsql
AS $fn$
BEGIN
    RETURN QUERY EXECUTE format(
        'WITH gone AS (DELETE FROM pgmq.%I WHERE msg_id = ANY($1)'
        || ' RETURNING msg_id, read_ct, enqueued_at, last_read_at, vt, message, headers)'
        || ' INSERT INTO pgmq.%I (msg_id, read_ct, enqueued_at, last_read_at, vt, message, headers)'
        || ' SELECT msg_id, read_ct, enqueued_at, last_read_at, vt, message, headers FROM gone'
        || ' RETURNING msg_id',
        pgmq._queue_table(queue_name), pgmq.format_table_name(queue_name, 'a'))
        USING msg_ids;
END;
$fn$;

CREATE OR REPLACE FUNCTION pgmq.archive(queue_name text, msg_id bigint)
RETURNS boolean LANGUAGE sql AS $fn$
    SELECT EXISTS (SELECT 1 FROM pgmq.archive(queue_name, ARRAY[msg_id]));
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Utilities

CREATE OR REPLACE FUNCTION pgmq.set_vt(queue_name text, msg_id bigint, vt timestamptz)
RETURNS SETOF pgmq.message_record
LANGUAGE plpgsql
AS $fn$
BEGIN
    RETURN QUERY EXECUTE format(
        'UPDATE pgmq.%I SET vt = $2 WHERE msg_id = $1'
        || ' RETURNING msg_id, read_ct, enqueued_at, last_read_at, vt, message, headers',
        pgmq._queue_table(queue_name))
        USING msg_id, vt;
END;
$fn$;

CREATE OR REPLACE FUNCTION pgmq.set_vt(queue_name text, msg_id bigint, vt integer)
RETURNS SETOF pgmq.message_record LANGUAGE sql AS $fn$
    SELECT * FROM pgmq.set_vt(queue_name, msg_id, pgmq._delay_to_vt(vt));
$fn$;

CREATE OR REPLACE FUNCTION pgmq.metrics(queue_name text)
RETURNS pgmq.metrics_result
LANGUAGE plpgsql
AS $fn$
DECLARE
    q text := pgmq._queue_table(queue_name);
    result pgmq.metrics_result;
BEGIN
    EXECUTE format(
        'SELECT $1, count(*),'
        || ' extract(epoch FROM (clock_timestamp() - max(enqueued_at)))::integer,'
        || ' extract(epoch FROM (clock_timestamp() - min(enqueued_at)))::integer,'
        || ' (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM %s),'
        || ' clock_timestamp(),'
        || ' count(*) FILTER (WHERE vt <= clock_timestamp())'
        || ' FROM pgmq.%I',
        pg_get_serial_sequence(format('pgmq.%I', q), 'msg_id'), q)
        INTO result
        USING lower(queue_name);
    RETURN result;
END;
$fn$;
