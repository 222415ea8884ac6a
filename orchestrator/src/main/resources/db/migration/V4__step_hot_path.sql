-- The workflow step hot path in PL/pgSQL, so that each stage of a step costs one database round trip:
--   claim      tasker.claim_steps           read + delete worker queue messages, enqueued -> in_progress, count the
--                                           attempt, return the step invocation inputs with dependency results
--   record     tasker.record_step_result    in_progress -> enqueued[_as_error]_for_orchestration, store the result,
--                                           outbox events, orchestration_step_results message + NOTIFY
--   process    tasker.process_step_results  batch of result messages: lock the tasks, complete the steps, advance
--                                           each task once; what needs Java (failures, decision and batchable
--                                           steps) is returned to the caller untouched
-- The building blocks (transition_step, transition_task, move_task, complete_step, advance_task,
-- send_step_message, append_outbox) are the single implementation of those operations: the Java code calls them
-- too. PL/pgSQL caches the plans of its statements per session, which LANGUAGE sql functions do not.
-- State rules are DESIGN §3 (see TaskCoordinator and StepResultProcessor for the prose).
--
-- The functions call PGMQ, which is installed after the migrations (the pgmq extension or Tasker's compatible
-- schema, see PgmqInstaller): their bodies are checked when first called, not here.
SET check_function_bodies = false;

-- ---------------------------------------------------------------------------------------------------------------
-- Append-only guard (V1), same rule, checked by the executor: the trigger's WHEN clause lets the only allowed
-- update (clearing most_recent) through without calling a PL/pgSQL function, which halved the cost of every
-- transition; the function now only runs to reject a forbidden update.

CREATE FUNCTION tasker.reject_transition_update() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'transitions are append-only: % row % may only have most_recent cleared',
        TG_TABLE_NAME, OLD.sort_key USING ERRCODE = 'restrict_violation';
END;
$fn$;

DROP TRIGGER task_transitions_append_only ON tasker.task_transitions;
DROP TRIGGER workflow_step_transitions_append_only ON tasker.workflow_step_transitions;
DROP FUNCTION tasker.transitions_append_only();

-- allowed: most_recent true -> false, updated_at may change, every other column stays
CREATE TRIGGER task_transitions_append_only BEFORE UPDATE ON tasker.task_transitions FOR EACH ROW
    WHEN (NOT (OLD.most_recent AND NOT NEW.most_recent
               AND to_jsonb(NEW) - 'most_recent' - 'updated_at' = to_jsonb(OLD) - 'most_recent' - 'updated_at'))
    EXECUTE FUNCTION tasker.reject_transition_update();
CREATE TRIGGER workflow_step_transitions_append_only BEFORE UPDATE ON tasker.workflow_step_transitions FOR EACH ROW
    WHEN (NOT (OLD.most_recent AND NOT NEW.most_recent
               AND to_jsonb(NEW) - 'most_recent' - 'updated_at' = to_jsonb(OLD) - 'most_recent' - 'updated_at'))
    EXECUTE FUNCTION tasker.reject_transition_update();

-- ---------------------------------------------------------------------------------------------------------------
-- Outbox and queue messages

CREATE FUNCTION tasker.append_outbox(p_aggregate_type text, p_aggregate_uuid uuid, p_event_type text, p_payload jsonb)
RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO tasker.outbox (aggregate_type, aggregate_uuid, event_type, payload)
    VALUES (p_aggregate_type, p_aggregate_uuid, p_event_type, p_payload);
END;
$fn$;

-- The uuid in p_text, or NULL when p_text is not one (malformed queue messages must not abort a batch).
CREATE FUNCTION tasker.try_uuid(p_text text)
RETURNS uuid LANGUAGE sql IMMUTABLE AS $fn$
    SELECT CASE WHEN p_text ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$' THEN p_text::uuid END;
$fn$;

