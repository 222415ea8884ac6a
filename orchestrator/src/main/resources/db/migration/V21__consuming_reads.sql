-- Queue messages consumed by the batch that reads them: locked and deleted, never updated.
--
-- claim_steps and process_step_results read their messages with pgmq.read, which UPDATEs every message it returns
-- (vt pushed forward, read_ct + 1): a new row version, and new entries in the queue table's msg_id and vt indexes.
-- Then each batch deleted the messages it consumed, in the same transaction. The update was never seen by anyone:
-- the reading transaction deletes the message before it commits, and if it fails instead, the update rolls back
-- with it, so the message is visible again at once, not after the visibility timeout. pgmq.read and pgmq.delete
-- also run dynamic SQL, parsed and planned on every call. In the orchestrator benchmark (fsync on, 2,000 linear-4
-- tasks in flight, PostgreSQL 17, 2 cores) each workflow step paid both for both of its messages.
--
-- Now:
--   * claim_steps(queue, qty) locks up to qty visible messages of the worker queue (FOR UPDATE SKIP LOCKED, lowest
--     msg_id first, as pgmq.read picks them) and deletes those with a step_uuid in the same statement, one dynamic
--     statement per claim. The rest is V16's claim. The visibility timeout argument goes: it did nothing.
--   * process_step_results locks its messages with a static statement (the results queue's table is the same for
--     every namespace, so the plan is cached), deletes the ones it processes, and gives the others (the results it
--     leaves to TaskCoordinator: errors, decisions, batchables, malformed messages) what pgmq.read would have:
--     vt = now + p_vt and read_ct + 1, so a message that keeps failing is still counted and archived after
--     StepResultProcessor.MAX_DELIVERIES. Rows come back as pgmq.read returned them (read_ct counting this read).
-- Concurrent consumers still skip each other's messages (SKIP LOCKED); a message is consumed exactly when the
-- state change it causes commits.
SET check_function_bodies = false;

DROP FUNCTION tasker.claim_steps(text, integer, integer);

-- V16's claim_steps, the messages locked and consumed by one statement instead of pgmq.read and pgmq.delete.
CREATE FUNCTION tasker.claim_steps(p_queue text, p_qty integer)
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
    v_malformed bigint[];
    v_steps uuid[];
    v_claimed uuid[];
BEGIN
    IF p_qty IS NULL OR p_qty < 1 THEN
        RETURN;
    END IF;
    EXECUTE format($sql$
        WITH picked AS (
            SELECT q.msg_id, tasker.try_uuid(q.message->>'step_uuid') AS step
              FROM pgmq.%1$I q
             WHERE q.vt <= clock_timestamp()
             ORDER BY q.msg_id
             LIMIT $1
               FOR UPDATE SKIP LOCKED
        ), consumed AS (
            DELETE FROM pgmq.%1$I q
             WHERE q.msg_id = ANY (ARRAY(SELECT p.msg_id FROM picked p WHERE p.step IS NOT NULL))
        )
        SELECT array_agg(p.msg_id ORDER BY p.msg_id) FILTER (WHERE p.step IS NULL),
               array_agg(p.step ORDER BY p.msg_id) FILTER (WHERE p.step IS NOT NULL)
          FROM picked p$sql$, 'q_' || lower(p_queue))
       INTO v_malformed, v_steps USING p_qty;
    IF v_malformed IS NOT NULL THEN
        PERFORM pgmq.archive(p_queue, v_malformed);
        RAISE WARNING 'archived % message(s) of % without a step_uuid: %', cardinality(v_malformed), p_queue, v_malformed;
    END IF;
    IF v_steps IS NULL THEN
        RETURN;
    END IF;
    v_claimed := ARRAY(SELECT tasker.transition_steps(ARRAY(
        SELECT ROW(s.step, 'enqueued', 'in_progress', NULL)::tasker.step_move
          FROM unnest(v_steps) WITH ORDINALITY s (step, i) ORDER BY s.i)));
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

-- V16's process_step_results, its messages locked by a static statement, the processed ones deleted and the others
-- given pgmq.read's visibility timeout and read count.
CREATE OR REPLACE FUNCTION tasker.process_step_results(p_vt integer, p_qty integer)
RETURNS TABLE (msg_id bigint, read_ct integer, enqueued_at timestamptz, vt timestamptz, message jsonb, processed boolean)
LANGUAGE plpgsql
SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off
SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
DECLARE
    v_messages pgmq.q_orchestration_step_results[];
    v_locked uuid[];
    v_deferred uuid[];
    v_done bigint[];
BEGIN
    IF p_vt IS NULL OR p_vt < 0 THEN
        RAISE EXCEPTION 'vt must be 0 or more seconds, got %', quote_nullable(p_vt) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_qty IS NULL OR p_qty < 1 THEN -- as pgmq.read: nothing (LIMIT NULL would take every message)
        RETURN;
    END IF;
    v_messages := ARRAY(SELECT q FROM pgmq.q_orchestration_step_results q
                         WHERE q.vt <= clock_timestamp()
                         ORDER BY q.msg_id
                         LIMIT p_qty
                           FOR UPDATE SKIP LOCKED);
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
        DELETE FROM pgmq.q_orchestration_step_results q WHERE q.msg_id = ANY (v_done);
    END IF;
    RETURN QUERY
    WITH left_for_later AS (
        UPDATE pgmq.q_orchestration_step_results q
           SET vt = clock_timestamp() + make_interval(secs => p_vt), read_ct = q.read_ct + 1
         WHERE q.msg_id = ANY (ARRAY(SELECT m.msg_id FROM unnest(v_messages) m WHERE m.msg_id <> ALL (v_done)))
        RETURNING q.msg_id, q.read_ct, q.enqueued_at, q.vt, q.message
    )
    SELECT m.msg_id, m.read_ct + 1, m.enqueued_at, m.vt, m.message, true
      FROM unnest(v_messages) m
     WHERE m.msg_id = ANY (v_done)
    UNION ALL
    SELECT l.msg_id, l.read_ct, l.enqueued_at, l.vt, l.message, false
      FROM left_for_later l
     ORDER BY 1;
END;
$fn$;
