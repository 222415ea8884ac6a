-- Batches on the dispatcher's side of a workflow step: a claim's dependency results in one statement, and step
-- results recorded together.
--
-- 1. Dependency results.
-- V4's claim_steps called tasker.dependency_results once per claimed step: a PL/pgSQL breadth-first walk up the DAG
-- with one query per level plus one for the results, so a step deep in a chain cost four to five statements
-- (orchestrator benchmark, pg_stat_statements: the claim's final SELECT was a tenth of PostgreSQL's time, most of it
-- in those walks). The walk is now one recursive query over every claimed step at once. UNION (not UNION ALL)
-- keeps each (step, ancestor) pair once, so a diamond's shared ancestors are neither repeated nor walked twice.
-- Each lookup from an ancestor (its parents' edges, its step row and state) is a LATERAL subquery behind OFFSET 0,
-- which the planner cannot flatten into a join: it stays an index probe per ancestor (workflow_step_edges_to,
-- workflow_steps_pkey, the transitions' most_recent index) whatever the statistics say. As a plain join, the cached
-- plan (made on a small database, with the recursive CTE estimated at thousands of rows) scanned all of
-- workflow_steps on every claim: 24 ms per claim after 6,000 tasks (orchestrator benchmark, auto_explain). So the
-- cost follows the claimed steps' ancestry, never the tables' size.
--
-- Same result as before: {step name: results} of every complete ancestor (transitive parent), '{}' without one.

CREATE OR REPLACE FUNCTION tasker.claim_steps(p_queue text, p_vt integer, p_qty integer)
RETURNS TABLE (task_uuid uuid, workflow_step_uuid uuid, namespace text, task_name text, task_version text,
               context jsonb, correlation_id text, template_uuid uuid, template_step_name text, step_type text,
               step_name text, attempts integer, max_attempts integer, handler_name text, handler_digest text,
               config jsonb, inputs jsonb, checkpoint jsonb, timeout_seconds integer, dependency_results jsonb)
LANGUAGE plpgsql
SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off
AS $fn$
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
      JOIN tasker.tasks t ON t.task_uuid = ws.task_uuid
      LEFT JOIN results r ON r.step = ws.workflow_step_uuid
     WHERE ws.workflow_step_uuid = ANY (v_claimed);
END;
$fn$;

-- Only V4's claim_steps called it.
DROP FUNCTION tasker.dependency_results(uuid);

-- 2. Recording several step results in one call and one transaction (the dispatcher's group commit,
--    StepResultRecorder): handlers that finish while a record is being written are recorded together by the next
--    call, so under load a step no longer pays a round trip and a commit of its own. Each element of p_results is
--    {task_uuid, step_uuid, correlation_id, attempt, success, result, error, metadata, execution_time_ms, events}
--    (V4's record_step_result parameters; a JSON null result stays a JSON null). Returns the step_uuid of every
--    result recorded; a step that left in_progress meanwhile is skipped, as record_step_result skips it.
CREATE FUNCTION tasker.record_step_results(p_results jsonb)
RETURNS SETOF uuid LANGUAGE plpgsql AS $fn$
DECLARE
    v_result jsonb;
BEGIN
    FOR v_result IN SELECT r FROM jsonb_array_elements(p_results) r LOOP
        IF tasker.record_step_result((v_result->>'task_uuid')::uuid, (v_result->>'step_uuid')::uuid,
                                     v_result->>'correlation_id', (v_result->>'attempt')::integer,
                                     (v_result->>'success')::boolean, v_result->'result', v_result->'error',
                                     v_result->'metadata', (v_result->>'execution_time_ms')::bigint,
                                     v_result->'events') THEN
            RETURN NEXT (v_result->>'step_uuid')::uuid;
        END IF;
    END LOOP;
END;
$fn$;