-- Sends {"task_uuid", "step_uuid", "correlation_id"} to a queue and NOTIFYs tasker_queue_activity with the queue
-- name (delivered when, and only if, the caller's transaction commits). Returns the message id.
CREATE FUNCTION tasker.send_step_message(p_queue text, p_task uuid, p_step uuid, p_correlation_id text)
RETURNS bigint LANGUAGE plpgsql AS $fn$
DECLARE
    v_id bigint;
BEGIN
    SELECT s INTO v_id FROM pgmq.send(p_queue, jsonb_build_object('task_uuid', p_task, 'step_uuid', p_step,
                                                                    'correlation_id', p_correlation_id)) s;
    PERFORM pg_notify('tasker_queue_activity', p_queue);
    RETURN v_id;
END;
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Transitions: compare-and-swap on the most_recent row (true when applied, false when the entity was not in
-- p_from). The allowed-transition matrix is enforced by the Java state enums before they call these, and by
-- construction in the functions below.
-- The two functions differ only in the table and its key column: one generic function would need dynamic SQL,
-- which PostgreSQL plans on every call, on the statement every state change runs.

CREATE FUNCTION tasker.transition_step(p_step uuid, p_from text, p_to text, p_metadata jsonb)
RETURNS boolean LANGUAGE plpgsql AS $fn$
DECLARE
    v_sort integer;
BEGIN
    UPDATE tasker.workflow_step_transitions SET most_recent = false, updated_at = clock_timestamp()
     WHERE workflow_step_uuid = p_step AND most_recent AND to_state = p_from
    RETURNING sort_key INTO v_sort;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    INSERT INTO tasker.workflow_step_transitions (workflow_step_uuid, from_state, to_state, metadata, sort_key, most_recent)
    VALUES (p_step, p_from, p_to, COALESCE(p_metadata, '{}'::jsonb), v_sort + 1, true);
    RETURN true;
END;
$fn$;

CREATE FUNCTION tasker.transition_task(p_task uuid, p_from text, p_to text, p_metadata jsonb)
RETURNS boolean LANGUAGE plpgsql AS $fn$
DECLARE
    v_sort integer;
BEGIN
    UPDATE tasker.task_transitions SET most_recent = false, updated_at = clock_timestamp()
     WHERE task_uuid = p_task AND most_recent AND to_state = p_from
    RETURNING sort_key INTO v_sort;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    INSERT INTO tasker.task_transitions (task_uuid, from_state, to_state, metadata, sort_key, most_recent)
    VALUES (p_task, p_from, p_to, COALESCE(p_metadata, '{}'::jsonb), v_sort + 1, true);
    RETURN true;
END;
$fn$;

-- A task transition with its side effects: updated_at, and completed_at plus a task.<state> outbox event when the
-- task reaches a terminal state (complete, error, cancelled, resolved_manually).
CREATE FUNCTION tasker.move_task(p_task uuid, p_from text, p_to text, p_metadata jsonb)
RETURNS boolean LANGUAGE plpgsql AS $fn$
BEGIN
    IF NOT tasker.transition_task(p_task, p_from, p_to, p_metadata) THEN
        RETURN false;
    END IF;
    IF p_to IN ('complete', 'error', 'cancelled', 'resolved_manually') THEN
        UPDATE tasker.tasks SET updated_at = now(), completed_at = now() WHERE task_uuid = p_task;
        PERFORM tasker.append_outbox('task', p_task, 'task.' || p_to,
                                     jsonb_build_object('task_uuid', p_task, 'state', p_to));
    ELSE
        -- several moves in one transaction write the row once (now() is the transaction's start time)
        UPDATE tasker.tasks SET updated_at = now(), completed_at = NULL
         WHERE task_uuid = p_task AND (updated_at <> now() OR completed_at IS NOT NULL);
    END IF;
    RETURN true;
END;
$fn$;

-- enqueued_for_orchestration -> complete, completed_at, step.complete outbox event.
CREATE FUNCTION tasker.complete_step(p_step uuid)
RETURNS boolean LANGUAGE plpgsql AS $fn$
BEGIN
    IF NOT tasker.transition_step(p_step, 'enqueued_for_orchestration', 'complete', NULL) THEN
        RETURN false;
    END IF;
    UPDATE tasker.workflow_steps SET completed_at = now(), updated_at = now() WHERE workflow_step_uuid = p_step;
    PERFORM tasker.append_outbox('workflow_step', p_step, 'step.complete', jsonb_build_object('step_uuid', p_step));
    RETURN true;
END;
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Step readiness (same columns and rules as V2): every lookup is an index probe per step of the task (its state
-- by workflow_step_transitions_most_recent, its parents by workflow_step_edges_to), so the cost depends on the
-- task's size only, never on how many tasks the database holds (V2's hash joins scanned all edges).

CREATE OR REPLACE FUNCTION tasker.get_step_readiness_status(input_task_uuid uuid)
RETURNS TABLE (
    workflow_step_uuid      uuid,
    task_uuid               uuid,
    name                    text,
    current_state           text,
    dependencies_satisfied  boolean,
    retry_eligible          boolean,
    ready_for_execution     boolean,
    next_retry_at           timestamptz,
    total_parents           integer,
    completed_parents       integer,
    attempts                integer,
    max_attempts            integer,
    retryable               boolean
)
LANGUAGE sql STABLE
AS $fn$
    SELECT f.workflow_step_uuid, f.task_uuid, f.name, f.state,
           f.deps_ok,
           f.retry_ok,
           f.state IN ('pending', 'waiting_for_retry') AND f.deps_ok AND f.retry_ok
               AND (f.next_retry_at IS NULL OR f.next_retry_at <= now()),
           f.next_retry_at, f.total, f.done, f.attempts, f.max_attempts, f.retryable
    FROM (
        SELECT ws.workflow_step_uuid, ws.task_uuid, ws.name, ws.attempts, ws.max_attempts, ws.retryable,
               ws.next_retry_at, s.state, p.total, p.done, p.done = p.total AS deps_ok,
               (ws.attempts = 0 OR (ws.retryable AND ws.attempts < ws.max_attempts)) AS retry_ok
        FROM tasker.workflow_steps ws
        CROSS JOIN LATERAL (
            SELECT COALESCE((SELECT t.to_state FROM tasker.workflow_step_transitions t
                              WHERE t.workflow_step_uuid = ws.workflow_step_uuid AND t.most_recent), 'pending') AS state
        ) s
        CROSS JOIN LATERAL (
            SELECT count(*)::integer AS total,
                   (count(*) FILTER (WHERE (SELECT pt.to_state FROM tasker.workflow_step_transitions pt
                                             WHERE pt.workflow_step_uuid = e.from_step_uuid AND pt.most_recent)
                                           IN ('complete', 'resolved_manually')))::integer AS done
            FROM tasker.workflow_step_edges e
            WHERE e.to_step_uuid = ws.workflow_step_uuid
        ) p
        WHERE ws.task_uuid = input_task_uuid
    ) f
    ORDER BY f.name;
$fn$;

-- {step name: results} of every complete ancestor (transitive parent) of a workflow step: a breadth-first walk up
-- the DAG by index probes (workflow_step_edges_to), then each ancestor's state by its most_recent transition. (A
-- recursive CTE is planned with hash joins over the whole edge table, or, as a SQL function, re-planned per call.)
CREATE FUNCTION tasker.dependency_results(p_step uuid)
RETURNS jsonb LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    v_frontier uuid[];
    v_ancestors uuid[] := '{}';
