-- The hot path's batches as sets: one statement per operation for a whole batch instead of one per workflow step.
--
-- Claims (claim_steps), recorded results (record_step_results) and result batches (process_step_results) came in
-- batches since V8, but each batch still looped over its steps and tasks in PL/pgSQL: every step or task paid
-- every statement of the operation again (an UPDATE and an INSERT per transition, an UPDATE of the step row, an
-- outbox INSERT, a queue INSERT, a signal), each with its executor start-up, trigger set-up and, for a worker
-- queue, a dynamic INSERT parsed and planned on every call. Under the orchestrator benchmark (2,000 linear-4 tasks
-- in flight, fsync on) the single result-processing loop was busy 27 of the run's 29 seconds, 3.4 ms per step,
-- two thirds of it in advance_task's per-task statements (pg_stat_statements).
--
-- Now each operation takes arrays and runs its statements once per batch:
--   transition_steps   compare-and-swap of many steps' most_recent rows and their new rows: two statements
--   transition_tasks   the same for task paths
--   move_tasks         transition_tasks with move_task_path's side effects (updated_at; completed_at, the
--                      task.<state> outbox event and the tasker_task_finished signal for a terminal state)
--   send_step_messages the messages of one queue in one INSERT (one dynamic statement per worker queue and batch)
--   complete_steps     enqueued_for_orchestration -> complete, completed_at, step.complete outbox events
--   advance_tasks      advance_task's rules for many tasks: execution contexts, ready steps, their transitions and
--                      messages, and the task paths, each a set
-- The single-entity functions (transition_step, move_task_path, move_task, send_step_message, complete_step,
-- advance_task, and transition_task over transition_tasks, the CAS without side effects) now call these with one
-- element, so each rule has one implementation; the Java code and tests keep calling them. transition_task_path
-- and record_step_result have no caller left and go.
-- Same rules, same rows, same order of messages and outbox events as before (DESIGN §3; advance_task's rules are
-- TaskCoordinator's Javadoc).
SET check_function_bodies = false;

-- A requested step transition: compare-and-swap from from_state to to_state with the new row's metadata.
CREATE TYPE tasker.step_move AS (workflow_step_uuid uuid, from_state text, to_state text, metadata jsonb);
-- A requested task path: compare-and-swap from from_state, then the states of path in order (the last one current).
CREATE TYPE tasker.task_move AS (task_uuid uuid, from_state text, path text[], metadata jsonb);
-- A task being advanced: its current state and the counts of its execution context that advance_task's rules use.
CREATE TYPE tasker.task_advance AS (task_uuid uuid, namespace text, correlation_id text, current_state text,
                                    execution_status text, ready_steps integer, active_steps integer,
                                    resolved_steps integer);
-- A ready step of a task being advanced, with the attempt it is enqueued for.
CREATE TYPE tasker.ready_step AS (task_uuid uuid, workflow_step_uuid uuid, from_state text, attempt integer);

-- ---------------------------------------------------------------------------------------------------------------
-- Transitions

-- Applies every move whose step is in its from_state (its most_recent row retired, the new row appended with
-- sort_key + 1); returns the steps moved. A step listed twice moves once.
CREATE FUNCTION tasker.transition_steps(p_moves tasker.step_move[])
RETURNS SETOF uuid LANGUAGE plpgsql
SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off
AS $fn$
BEGIN
    RETURN QUERY
    WITH moves AS (
        SELECT DISTINCT ON (m.workflow_step_uuid) m.workflow_step_uuid, m.from_state, m.to_state, m.metadata
          FROM unnest(p_moves) WITH ORDINALITY m
         ORDER BY m.workflow_step_uuid, m.ordinality
    ), retired AS (
        UPDATE tasker.workflow_step_transitions t SET most_recent = false, updated_at = clock_timestamp()
         WHERE t.workflow_step_uuid = ANY (ARRAY(SELECT m.workflow_step_uuid FROM moves m)) AND t.most_recent
           AND t.to_state = (SELECT m.from_state FROM moves m WHERE m.workflow_step_uuid = t.workflow_step_uuid)
        RETURNING t.workflow_step_uuid, t.sort_key
    ), appended AS (
        INSERT INTO tasker.workflow_step_transitions (workflow_step_uuid, from_state, to_state, metadata, sort_key,
                                                      most_recent)
        SELECT r.workflow_step_uuid, m.from_state, m.to_state, COALESCE(m.metadata, '{}'::jsonb), r.sort_key + 1, true
          FROM retired r JOIN moves m ON m.workflow_step_uuid = r.workflow_step_uuid
        RETURNING workflow_step_uuid
    )
    SELECT a.workflow_step_uuid FROM appended a;
END;
$fn$;

CREATE OR REPLACE FUNCTION tasker.transition_step(p_step uuid, p_from text, p_to text, p_metadata jsonb)
RETURNS boolean LANGUAGE plpgsql AS $fn$
BEGIN
    RETURN EXISTS (SELECT 1 FROM tasker.transition_steps(ARRAY[ROW(p_step, p_from, p_to, p_metadata)::tasker.step_move]));
END;
$fn$;

-- Applies every path whose task is in its from_state and which is not empty (the current row retired, one row
-- per state appended with the following sort_keys, only the last most_recent); returns each task moved with the
-- state it is now in. A task listed twice moves once. No side effects: see move_tasks.
CREATE FUNCTION tasker.transition_tasks(p_moves tasker.task_move[])
RETURNS TABLE (task_uuid uuid, state text) LANGUAGE plpgsql
SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH moves AS (
        SELECT DISTINCT ON (m.task_uuid) m.task_uuid, m.from_state, m.path, m.metadata
          FROM unnest(p_moves) WITH ORDINALITY m
         WHERE cardinality(m.path) > 0
         ORDER BY m.task_uuid, m.ordinality
    ), retired AS (
        UPDATE tasker.task_transitions t SET most_recent = false, updated_at = clock_timestamp()
         WHERE t.task_uuid = ANY (ARRAY(SELECT m.task_uuid FROM moves m)) AND t.most_recent
           AND t.to_state = (SELECT m.from_state FROM moves m WHERE m.task_uuid = t.task_uuid)
        RETURNING t.task_uuid, t.sort_key
    ), appended AS (
        INSERT INTO tasker.task_transitions (task_uuid, from_state, to_state, metadata, sort_key, most_recent)
        SELECT r.task_uuid, COALESCE(m.path[i - 1], m.from_state), m.path[i], COALESCE(m.metadata, '{}'::jsonb),
               r.sort_key + i, i = cardinality(m.path)
          FROM retired r JOIN moves m ON m.task_uuid = r.task_uuid
          CROSS JOIN LATERAL generate_subscripts(m.path, 1) i
         ORDER BY r.task_uuid, i
        RETURNING task_uuid, to_state, most_recent
    )
    SELECT a.task_uuid, a.to_state::text FROM appended a WHERE a.most_recent ORDER BY a.task_uuid;
END;
$fn$;

CREATE OR REPLACE FUNCTION tasker.transition_task(p_task uuid, p_from text, p_to text, p_metadata jsonb)
RETURNS boolean LANGUAGE plpgsql AS $fn$
BEGIN
    RETURN EXISTS (SELECT 1 FROM tasker.transition_tasks(
        ARRAY[ROW(p_task, p_from, ARRAY[p_to], p_metadata)::tasker.task_move]));
END;
$fn$;

-- transition_tasks with the side effects of the state each path ends in (V4's move_task rules): updated_at, and
-- completed_at, a task.<state> outbox event and a tasker_task_finished signal for a terminal state (complete,
-- error, cancelled, resolved_manually); returns the tasks moved.
CREATE FUNCTION tasker.move_tasks(p_moves tasker.task_move[])
RETURNS SETOF uuid LANGUAGE plpgsql AS $fn$
DECLARE
    v_moved uuid[];
    v_finished uuid[];
    v_states text[];
    v_task uuid;
BEGIN
    SELECT array_agg(m.task_uuid ORDER BY m.task_uuid),
           array_agg(m.task_uuid ORDER BY m.task_uuid)
               FILTER (WHERE m.state IN ('complete', 'error', 'cancelled', 'resolved_manually')),
           array_agg(m.state ORDER BY m.task_uuid)
               FILTER (WHERE m.state IN ('complete', 'error', 'cancelled', 'resolved_manually'))
      INTO v_moved, v_finished, v_states
      FROM tasker.transition_tasks(p_moves) m;
    IF v_moved IS NULL THEN
        RETURN;
    END IF;
    IF v_finished IS NOT NULL THEN
        UPDATE tasker.tasks SET updated_at = now(), completed_at = now() WHERE task_uuid = ANY (v_finished);
        INSERT INTO tasker.outbox (aggregate_type, aggregate_uuid, event_type, payload)
        SELECT 'task', f.task_uuid, 'task.' || f.state, jsonb_build_object('task_uuid', f.task_uuid, 'state', f.state)
          FROM unnest(v_finished, v_states) f (task_uuid, state) ORDER BY f.task_uuid;
        FOREACH v_task IN ARRAY v_finished LOOP
            PERFORM tasker.signal('tasker_task_finished', v_task::text);
        END LOOP;
    END IF;
    -- several moves in one transaction write the row once (now() is the transaction's start time)
    UPDATE tasker.tasks SET updated_at = now(), completed_at = NULL
     WHERE task_uuid = ANY (v_moved) AND task_uuid <> ALL (COALESCE(v_finished, '{}'))
       AND (updated_at <> now() OR completed_at IS NOT NULL);
    RETURN QUERY SELECT unnest(v_moved);
END;
$fn$;

CREATE OR REPLACE FUNCTION tasker.move_task_path(p_task uuid, p_from text, p_path text[], p_metadata jsonb)
RETURNS boolean LANGUAGE plpgsql AS $fn$
BEGIN
    RETURN EXISTS (SELECT 1 FROM tasker.move_tasks(ARRAY[ROW(p_task, p_from, p_path, p_metadata)::tasker.task_move]));
END;
$fn$;

DROP FUNCTION tasker.transition_task_path(uuid, text, text[], jsonb);

-- ---------------------------------------------------------------------------------------------------------------
-- Queue messages

-- Sends p_messages, in order, to p_queue's table (V9: a static INSERT for orchestration_step_results, one dynamic
-- INSERT for a worker queue) and signals tasker_queue_activity with the queue name once; returns the message ids.
CREATE FUNCTION tasker.send_step_messages(p_queue text, p_messages jsonb[])
RETURNS SETOF bigint LANGUAGE plpgsql AS $fn$
BEGIN
    IF COALESCE(cardinality(p_messages), 0) > 0 THEN
        IF p_queue = 'orchestration_step_results' THEN
            RETURN QUERY
            INSERT INTO pgmq.q_orchestration_step_results (vt, message)
            SELECT clock_timestamp(), m.message FROM unnest(p_messages) WITH ORDINALITY m (message, i) ORDER BY m.i
            RETURNING msg_id;
        ELSE
            RETURN QUERY EXECUTE format(
                'INSERT INTO pgmq.%I (vt, message)'
                || ' SELECT clock_timestamp(), m.message FROM unnest($1) WITH ORDINALITY m (message, i) ORDER BY m.i'
                || ' RETURNING msg_id', 'q_' || lower(p_queue))
                USING p_messages;
        END IF;
        PERFORM tasker.signal('tasker_queue_activity', p_queue);
    END IF;
END;
$fn$;

-- {"task_uuid", "step_uuid", "correlation_id"}: a workflow step's message to a worker queue or to
-- orchestration_step_results.
CREATE FUNCTION tasker.step_message(p_task uuid, p_step uuid, p_correlation_id text)
RETURNS jsonb LANGUAGE sql STABLE AS $fn$
    SELECT jsonb_build_object('task_uuid', p_task, 'step_uuid', p_step, 'correlation_id', p_correlation_id);
$fn$;

CREATE OR REPLACE FUNCTION tasker.send_step_message(p_queue text, p_task uuid, p_step uuid, p_correlation_id text)
RETURNS bigint LANGUAGE plpgsql AS $fn$
BEGIN
    RETURN (SELECT id FROM tasker.send_step_messages(p_queue, ARRAY[tasker.step_message(p_task, p_step, p_correlation_id)]) id);
END;
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Steps: complete, record

-- enqueued_for_orchestration -> complete for each step in p_steps (in order), completed_at, a step.complete outbox
-- event each; returns the steps completed (the others were not in enqueued_for_orchestration).
CREATE FUNCTION tasker.complete_steps(p_steps uuid[])
RETURNS SETOF uuid LANGUAGE plpgsql
SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off
AS $fn$
DECLARE
    v_done uuid[];
BEGIN
    v_done := ARRAY(SELECT tasker.transition_steps(ARRAY(
        SELECT ROW(s.step, 'enqueued_for_orchestration', 'complete', NULL)::tasker.step_move
          FROM unnest(p_steps) WITH ORDINALITY s (step, i) ORDER BY s.i)));
    IF cardinality(v_done) = 0 THEN
        RETURN;
    END IF;
    UPDATE tasker.workflow_steps SET completed_at = now(), updated_at = now() WHERE workflow_step_uuid = ANY (v_done);
    RETURN QUERY
    INSERT INTO tasker.outbox (aggregate_type, aggregate_uuid, event_type, payload)
    SELECT 'workflow_step', s.step, 'step.complete', jsonb_build_object('step_uuid', s.step)
      FROM (SELECT DISTINCT ON (u.step) u.step, u.i FROM unnest(p_steps) WITH ORDINALITY u (step, i)
             WHERE u.step = ANY (v_done) ORDER BY u.step, u.i) s
     ORDER BY s.i
    RETURNING aggregate_uuid;
END;
$fn$;

CREATE OR REPLACE FUNCTION tasker.complete_step(p_step uuid)
RETURNS boolean LANGUAGE plpgsql AS $fn$
BEGIN
    RETURN EXISTS (SELECT 1 FROM tasker.complete_steps(ARRAY[p_step]));
END;
$fn$;

-- Records attempts' outcomes (V8's element shape: {task_uuid, step_uuid, correlation_id, attempt, success, result,
-- error, metadata, execution_time_ms, events}): in_progress -> enqueued_for_orchestration (success) or
-- enqueued_as_error_for_orchestration, result or error, result metadata and execution time (ms) stored, events
-- ([{name, payload}], success only) appended as step.domain_event outbox rows, one orchestration_step_results
-- message each. Returns the step_uuid of every result recorded, in p_results' order; a step that left in_progress
-- meanwhile is skipped, and a step listed twice is recorded once, with its first element.
CREATE OR REPLACE FUNCTION tasker.record_step_results(p_results jsonb)
RETURNS SETOF uuid LANGUAGE plpgsql
SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off
SET plan_cache_mode = force_generic_plan
AS $fn$
DECLARE
    v_recorded uuid[];
BEGIN
    -- each step's first element, in p_results' order
    p_results := (SELECT COALESCE(jsonb_agg(f.r ORDER BY f.i), '[]'::jsonb)
                    FROM (SELECT DISTINCT ON (e.r->>'step_uuid') e.r, e.i
                            FROM jsonb_array_elements(p_results) WITH ORDINALITY e (r, i)
                           ORDER BY e.r->>'step_uuid', e.i) f);
    v_recorded := ARRAY(SELECT tasker.transition_steps(ARRAY(
        SELECT ROW((e.r->>'step_uuid')::uuid, 'in_progress',
                   CASE WHEN (e.r->>'success')::boolean THEN 'enqueued_for_orchestration'
                        ELSE 'enqueued_as_error_for_orchestration' END,
                   jsonb_build_object('attempt', (e.r->>'attempt')::integer,
                                      'execution_time_ms', (e.r->>'execution_time_ms')::bigint))::tasker.step_move
          FROM jsonb_array_elements(p_results) WITH ORDINALITY e (r, i) ORDER BY e.i)));
    IF cardinality(v_recorded) = 0 THEN
        RETURN;
    END IF;
    UPDATE tasker.workflow_steps ws
       SET (results, error, result_metadata, execution_time_ms, updated_at) = (
           SELECT CASE WHEN (e.r->>'success')::boolean THEN e.r->'result' ELSE ws.results END,
                  CASE WHEN (e.r->>'success')::boolean THEN NULL ELSE e.r->'error' END,
                  e.r->'metadata', (e.r->>'execution_time_ms')::bigint, now()
             FROM jsonb_array_elements(p_results) e (r)
            WHERE (e.r->>'step_uuid')::uuid = ws.workflow_step_uuid)
     WHERE ws.workflow_step_uuid = ANY (v_recorded);
    INSERT INTO tasker.outbox (aggregate_type, aggregate_uuid, event_type, payload)
    SELECT 'workflow_step', (e.r->>'step_uuid')::uuid, 'step.domain_event',
           jsonb_build_object('name', v.event->'name', 'payload', v.event->'payload',
                              'task_uuid', (e.r->>'task_uuid')::uuid, 'step_uuid', (e.r->>'step_uuid')::uuid)
      FROM jsonb_array_elements(p_results) WITH ORDINALITY e (r, i)
      CROSS JOIN LATERAL jsonb_array_elements(COALESCE(e.r->'events', '[]'::jsonb)) WITH ORDINALITY v (event, j)
     WHERE (e.r->>'success')::boolean AND (e.r->>'step_uuid')::uuid = ANY (v_recorded)
     ORDER BY e.i, v.j;
    PERFORM tasker.send_step_messages('orchestration_step_results', ARRAY(
        SELECT tasker.step_message((e.r->>'task_uuid')::uuid, (e.r->>'step_uuid')::uuid, e.r->>'correlation_id')
          FROM jsonb_array_elements(p_results) WITH ORDINALITY e (r, i)
         WHERE (e.r->>'step_uuid')::uuid = ANY (v_recorded) ORDER BY e.i));
    RETURN QUERY SELECT (e.r->>'step_uuid')::uuid FROM jsonb_array_elements(p_results) WITH ORDINALITY e (r, i)
                  WHERE (e.r->>'step_uuid')::uuid = ANY (v_recorded) ORDER BY e.i;
END;
$fn$;

DROP FUNCTION tasker.record_step_result(uuid, uuid, text, integer, boolean, jsonb, jsonb, jsonb, bigint, jsonb);

-- ---------------------------------------------------------------------------------------------------------------
-- Tasks: advance

-- advance_task's rules (TaskCoordinator's Javadoc; the callers hold the tasks' row locks) for every task in
-- p_tasks: a task in a terminal state is left alone; otherwise its execution context decides (first match of
-- execution_status): has_ready_steps enqueues every ready step (-> enqueued with {attempt}, next_retry_at cleared,
-- a message to worker_{namespace}_queue) and ends in steps_in_process through enqueuing_steps;
-- blocked_by_failures ends there, or in error when no step is enqueued, in progress or waiting for orchestration;
-- processing -> steps_in_process; all_complete -> complete (resolved_manually when a step was resolved manually);
-- waiting_for_retry -> waiting_for_retry; otherwise waiting_for_dependencies. The path starts with initializing
-- from pending and with evaluating_results from any state but initializing and evaluating_results, and is not
-- taken when nothing was enqueued and the task already is where it would end. Its metadata is
-- {execution_status, ready_steps, enqueued_steps}. Returns each task's state afterwards. Raises no_data_found for a
-- task that does not exist and serialization_failure when a task left the state it was read in.
CREATE FUNCTION tasker.advance_tasks(p_tasks uuid[])
RETURNS TABLE (task_uuid uuid, state text) LANGUAGE plpgsql
SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off
SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
DECLARE
    v_tasks tasker.task_advance[];
    v_ready tasker.ready_step[];
    v_retrying boolean;
    v_enqueued uuid[] := '{}';
    v_queue record;
    v_moves tasker.task_move[];
    v_moved uuid[];
    v_missing uuid;
    v_stale tasker.task_move;
BEGIN
    v_tasks := ARRAY(
        SELECT ROW(t.task_uuid, t.namespace, t.correlation_id, c.status, c.execution_status, c.ready_steps,
                   c.enqueued_steps + c.in_progress_steps + c.enqueued_for_orchestration_steps,
                   c.resolved_manually_steps)::tasker.task_advance
          FROM tasker.tasks t
          CROSS JOIN LATERAL tasker.get_task_execution_context(t.task_uuid) c
         WHERE t.task_uuid = ANY (p_tasks)
         ORDER BY t.task_uuid);
    IF cardinality(v_tasks) < cardinality(p_tasks) THEN -- a task missing, or p_tasks holds duplicates or NULLs
        SELECT u.id INTO v_missing FROM unnest(p_tasks) u (id)
         WHERE u.id IS NOT NULL AND u.id NOT IN (SELECT a.task_uuid FROM unnest(v_tasks) a) LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'task % does not exist', v_missing USING ERRCODE = 'no_data_found';
        END IF;
    END IF;

    -- Each statement below skips the tasks in a terminal state; the enqueuing ones run only when a step is ready.
    SELECT array_agg(ROW(a.task_uuid, r.workflow_step_uuid, r.current_state, r.attempts + 1)::tasker.ready_step
                     ORDER BY a.task_uuid, r.name),
           bool_or(r.next_retry_at IS NOT NULL)
      INTO v_ready, v_retrying
      FROM unnest(v_tasks) a
      CROSS JOIN LATERAL tasker.get_step_readiness_status(a.task_uuid) r
     WHERE a.execution_status = 'has_ready_steps' AND r.ready_for_execution
       AND a.current_state NOT IN ('complete', 'error', 'cancelled', 'resolved_manually');
    IF v_ready IS NOT NULL THEN
        v_enqueued := ARRAY(SELECT tasker.transition_steps(ARRAY(
            SELECT ROW(r.workflow_step_uuid, r.from_state, 'enqueued', jsonb_build_object('attempt', r.attempt))::tasker.step_move
              FROM unnest(v_ready) WITH ORDINALITY r ORDER BY r.ordinality)));
        IF v_retrying THEN
            UPDATE tasker.workflow_steps SET next_retry_at = NULL, updated_at = now()
             WHERE workflow_step_uuid = ANY (v_enqueued) AND next_retry_at IS NOT NULL;
        END IF;
        FOR v_queue IN
            SELECT 'worker_' || a.namespace || '_queue' AS queue,
                   array_agg(tasker.step_message(a.task_uuid, r.workflow_step_uuid, a.correlation_id)
                             ORDER BY r.ordinality) AS messages
              FROM unnest(v_ready) WITH ORDINALITY r
              JOIN unnest(v_tasks) a ON a.task_uuid = r.task_uuid
             WHERE r.workflow_step_uuid = ANY (v_enqueued)
             GROUP BY a.namespace
             ORDER BY a.namespace
        LOOP
            PERFORM tasker.send_step_messages(v_queue.queue, v_queue.messages);
        END LOOP;
    END IF;

    v_moves := ARRAY(
        SELECT ROW(a.task_uuid, a.current_state,
                   CASE WHEN a.current_state = 'pending' THEN ARRAY['initializing']
                        WHEN a.current_state IN ('initializing', 'evaluating_results') THEN ARRAY[]::text[]
                        ELSE ARRAY['evaluating_results'] END || o.outcome,
                   jsonb_build_object('execution_status', a.execution_status, 'ready_steps', a.ready_steps,
                                      'enqueued_steps', e.enqueued))::tasker.task_move
          FROM unnest(v_tasks) a
          CROSS JOIN LATERAL (SELECT count(*)::integer AS enqueued FROM unnest(v_ready) r
                               WHERE r.task_uuid = a.task_uuid AND r.workflow_step_uuid = ANY (v_enqueued)) e
          CROSS JOIN LATERAL (SELECT CASE a.execution_status
                  WHEN 'has_ready_steps' THEN ARRAY['enqueuing_steps', 'steps_in_process']
                  WHEN 'blocked_by_failures' THEN
                      CASE WHEN a.active_steps = 0 THEN ARRAY['blocked_by_failures', 'error']
                           ELSE ARRAY['blocked_by_failures'] END
                  WHEN 'processing' THEN ARRAY['steps_in_process']
                  WHEN 'all_complete' THEN
                      ARRAY[CASE WHEN a.resolved_steps > 0 THEN 'resolved_manually' ELSE 'complete' END]
                  WHEN 'waiting_for_retry' THEN ARRAY['waiting_for_retry']
                  ELSE ARRAY['waiting_for_dependencies'] END AS outcome) o
         WHERE a.current_state NOT IN ('complete', 'error', 'cancelled', 'resolved_manually')
           AND NOT (e.enqueued = 0 AND o.outcome[cardinality(o.outcome)] = a.current_state)
         ORDER BY a.task_uuid);
    IF cardinality(v_moves) > 0 THEN
        v_moved := ARRAY(SELECT tasker.move_tasks(v_moves));
        IF cardinality(v_moved) < cardinality(v_moves) THEN
            SELECT m.* INTO v_stale FROM unnest(v_moves) m WHERE m.task_uuid <> ALL (v_moved) LIMIT 1;
            RAISE EXCEPTION 'task % is no longer %', v_stale.task_uuid, v_stale.from_state
                USING ERRCODE = 'serialization_failure';
        END IF;
    END IF;
    RETURN QUERY
    SELECT a.task_uuid, COALESCE(m.path[cardinality(m.path)], a.current_state)
      FROM unnest(v_tasks) a
      LEFT JOIN unnest(v_moves) m ON m.task_uuid = a.task_uuid
     ORDER BY a.task_uuid;
END;
$fn$;

CREATE OR REPLACE FUNCTION tasker.advance_task(p_task uuid)
RETURNS text LANGUAGE plpgsql
SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off
SET plan_cache_mode = force_generic_plan
AS $fn$
BEGIN
    RETURN (SELECT a.state FROM tasker.advance_tasks(ARRAY[p_task]) a);
END;
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- The batches

-- V8's claim_steps, its claimed steps moved enqueued -> in_progress as one set, and each claimed step's task read by
-- an index probe whatever the statistics (a LATERAL subquery behind OFFSET 0, as V8 reads the ancestry).
CREATE OR REPLACE FUNCTION tasker.claim_steps(p_queue text, p_vt integer, p_qty integer)
RETURNS TABLE (task_uuid uuid, workflow_step_uuid uuid, namespace text, task_name text, task_version text,
               context jsonb, correlation_id text, template_uuid uuid, template_step_name text, step_type text,
               step_name text, attempts integer, max_attempts integer, handler_name text, handler_digest text,
               config jsonb, inputs jsonb, checkpoint jsonb, timeout_seconds integer, dependency_results jsonb)
LANGUAGE plpgsql
SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off
SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
DECLARE
    v_read bigint[];
    v_malformed bigint[];
    v_steps uuid[];
    v_claimed uuid[];
BEGIN
    SELECT array_agg(m.msg_id ORDER BY m.msg_id) FILTER (WHERE m.step IS NULL),
           array_agg(m.msg_id ORDER BY m.msg_id) FILTER (WHERE m.step IS NOT NULL),
           array_agg(m.step ORDER BY m.msg_id) FILTER (WHERE m.step IS NOT NULL)
      INTO v_malformed, v_read, v_steps
      FROM (SELECT r.msg_id, tasker.try_uuid(r.message->>'step_uuid') AS step
              FROM pgmq.read(p_queue, p_vt, p_qty) r) m;
    IF v_malformed IS NOT NULL THEN
        PERFORM pgmq.archive(p_queue, v_malformed);
        RAISE WARNING 'archived % message(s) of % without a step_uuid: %', cardinality(v_malformed), p_queue, v_malformed;
    END IF;
    IF v_read IS NULL THEN
        RETURN;
    END IF;
    v_claimed := ARRAY(SELECT tasker.transition_steps(ARRAY(
        SELECT ROW(s.step, 'enqueued', 'in_progress', NULL)::tasker.step_move
          FROM unnest(v_steps) WITH ORDINALITY s (step, i) ORDER BY s.i)));
    PERFORM pgmq.delete(p_queue, v_read);
    UPDATE tasker.workflow_steps SET attempts = attempts + 1, last_attempted_at = now(), updated_at = now()
     WHERE workflow_step_uuid = ANY (v_claimed);
    RETURN QUERY
    WITH RECURSIVE ancestry (step, ancestor) AS (
        SELECT e.to_step_uuid, e.from_step_uuid
          FROM tasker.workflow_step_edges e
         WHERE e.to_step_uuid = ANY (v_claimed)
        UNION
        SELECT a.step, e.from_step_uuid
          FROM ancestry a
          CROSS JOIN LATERAL (SELECT pe.from_step_uuid FROM tasker.workflow_step_edges pe
                               WHERE pe.to_step_uuid = a.ancestor OFFSET 0) e
    ),
    results AS (
        SELECT a.step, jsonb_object_agg(p.name, COALESCE(p.results, 'null'::jsonb)) AS results
          FROM ancestry a
          CROSS JOIN LATERAL (SELECT s.name, s.results FROM tasker.workflow_steps s
                               WHERE s.workflow_step_uuid = a.ancestor
                                 AND (SELECT t.to_state FROM tasker.workflow_step_transitions t
                                       WHERE t.workflow_step_uuid = s.workflow_step_uuid AND t.most_recent) = 'complete'
                              OFFSET 0) p
         GROUP BY a.step
    )
    SELECT t.task_uuid, ws.workflow_step_uuid, t.namespace, t.name, t.version, t.context, t.correlation_id,
           t.template_uuid, ws.template_step_name, ws.step_type, ws.name, ws.attempts, ws.max_attempts,
           ws.handler_name, ws.handler_digest, ws.config, ws.inputs, ws.checkpoint, ws.timeout_seconds,
           COALESCE(r.results, '{}'::jsonb)
      FROM tasker.workflow_steps ws
      CROSS JOIN LATERAL (SELECT tk.task_uuid, tk.namespace, tk.name, tk.version, tk.context, tk.correlation_id,
                                 tk.template_uuid
                            FROM tasker.tasks tk WHERE tk.task_uuid = ws.task_uuid OFFSET 0) t
      LEFT JOIN results r ON r.step = ws.workflow_step_uuid
     WHERE ws.workflow_step_uuid = ANY (v_claimed);
END;
$fn$;

-- V4's process_step_results, its steps completed and its tasks advanced as sets, every table read by an index
-- condition whatever the statistics.
CREATE OR REPLACE FUNCTION tasker.process_step_results(p_vt integer, p_qty integer)
RETURNS TABLE (msg_id bigint, read_ct integer, enqueued_at timestamptz, vt timestamptz, message jsonb, processed boolean)
LANGUAGE plpgsql
SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off
SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
DECLARE
    v_messages pgmq.message_record[];
    v_locked uuid[];
    v_deferred uuid[];
    v_done bigint[];
BEGIN
    v_messages := ARRAY(SELECT m FROM pgmq.read('orchestration_step_results', p_vt, p_qty) m ORDER BY m.msg_id);
    IF cardinality(v_messages) = 0 THEN
        RETURN;
    END IF;
    -- the batch's tasks that exist, locked in task_uuid order
    v_locked := ARRAY(SELECT t.task_uuid FROM tasker.tasks t
                       WHERE t.task_uuid = ANY (ARRAY(SELECT tasker.try_uuid(m.message->>'task_uuid')
                                                         FROM unnest(v_messages) m))
                       ORDER BY t.task_uuid FOR UPDATE);
    v_deferred := ARRAY(
        SELECT DISTINCT tasker.try_uuid(m.message->>'task_uuid')
          FROM unnest(v_messages) m
          CROSS JOIN LATERAL (SELECT ws.step_type,
                                     (SELECT st.to_state FROM tasker.workflow_step_transitions st
                                       WHERE st.workflow_step_uuid = ws.workflow_step_uuid AND st.most_recent) AS state
                                FROM tasker.workflow_steps ws
                               WHERE ws.workflow_step_uuid = tasker.try_uuid(m.message->>'step_uuid') OFFSET 0) s
         WHERE s.state = 'enqueued_as_error_for_orchestration'
            OR (s.state = 'enqueued_for_orchestration' AND s.step_type IN ('decision', 'batchable')));
    -- the messages processed here: both uuids valid, task not deferred
    v_done := ARRAY(SELECT m.msg_id FROM unnest(v_messages) m
                     WHERE tasker.try_uuid(m.message->>'step_uuid') IS NOT NULL
                       AND tasker.try_uuid(m.message->>'task_uuid') <> ALL (v_deferred));
    IF cardinality(v_done) > 0 THEN
        PERFORM tasker.complete_steps(ARRAY(SELECT tasker.try_uuid(m.message->>'step_uuid') FROM unnest(v_messages) m
                                             WHERE m.msg_id = ANY (v_done) ORDER BY m.msg_id));
        PERFORM tasker.advance_tasks(ARRAY(
            SELECT DISTINCT tasker.try_uuid(m.message->>'task_uuid') FROM unnest(v_messages) m
             WHERE m.msg_id = ANY (v_done) AND tasker.try_uuid(m.message->>'task_uuid') = ANY (v_locked)));
        PERFORM pgmq.delete('orchestration_step_results', v_done);
    END IF;
    RETURN QUERY SELECT m.msg_id, m.read_ct, m.enqueued_at, m.vt, m.message, m.msg_id = ANY (v_done)
                   FROM unnest(v_messages) m ORDER BY m.msg_id;
END;
$fn$;
