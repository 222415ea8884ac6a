-- Vacuum for the queue tables: small tables that turn over all their rows every few seconds.
--
-- Every workflow step inserts and deletes one message in its worker queue and one in orchestration_step_results.
-- A deleted message stays in the table and in its msg_id index until VACUUM removes it, and every read walks the
-- index from its lowest msg_id (pgmq.read: ORDER BY msg_id LIMIT n), so it steps over every dead entry that is not
-- yet removed or marked dead. With PostgreSQL's defaults a queue table is vacuumed once 20 % of its (few) live rows
-- plus 50 are dead, but autovacuum visits a database only once a minute (autovacuum_naptime) and throttles itself
-- (autovacuum_vacuum_cost_delay): under the orchestrator benchmark (fsync on, 2,000 linear-4 tasks in flight) the
-- queue tables were not vacuumed for the whole 20-30 s throughput run, collected 16,000 dead messages each, and in
-- some runs reading 4 messages of the worker queue took 6.7 ms instead of 0.4 (pg_stat_statements), which halved
-- the rate. The storage parameters below make a queue table due for vacuum after 500 dead messages whatever its
-- size, and vacuum it without throttling (it is small, so a pass takes milliseconds); the embedded server checks
-- every 5 s (autovacuum_naptime, EmbeddedPostgresServer). Queues.create applies them to every queue it creates or
-- finds; a database user that does not own the table (a pgmq extension installed by another role) gets a warning
-- and the defaults.
SET check_function_bodies = false;

CREATE FUNCTION tasker.tune_queue_vacuum(p_queue text)
RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    v_table regclass := to_regclass(format('pgmq.%I', 'q_' || lower(p_queue)));
    v_wanted text[] := ARRAY['autovacuum_vacuum_scale_factor=0', 'autovacuum_vacuum_threshold=500',
                             'autovacuum_vacuum_cost_delay=0'];
BEGIN
    IF v_table IS NULL THEN
        RAISE EXCEPTION 'queue % has no table pgmq.q_%', p_queue, lower(p_queue) USING ERRCODE = 'undefined_table';
    END IF;
    IF (SELECT coalesce(c.reloptions, '{}') @> v_wanted FROM pg_class c WHERE c.oid = v_table) THEN
        RETURN;
    END IF;
    EXECUTE format('ALTER TABLE %s SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 500,'
                   || ' autovacuum_vacuum_cost_delay = 0)', v_table);
EXCEPTION WHEN insufficient_privilege THEN
    RAISE WARNING 'cannot set the vacuum parameters of %: %; it keeps the server defaults', v_table, SQLERRM;
END;
$fn$;