BEGIN
    v_frontier := ARRAY(SELECT e.from_step_uuid FROM tasker.workflow_step_edges e WHERE e.to_step_uuid = p_step);
    WHILE cardinality(v_frontier) > 0 LOOP
        v_ancestors := v_ancestors || v_frontier;
        v_frontier := ARRAY(SELECT DISTINCT e.from_step_uuid FROM tasker.workflow_step_edges e
                             WHERE e.to_step_uuid = ANY (v_frontier) AND e.from_step_uuid <> ALL (v_ancestors));
    END LOOP;
    RETURN (SELECT COALESCE(jsonb_object_agg(p.name, COALESCE(p.results, 'null'::jsonb)), '{}'::jsonb)
              FROM tasker.workflow_steps p
             WHERE p.workflow_step_uuid = ANY (v_ancestors)
               AND (SELECT t.to_state FROM tasker.workflow_step_transitions t
                     WHERE t.workflow_step_uuid = p.workflow_step_uuid AND t.most_recent) = 'complete');
END;
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Moving a task forward (callers hold the task's row lock). Rules: see TaskCoordinator's Javadoc; first match of
-- get_task_execution_context.execution_status wins. Returns the task's state afterwards.

CREATE FUNCTION tasker.advance_task(p_task uuid)
RETURNS text LANGUAGE plpgsql AS $fn$
DECLARE
    v_namespace text;
    v_correlation_id text;
    v_current text;
    v_context record;
    v_step record;
    v_enqueued integer := 0;
    v_outcome text[];
    v_route text[];
    v_next text;
    v_metadata jsonb;
BEGIN
    SELECT t.namespace, t.correlation_id, tt.to_state INTO v_namespace, v_correlation_id, v_current
      FROM tasker.tasks t JOIN tasker.task_transitions tt ON tt.task_uuid = t.task_uuid AND tt.most_recent
     WHERE t.task_uuid = p_task;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'task % does not exist', p_task USING ERRCODE = 'no_data_found';
    END IF;
    IF v_current IN ('complete', 'error', 'cancelled', 'resolved_manually') THEN
        RETURN v_current;
    END IF;
    SELECT * INTO v_context FROM tasker.get_task_execution_context(p_task);
    CASE v_context.execution_status
        WHEN 'has_ready_steps' THEN
            FOR v_step IN SELECT r.workflow_step_uuid, r.current_state, r.attempts
                            FROM tasker.get_step_readiness_status(p_task) r WHERE r.ready_for_execution LOOP
                IF tasker.transition_step(v_step.workflow_step_uuid, v_step.current_state, 'enqueued',
                                          jsonb_build_object('attempt', v_step.attempts + 1)) THEN
                    UPDATE tasker.workflow_steps SET next_retry_at = NULL, updated_at = now()
                     WHERE workflow_step_uuid = v_step.workflow_step_uuid AND next_retry_at IS NOT NULL;
                    PERFORM tasker.send_step_message('worker_' || v_namespace || '_queue', p_task,
                                                     v_step.workflow_step_uuid, v_correlation_id);
                    v_enqueued := v_enqueued + 1;
                END IF;
            END LOOP;
            v_outcome := ARRAY['enqueuing_steps', 'steps_in_process'];
        WHEN 'blocked_by_failures' THEN
            v_outcome := CASE WHEN v_context.enqueued_steps + v_context.in_progress_steps
                                   + v_context.enqueued_for_orchestration_steps = 0
                              THEN ARRAY['blocked_by_failures', 'error'] ELSE ARRAY['blocked_by_failures'] END;
        WHEN 'processing' THEN
            v_outcome := ARRAY['steps_in_process'];
        WHEN 'all_complete' THEN
            v_outcome := ARRAY[CASE WHEN v_context.resolved_manually_steps > 0 THEN 'resolved_manually' ELSE 'complete' END];
        WHEN 'waiting_for_retry' THEN
            v_outcome := ARRAY['waiting_for_retry'];
        ELSE
            v_outcome := ARRAY['waiting_for_dependencies'];
    END CASE;
    IF v_enqueued = 0 AND v_outcome[cardinality(v_outcome)] = v_current THEN
        RETURN v_current;
    END IF;
    v_route := CASE WHEN v_current = 'pending' THEN ARRAY['initializing']
                    WHEN v_current IN ('initializing', 'evaluating_results') THEN ARRAY[]::text[]
                    ELSE ARRAY['evaluating_results'] END || v_outcome;
    v_metadata := jsonb_build_object('execution_status', v_context.execution_status,
                                     'ready_steps', v_context.ready_steps, 'enqueued_steps', v_enqueued);
    FOREACH v_next IN ARRAY v_route LOOP
        IF NOT tasker.move_task(p_task, v_current, v_next, v_metadata) THEN
            RAISE EXCEPTION 'task % is no longer %', p_task, v_current USING ERRCODE = 'serialization_failure';
        END IF;
        v_current := v_next;
    END LOOP;
    RETURN v_current;
END;
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Claim: up to p_qty messages of a worker queue, hidden p_vt seconds while this runs. Every message read is
-- deleted (a step no longer enqueued means a duplicate or stale delivery; a message whose step_uuid is not a uuid
-- is archived). Claimed steps move enqueued -> in_progress and count the attempt; one row per claimed step.
-- dependency_results: see tasker.dependency_results.

CREATE FUNCTION tasker.claim_steps(p_queue text, p_vt integer, p_qty integer)
RETURNS TABLE (task_uuid uuid, workflow_step_uuid uuid, namespace text, task_name text, task_version text,
               context jsonb, correlation_id text, template_uuid uuid, template_step_name text, step_type text,
               step_name text, attempts integer, max_attempts integer, handler_name text, handler_digest text,
               config jsonb, inputs jsonb, checkpoint jsonb, timeout_seconds integer, dependency_results jsonb)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
    v_message record;
    v_read bigint[] := '{}';
    v_malformed bigint[] := '{}';
    v_claimed uuid[] := '{}';
BEGIN
    FOR v_message IN SELECT m.msg_id, tasker.try_uuid(m.message->>'step_uuid') AS step
                       FROM pgmq.read(p_queue, p_vt, p_qty) m LOOP
        IF v_message.step IS NULL THEN
            v_malformed := v_malformed || v_message.msg_id;
        ELSE
            v_read := v_read || v_message.msg_id;
            IF tasker.transition_step(v_message.step, 'enqueued', 'in_progress', NULL) THEN
                v_claimed := v_claimed || v_message.step;
            END IF;
        END IF;
    END LOOP;
    IF cardinality(v_malformed) > 0 THEN
        PERFORM pgmq.archive(p_queue, v_malformed);
        RAISE WARNING 'archived % message(s) of % without a step_uuid: %', cardinality(v_malformed), p_queue, v_malformed;
    END IF;
    IF cardinality(v_read) = 0 THEN
        RETURN;
    END IF;
    PERFORM pgmq.delete(p_queue, v_read);
    UPDATE tasker.workflow_steps SET attempts = attempts + 1, last_attempted_at = now(), updated_at = now()
     WHERE workflow_step_uuid = ANY (v_claimed);
    RETURN QUERY
    SELECT t.task_uuid, ws.workflow_step_uuid, t.namespace, t.name, t.version, t.context, t.correlation_id,
           t.template_uuid, ws.template_step_name, ws.step_type, ws.name, ws.attempts, ws.max_attempts,
           ws.handler_name, ws.handler_digest, ws.config, ws.inputs, ws.checkpoint, ws.timeout_seconds,
           tasker.dependency_results(ws.workflow_step_uuid)
      FROM tasker.workflow_steps ws JOIN tasker.tasks t ON t.task_uuid = ws.task_uuid
     WHERE ws.workflow_step_uuid = ANY (v_claimed);
END;
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Record one attempt's outcome: in_progress -> enqueued_for_orchestration (p_success) or
-- enqueued_as_error_for_orchestration, store result or error, result metadata and execution time (ms), append
-- p_events ([{name, payload}], success only) as step.domain_event outbox rows, send the orchestration_step_results
-- message. False (nothing written) when the step left in_progress meanwhile.

CREATE FUNCTION tasker.record_step_result(p_task uuid, p_step uuid, p_correlation_id text, p_attempt integer,
                                          p_success boolean, p_result jsonb, p_error jsonb, p_metadata jsonb,
                                          p_execution_time_ms bigint, p_events jsonb)
RETURNS boolean LANGUAGE plpgsql AS $fn$
DECLARE
    v_event jsonb;
BEGIN
    IF NOT tasker.transition_step(p_step, 'in_progress',
            CASE WHEN p_success THEN 'enqueued_for_orchestration' ELSE 'enqueued_as_error_for_orchestration' END,
            jsonb_build_object('attempt', p_attempt, 'execution_time_ms', p_execution_time_ms)) THEN
        RETURN false;
    END IF;
    UPDATE tasker.workflow_steps
       SET results = CASE WHEN p_success THEN p_result ELSE results END,
           error = CASE WHEN p_success THEN NULL ELSE p_error END,
           result_metadata = p_metadata, execution_time_ms = p_execution_time_ms, updated_at = now()
     WHERE workflow_step_uuid = p_step;
    IF p_success THEN
        FOR v_event IN SELECT e FROM jsonb_array_elements(COALESCE(p_events, '[]'::jsonb)) e LOOP
            PERFORM tasker.append_outbox('workflow_step', p_step, 'step.domain_event',
                jsonb_build_object('name', v_event->'name', 'payload', v_event->'payload',
                                   'task_uuid', p_task, 'step_uuid', p_step));
        END LOOP;
    END IF;
    PERFORM tasker.send_step_message('orchestration_step_results', p_task, p_step, p_correlation_id);
    RETURN true;
END;
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Process up to p_qty orchestration_step_results messages in the caller's transaction: lock their tasks (in
-- task_uuid order, so concurrent batches cannot deadlock), complete the standard steps waiting in
-- enqueued_for_orchestration, advance each task once, delete the messages. A task with a message that needs the
-- Java rules (a step in enqueued_as_error_for_orchestration: retry or fail; a decision or batchable step: create
-- the steps it asked for) is left alone entirely: its messages, like messages without valid uuids, are returned
-- with processed = false (still hidden for p_vt seconds) for the caller to process one by one. Returns every
-- message read.

CREATE FUNCTION tasker.process_step_results(p_vt integer, p_qty integer)
RETURNS TABLE (msg_id bigint, read_ct integer, enqueued_at timestamptz, vt timestamptz, message jsonb, processed boolean)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
    v_messages pgmq.message_record[];
    v_deferred uuid[];
    v_done bigint[];
    v_task uuid;
    v_step uuid;
BEGIN
    v_messages := ARRAY(SELECT m FROM pgmq.read('orchestration_step_results', p_vt, p_qty) m ORDER BY m.msg_id);
    IF cardinality(v_messages) = 0 THEN
        RETURN;
    END IF;
    PERFORM 1 FROM tasker.tasks t
     WHERE t.task_uuid IN (SELECT tasker.try_uuid(m.message->>'task_uuid') FROM unnest(v_messages) m)
     ORDER BY t.task_uuid FOR UPDATE;
    v_deferred := ARRAY(
        SELECT DISTINCT tasker.try_uuid(m.message->>'task_uuid')
          FROM unnest(v_messages) m
          JOIN tasker.workflow_steps ws ON ws.workflow_step_uuid = tasker.try_uuid(m.message->>'step_uuid')
          CROSS JOIN LATERAL (SELECT (SELECT st.to_state FROM tasker.workflow_step_transitions st
                                       WHERE st.workflow_step_uuid = ws.workflow_step_uuid AND st.most_recent) AS state) s
         WHERE s.state = 'enqueued_as_error_for_orchestration'
            OR (s.state = 'enqueued_for_orchestration' AND ws.step_type IN ('decision', 'batchable')));
    -- the messages processed here: both uuids valid, task not deferred
    v_done := ARRAY(SELECT m.msg_id FROM unnest(v_messages) m
                     WHERE tasker.try_uuid(m.message->>'step_uuid') IS NOT NULL
                       AND tasker.try_uuid(m.message->>'task_uuid') <> ALL (v_deferred));
    FOR v_step IN SELECT tasker.try_uuid(m.message->>'step_uuid') FROM unnest(v_messages) m
                   WHERE m.msg_id = ANY (v_done) ORDER BY m.msg_id LOOP
        PERFORM tasker.complete_step(v_step);
    END LOOP;
    FOR v_task IN SELECT DISTINCT t.task_uuid FROM unnest(v_messages) m
                    JOIN tasker.tasks t ON t.task_uuid = tasker.try_uuid(m.message->>'task_uuid')
                   WHERE m.msg_id = ANY (v_done) ORDER BY t.task_uuid LOOP
        PERFORM tasker.advance_task(v_task);
    END LOOP;
    IF cardinality(v_done) > 0 THEN
        PERFORM pgmq.delete('orchestration_step_results', v_done);
    END IF;
    RETURN QUERY SELECT m.msg_id, m.read_ct, m.enqueued_at, m.vt, m.message, m.msg_id = ANY (v_done)
                   FROM unnest(v_messages) m ORDER BY m.msg_id;
END;
$fn$;
